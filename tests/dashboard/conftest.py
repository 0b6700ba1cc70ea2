"""Dashboard fixtures: the assistance fixtures (an active pairing of the liaison's helper in a
poor village of 承德县, households, a training record's fields) and a set of records in every
status, in two counties and two half-years."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bangfu.assistance.services.records import assistance_save, assistance_submit
from bangfu.assistance.services.review import assistance_confirm, assistance_return
from tests.assistance.conftest import (  # noqa: F401  (fixtures re-used)
    ON,
    households,
    make_helper,
    pairing,
    poor_villages,
    programme,
    training,
    village,
    weichang_village,
)

ON_2018 = dt.date(2018, 3, 5)  # in 2018H1


def confirmed(recorder, confirmer, **fields):
    """A record saved, submitted and confirmed through the services, as the offices do."""
    record = assistance_save(user=recorder, **fields)
    assistance_submit(user=recorder, record=record)
    return assistance_confirm(user=confirmer, record=record)


@pytest.fixture
def records(
    pairing,  # noqa: F811
    training,  # noqa: F811
    households,  # noqa: F811
    poor_villages,  # noqa: F811
    weichang_village,  # noqa: F811
    make_helper,  # noqa: F811
    helper_liaison,
    officer_chengde,
    officer_weichang,
):
    """Confirmed in 2017H2: the liaison's training in 承德县 (40 trained, 25 poor, two
    households of 7 people), another helper's money donation in a second 承德县 village and a
    third helper's jobs in 围场县; confirmed in 2018H1: a training of 15 in 承德县. Not counted:
    a draft, a submitted and a sent-back record of 1,000, 500 and 300 trained."""
    other = make_helper(name="承德山庄食品有限公司")
    third = make_helper(name="围场牧业有限公司")
    out = {
        "training": confirmed(
            helper_liaison, officer_chengde, beneficiaries=households[:2], **training
        ),
        "donation": confirmed(
            officer_chengde,
            officer_chengde,
            helper=other,
            village=poor_villages[1],
            on=ON,
            pathway="charity",
            kind="money_donation",
            description="捐款修路",
            money_yuan="12000.50",
        ),
        "jobs": confirmed(
            officer_weichang,
            officer_weichang,
            helper=third,
            village=weichang_village,
            on=ON,
            pathway="employment",
            kind="jobs",
            description="牧场用工",
            jobs=10,
            poor_jobs=6,
            wages_yuan=Decimal("30000"),
        ),
        "later": confirmed(
            helper_liaison,
            officer_chengde,
            **{**training, "on": ON_2018, "persons_trained": 15, "poor_trained": 5},
        ),
    }
    draft = assistance_save(
        user=helper_liaison, **{**training, "persons_trained": 1000, "poor_trained": 0}
    )
    submitted = assistance_save(
        user=helper_liaison, **{**training, "persons_trained": 500, "poor_trained": 0}
    )
    assistance_submit(user=helper_liaison, record=submitted)
    returned = assistance_save(
        user=helper_liaison, **{**training, "persons_trained": 300, "poor_trained": 0}
    )
    assistance_submit(user=helper_liaison, record=returned)
    assistance_return(user=officer_chengde, record=returned, note="缺少签到表")
    out.update(draft=draft, submitted=submitted, returned=returned)
    return out
