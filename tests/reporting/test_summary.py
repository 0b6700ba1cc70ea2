"""Attachment 8 (the annual summary): every number of section 一 equals an independent count.

The data is built so that no two of the summary's counts agree by accident: two helpers run
three pairings, but only one helper has confirmed records (the indicator "helpers" is 1, the
summary's helpers 2); six poor villages, one exited, only one with confirmed records (the
indicator "poor_villages" is 1, the summary's 5); a submitted record that does not count."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest

from bangfu.assistance.services.records import assistance_save, assistance_submit
from bangfu.assistance.services.review import assistance_confirm
from bangfu.pairing.models import PlanItem
from bangfu.registry.models import VillageProfile
from bangfu.reporting import content
from bangfu.reporting.models import Report, Submission
from bangfu.reporting.summary import year_figures
from tests.pairing.conftest import make_active
from tests.reporting.summary_sql import independent_summary, printed_numbers

pytestmark = pytest.mark.django_db


def _confirmed(user, **fields):
    record = assistance_save(user=user, **fields)
    assistance_submit(user=user, record=record)
    return assistance_confirm(user=user, record=record)


def as_printed(expected: dict) -> dict:
    """The figures as the document prints them: money of 10,000 yuan or more in 万元 with two
    decimals."""
    out = dict(expected)
    for key in ("money", "goods", "industry_investment", "purchases", "loans"):
        value = expected[key]
        if value >= 10000:
            out[key] = (value / 10000).quantize(Decimal("0.01")) * 10000
    return out


def section_one(data: bytes) -> list[str]:
    from docx import Document

    texts = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    start = texts.index("一、工作开展情况") + 1
    end = texts.index("二、主要成效和经验")
    return texts[start:end]


@pytest.fixture
def year_of_work(calendar, poor_villages, helper_org, make_helper, officer_chengde, households):
    user = officer_chengde
    other = make_helper(name="承德第二帮扶企业")
    p1 = make_active(user, helper_org, poor_villages[0], "技术培训")
    p2 = make_active(user, helper_org, poor_villages[1], "产业")
    p3 = make_active(user, other, poor_villages[2], "就业")
    VillageProfile.objects.filter(village=poor_villages[5]).update(exited_on=dt.date(2018, 6, 30))
    PlanItem.objects.create(
        pairing=p1,
        target_value=1,
        what="培训",
        due_date=dt.date(2017, 10, 1),
        done_on=dt.date(2017, 9, 1),
    )
    PlanItem.objects.create(pairing=p2, target_value=1, what="建棚", due_date=dt.date(2017, 12, 1))
    PlanItem.objects.create(pairing=p3, target_value=1, what="就业", due_date=dt.date(2018, 3, 1))
    on = dt.date(2017, 7, 10)
    _confirmed(
        user,
        helper=helper_org,
        village=poor_villages[0],
        pairing=p1,
        on=on,
        pathway="technology",
        kind="training",
        description="中药材种植技术培训",
        persons_trained=40,
        poor_trained=25,
    )
    _confirmed(
        user,
        helper=helper_org,
        village=poor_villages[0],
        pairing=p1,
        on=on,
        pathway="charity",
        kind="money_donation",
        description="捐款",
        money_yuan=Decimal("12345.67"),
        goods_yuan=Decimal("800.00"),
        beneficiaries=households[:2],
    )
    waiting = assistance_save(
        user=user,
        helper=other,
        village=poor_villages[2],
        pairing=p3,
        on=on,
        pathway="employment",
        kind="jobs",
        description="安排就业",
        jobs=3,
        poor_jobs=2,
    )
    assistance_submit(user=user, record=waiting)
    return Submission.objects.get(
        report__programme=calendar,
        report__code=Report.SUMMARY,
        county__code="130821",
        period="2017",
    )


def test_every_number_of_the_summary_equals_an_independent_count(year_of_work):
    submission = year_of_work
    expected = independent_summary(
        county_id=submission.county_id, programme_id=submission.report.programme_id, year=2017
    )
    # the data tells the summary's counts from the indicators of the same name
    assert (expected["pairings"], expected["helpers"], expected["poor_villages"]) == (3, 2, 5)
    assert (expected["records"], expected["households_reached"]) == (2, 2)

    form = content.build(submission)
    assert printed_numbers(section_one(form.data)) == as_printed(expected)
    assert printed_numbers(form.content["paragraphs"]) == as_printed(expected)

    figures = year_figures(submission.county, 2017, programme=submission.report.programme)
    own = {k: v for k, v in figures.items() if k not in ("county", "indicators")}
    indicators = figures["indicators"]
    for key in ("money", "goods", "industry_investment", "purchases", "loans"):
        own[key] = Decimal(indicators[key])
    for key in ("persons_trained", "poor_trained", "jobs", "poor_jobs"):
        own[key] = indicators[key]
    own["households_reached"] = indicators["households_reached"]
    own["people_reached"] = indicators["people_reached"]
    assert own == expected
    # the indicators of the same names keep their own meaning, apart
    assert (indicators["helpers"], indicators["poor_villages"], indicators["records"]) == (1, 1, 2)
