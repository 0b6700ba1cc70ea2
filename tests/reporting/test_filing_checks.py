"""A statistics filing catches an empty period, names the records still to confirm and
compares each figure with the previous period's; the filed version comes first."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from bangfu.assistance.services.records import assistance_save, assistance_submit
from bangfu.assistance.services.review import assistance_confirm
from bangfu.reporting import checks
from bangfu.reporting.models import Report, Submission
from bangfu.reporting.services.filing import submission_submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def sub(programme, code="statistics", period="2017H2"):
    return Submission.objects.get(
        report__programme=programme, report__code=code, county__code="130821", period=period
    )


def confirmed(recorder, confirmer, **fields):
    record = assistance_save(user=recorder, **fields)
    assistance_submit(user=recorder, record=record)
    return assistance_confirm(user=confirmer, record=record)


def test_a_period_without_confirmed_records_blocks_until_the_remarks_explain(
    calendar, pairing, officer_chengde
):
    s = sub(calendar)
    found = [f for f in checks.run_checks(s) if f.code == "no_confirmed"]
    assert [(f.level, f.remark) for f in found] == [("blocker", True)]
    with pytest.raises(ValidationError) as err:
        submission_submit(user=officer_chengde, submission=s, acknowledged=True)
    assert "every figure of the table would be 0" in str(err.value)
    assert not s.filings.exists()
    filing = submission_submit(
        user=officer_chengde,
        submission=s,
        remarks="本期帮扶主体未开展活动（疫情停工）",
        acknowledged=True,
    )
    assert [c["code"] for c in filing.checks if c["code"] == "no_confirmed"] == ["no_confirmed"]
    assert filing.checks[0]["level"] == "warning"


def test_records_waiting_for_confirmation_are_named_with_a_link(
    calendar, pairing, training, helper_liaison
):
    record = assistance_save(user=helper_liaison, **training)
    assistance_submit(user=helper_liaison, record=record)
    (finding,) = [f for f in checks.run_checks(sub(calendar)) if f.code == "unconfirmed"]
    assert finding.level == "blocker"
    (item,) = finding.items
    assert record.number in item["label"]
    assert pairing.village.name in item["label"]
    assert item["url"] == reverse("assistance:detail", args=[record.number])


def test_a_figure_far_from_the_previous_periods_asks_for_a_remark(
    calendar, pairing, training, helper_liaison, officer_chengde
):
    confirmed(helper_liaison, officer_chengde, **{**training, "on": dt.date(2017, 6, 1)})
    confirmed(helper_liaison, officer_chengde, **{**training, "persons_trained": 400})
    s = sub(calendar)
    (finding,) = [f for f in checks.run_checks(s) if f.code == "changed"]
    assert (finding.level, finding.remark) == ("blocker", True)
    labels = [i["label"] for i in finding.items]
    assert any(label.startswith("培训人次：2017H1 40 → 2017H2 400") for label in labels)
    assert "2017H1" in finding.message
    s.remarks = "下半年集中开展技能培训"
    (finding,) = [f for f in checks.run_checks(s) if f.code == "changed"]
    assert finding.level == "warning"


def test_a_similar_period_raises_no_comparison(
    calendar, pairing, training, helper_liaison, officer_chengde
):
    confirmed(helper_liaison, officer_chengde, **{**training, "on": dt.date(2017, 6, 1)})
    confirmed(helper_liaison, officer_chengde, **{**training, "persons_trained": 60})
    assert not [f for f in checks.run_checks(sub(calendar)) if f.code == "changed"]


def test_the_page_names_the_records_and_lets_a_remark_settle_the_empty_period(
    calendar, pairing, training, helper_liaison, officer_chengde, client_for
):
    record = assistance_save(user=helper_liaison, **training)
    assistance_submit(user=helper_liaison, record=record)
    c = client_for(officer_chengde)
    html = c.get(reverse("reporting:submission", args=[sub(calendar).pk])).content.decode()
    assert f'href="/assistance/{record.number}/"' in html
    assert "在下方说明中写明原因后即可报送" in html  # settled by a remark
    assert "period=2017H2" in html  # the period's records, whose exports are of 2017H2


def test_once_filed_the_filed_version_comes_first(
    calendar, pairing, training, helper_liaison, officer_chengde, client_for
):
    confirmed(helper_liaison, officer_chengde, **training)
    s = sub(calendar, Report.PAIRINGS, "2017")
    c = client_for(officer_chengde)
    html = c.get(reverse("reporting:submission", args=[s.pk])).content.decode()
    assert 'data-testid="download-filed"' not in html
    submission_submit(user=officer_chengde, submission=s, acknowledged=True)
    html = c.get(reverse("reporting:submission", args=[s.pk])).content.decode()
    assert html.index('data-testid="download-filed"') < html.index('data-testid="download-draft"')
