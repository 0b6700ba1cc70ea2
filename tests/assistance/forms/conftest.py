"""Attachments 6 and 7: confirmed records of three helpers in two counties, and a plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from bangfu.assistance.services.records import assistance_save, assistance_submit
from bangfu.assistance.services.review import assistance_confirm
from bangfu.core.periods import parse_period
from bangfu.pairing.services.plans import plan_item_save, plan_progress_add
from bangfu.places.models import Division
from tests.pairing.conftest import make_active

H2 = parse_period("2017H2")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def confirmed(recorder, confirmer, **fields):
    record = assistance_save(user=recorder, **fields)
    assistance_submit(user=recorder, record=record)
    return assistance_confirm(user=confirmer, record=record)


@pytest.fixture
def data(
    pairing,
    training,
    households,
    poor_villages,
    weichang_village,
    helper_liaison,
    officer_chengde,
    officer_weichang,
    make_helper,
):
    """Two helpers in 承德县 (one also in 围场县, one in a second township), confirmed records
    in 2017H2 and 2017H1, and a submitted record that must not count."""
    helper = pairing.helper
    other_helper = make_helper(name="承德丰收农业有限公司")
    other_pairing = make_active(officer_chengde, other_helper, poor_villages[1], "就业")
    elsewhere = (
        Division.objects.filter(level="village", county__code="130821")
        .exclude(parent=pairing.village.parent)
        .order_by("code")
        .first()
    )
    base = {"helper": helper, "village": pairing.village, "pairing": pairing}
    records = {
        "training": confirmed(
            helper_liaison, officer_chengde, beneficiaries=households[:2], **training
        ),
        "donation": confirmed(
            helper_liaison,
            officer_chengde,
            **base,
            on=dt.date(2017, 8, 1),
            pathway="charity",
            kind="money_donation",
            description="捐款捐物",
            money_yuan="12345.67",
            goods_yuan="1000.50",
            beneficiaries=households[:1],
        ),
        "jobs": confirmed(
            officer_chengde,
            officer_chengde,
            helper=other_helper,
            village=poor_villages[1],
            pairing=other_pairing,
            on=dt.date(2017, 9, 15),
            pathway="employment",
            kind="jobs",
            description="安排就业",
            jobs=5,
            poor_jobs=3,
            wages_yuan="60000",
            beneficiaries=households[2:],
        ),
        "investment_h1": confirmed(
            helper_liaison,
            officer_chengde,
            **base,
            on=dt.date(2017, 6, 1),
            pathway="industry",
            kind="investment",
            description="投资建设养殖小区",
            investment_yuan="500000",
        ),
        "purchase": confirmed(
            helper_liaison,
            officer_chengde,
            helper=helper,
            village=elsewhere,
            on=dt.date(2017, 10, 10),
            pathway="commerce",
            kind="purchase",
            description="采购农产品",
            purchase_yuan="88000",
        ),
        "weichang": confirmed(
            officer_weichang,
            officer_weichang,
            helper=helper,
            village=weichang_village,
            on=dt.date(2017, 11, 1),
            pathway="technology",
            kind="training",
            description="养殖技术培训",
            persons_trained=10,
            poor_trained=4,
        ),
    }
    pending = assistance_save(
        user=helper_liaison,
        **base,
        on=dt.date(2017, 9, 1),
        pathway="charity",
        kind="money_donation",
        description="尚未确认的捐款",
        money_yuan="99999",
    )
    assistance_submit(user=helper_liaison, record=pending)
    return {
        "records": records,
        "pending": pending,
        "other_helper": other_helper,
        "other_pairing": other_pairing,
        "elsewhere": elsewhere,
    }


@pytest.fixture
def plan(pairing, officer_chengde):
    """Three plan items of the pairing: done, late and not yet due at the end of 2017H2;
    the late one is finished in 2018H1 (after that period's end)."""

    def item(what, target, due):
        return plan_item_save(
            user=officer_chengde,
            pairing=pairing,
            what=what,
            how="",
            indicator=what,
            target_value=Decimal(target),
            unit="人",
            due_date=due,
        )

    done = item("培训", "10", dt.date(2017, 10, 1))
    late = item("就业", "100", dt.date(2017, 11, 1))
    later = item("采购", "5", dt.date(2018, 5, 1))
    report = plan_progress_add
    report(user=officer_chengde, item=done, reported_on=dt.date(2017, 9, 1), value=Decimal(10))
    report(user=officer_chengde, item=late, reported_on=dt.date(2017, 8, 1), value=Decimal(50))
    report(user=officer_chengde, item=late, reported_on=dt.date(2018, 3, 1), value=Decimal(100))
    return done, late, later
