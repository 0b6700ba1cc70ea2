"""The report calendar, the submission workflow, checks, locks and snapshots."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from bangfu.assistance.models import PeriodLock
from bangfu.assistance.services.records import (
    assistance_correct,
    assistance_save,
    assistance_submit,
)
from bangfu.assistance.services.review import assistance_confirm, assistance_reopen
from bangfu.reporting import calendar as cal
from bangfu.reporting import checks
from bangfu.reporting.models import (
    Filing,
    Frequency,
    Report,
    ReportType,
    State,
    Status,
    Submission,
    parse_month_day,
)
from bangfu.reporting.services.calendar import report_type_save
from bangfu.reporting.services.filing import submission_save, submission_submit
from bangfu.reporting.services.review import submission_accept, submission_reopen, submission_return

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def sub(programme, code, county, period):
    return Submission.objects.get(
        report__programme=programme, report__code=code, county__code=county, period=period
    )


def confirmed(recorder, confirmer, **fields):
    record = assistance_save(user=recorder, **fields)
    assistance_submit(user=recorder, record=record)
    return assistance_confirm(user=confirmer, record=record)


# --------------------------------------------------------------------------- the calendar


def test_the_plans_calendar_makes_every_countys_expected_submissions(calendar, counties):
    reports = {r.code: r for r in ReportType.objects.filter(programme=calendar)}
    assert {r.attachment for r in reports.values()} == {2, 3, 4, 5, 6, 7, 8}
    assert reports[Report.FIRST_VILLAGES].due_on == dt.date(2017, 4, 28)
    assert reports[Report.ROSTER].due_on == dt.date(2017, 4, 7)
    assert reports[Report.DEMONSTRATION].due_on == dt.date(2017, 4, 20)
    assert reports[Report.PAIRINGS].due_on == dt.date(2017, 5, 21)
    # 5 counties × (4 once + 4 years × 2 halves × 2 tables + 4 summaries)
    assert Submission.objects.count() == 5 * (4 + 16 + 4)
    for county in counties:
        assert Submission.objects.filter(county__code=county).count() == 24
    s = sub(calendar, Report.STATISTICS, "130821", "2017H1")
    assert s.due_date == dt.date(2017, 6, 20)
    assert sub(calendar, Report.PROGRESS, "130821", "2019H2").due_date == dt.date(2019, 12, 21)
    assert sub(calendar, Report.SUMMARY, "130881", "2018").due_date == dt.date(2018, 12, 21)
    assert cal.generate_submissions(calendar) == {"created": 0, "moved": 0, "removed": 0}


@pytest.mark.parametrize("text", ["02-30", "2-29", "13-01", "06-31", "0-5", "June"])
def test_a_day_that_does_not_exist_every_year_is_refused(text):
    with pytest.raises(ValidationError):
        parse_month_day(text)


@pytest.mark.parametrize(
    ("text", "expected"), [("06-20", (6, 20)), ("6/20", (6, 20)), ("12月21日", (12, 21))]
)
def test_month_days_are_read_in_the_offices_ways(text, expected):
    assert parse_month_day(text) == expected


def test_a_due_rule_with_30_february_is_refused_and_nothing_changes(calendar, city_officer):
    report = ReportType.objects.get(programme=calendar, code=Report.STATISTICS)
    before = list(Submission.objects.filter(report=report).values_list("due_date", flat=True))
    with pytest.raises(ValidationError) as err:
        report_type_save(
            user=city_officer,
            report=report,
            frequency=Frequency.HALF_YEARLY,
            due_days="02-30,12-21",
        )
    assert "does not exist every year" in str(err.value)
    report.refresh_from_db()
    assert report.due_days == "06-20,12-21"
    assert (
        list(Submission.objects.filter(report=report).values_list("due_date", flat=True)) == before
    )


def test_changing_a_rule_moves_open_submissions_and_keeps_accepted_ones(calendar, city_officer):
    report = ReportType.objects.get(programme=calendar, code=Report.SUMMARY)
    accepted = sub(calendar, Report.SUMMARY, "130821", "2017")
    Submission.objects.filter(pk=accepted.pk).update(
        state=State.ACCEPTED, first_submitted_at=timezone.now()
    )
    changed = report_type_save(
        user=city_officer, report=report, frequency=Frequency.YEARLY, due_days="12-25"
    )
    assert changed["moved"] == 5 * 4 - 1
    assert sub(calendar, Report.SUMMARY, "130822", "2019").due_date == dt.date(2019, 12, 25)
    assert sub(calendar, Report.SUMMARY, "130821", "2017").due_date == dt.date(2017, 12, 21)


def test_a_report_no_longer_expected_loses_its_unfiled_submissions(calendar, city_officer):
    report = ReportType.objects.get(programme=calendar, code=Report.PAIRINGS)
    changed = report_type_save(
        user=city_officer,
        report=report,
        frequency=Frequency.ONCE,
        due_on=dt.date(2017, 5, 21),
        active=False,
    )
    assert changed["removed"] == 5
    assert not Submission.objects.filter(report=report).exists()


def test_only_the_city_office_sets_the_calendar(calendar, officer_chengde):
    report = ReportType.objects.get(programme=calendar, code=Report.SUMMARY)
    with pytest.raises(PermissionDenied):
        report_type_save(
            user=officer_chengde, report=report, frequency=Frequency.YEARLY, due_days="12-21"
        )


def test_status_follows_the_calendar(calendar):
    s = sub(calendar, Report.STATISTICS, "130821", "2017H1")  # due 20 June, remind 7 days
    assert s.status_on(dt.date(2017, 6, 12)) == Status.NOT_DUE
    assert s.status_on(dt.date(2017, 6, 13)) == Status.DUE
    assert s.status_on(dt.date(2017, 6, 20)) == Status.DUE
    assert s.status_on(dt.date(2017, 6, 21)) == Status.OVERDUE


# --------------------------------------------------------------------------- the workflow


@pytest.fixture
def statistics(calendar, pairing, training, officer_chengde, helper_liaison):
    """承德县's statistics table for 2017H2 with one confirmed training."""
    confirmed(helper_liaison, officer_chengde, **training)
    return sub(calendar, Report.STATISTICS, "130821", "2017H2")


def test_the_whole_workflow_keeps_every_filing(
    statistics, officer_chengde, city_officer, mailoutbox, django_capture_on_commit_callbacks
):
    officer_chengde.email = "chengde@example.org"
    officer_chengde.save()
    first = submission_submit(
        user=officer_chengde, submission=statistics, remarks="第一次", acknowledged=True
    )
    statistics.refresh_from_db()
    assert statistics.state == State.SUBMITTED
    assert statistics.first_submitted_at is not None
    assert first.number == 1
    assert first.file.size > 0
    assert first.remarks == "第一次"
    cells = [c for sheet in first.content["sheets"] for row in sheet["rows"] for c in row]
    assert 40 in cells  # the 40 persons trained, counted from the confirmed record
    with django_capture_on_commit_callbacks(execute=True):
        submission_return(user=city_officer, submission=statistics, note="请补充说明")
    statistics.refresh_from_db()
    assert statistics.state == State.RETURNED
    assert statistics.review_note == "请补充说明"
    assert [m.to for m in mailoutbox] == [["chengde@example.org"]]
    assert "sent back" in mailoutbox[0].subject
    assert "请补充说明" in mailoutbox[0].body
    submission_submit(
        user=officer_chengde, submission=statistics, remarks="已补充", acknowledged=True
    )
    submission_accept(user=city_officer, submission=statistics)
    statistics.refresh_from_db()
    assert statistics.state == State.ACCEPTED
    assert statistics.on_time is False  # filed today, long after 21 December 2017
    assert [f.number for f in Filing.objects.filter(submission=statistics)] == [1, 2]
    assert PeriodLock.objects.filter(county=statistics.county, period="2017H2").exists()


def test_submitting_for_another_county_is_refused(statistics, officer_weichang):
    with pytest.raises(ValidationError) as err:
        submission_submit(user=officer_weichang, submission=statistics, acknowledged=True)
    assert "You file for" in str(err.value)
    statistics.refresh_from_db()
    assert statistics.state == State.OPEN
    assert not statistics.filings.exists()


def test_other_roles_cannot_submit(statistics, city_officer, helper_liaison):
    for user in (city_officer, helper_liaison):
        with pytest.raises(PermissionDenied):
            submission_submit(user=user, submission=statistics, acknowledged=True)


def test_submitting_an_accepted_period_again_is_refused(statistics, officer_chengde, city_officer):
    submission_submit(user=officer_chengde, submission=statistics, acknowledged=True)
    submission_accept(user=city_officer, submission=statistics)
    with pytest.raises(ValidationError) as err:
        submission_submit(user=officer_chengde, submission=statistics, acknowledged=True)
    assert "has been accepted" in str(err.value)
    assert statistics.filings.count() == 1


def test_accepting_what_was_never_submitted_is_refused(statistics, city_officer):
    with pytest.raises(ValidationError) as err:
        submission_accept(user=city_officer, submission=statistics)
    assert "Only a submitted filing" in str(err.value)
    statistics.refresh_from_db()
    assert statistics.state == State.OPEN
    assert not PeriodLock.objects.exists()


def test_sending_back_needs_a_note(statistics, officer_chengde, city_officer):
    submission_submit(user=officer_chengde, submission=statistics, acknowledged=True)
    with pytest.raises(ValidationError):
        submission_return(user=city_officer, submission=statistics, note="  ")
    statistics.refresh_from_db()
    assert statistics.state == State.SUBMITTED


def test_a_county_cannot_accept_its_own_filing(statistics, officer_chengde):
    submission_submit(user=officer_chengde, submission=statistics, acknowledged=True)
    with pytest.raises(PermissionDenied):
        submission_accept(user=officer_chengde, submission=statistics)


def test_changing_a_confirmed_record_in_an_accepted_period_is_refused(
    statistics, officer_chengde, city_officer, training
):
    from bangfu.assistance.models import Assistance

    submission_submit(user=officer_chengde, submission=statistics, acknowledged=True)
    submission_accept(user=city_officer, submission=statistics)
    record = Assistance.objects.get()
    with pytest.raises(ValidationError) as err:
        assistance_correct(user=officer_chengde, record=record, persons_trained=45, poor_trained=25)
    assert "locked" in str(err.value)
    with pytest.raises(ValidationError):
        assistance_reopen(user=officer_chengde, record=record, reason="改")
    assert Assistance.objects.count() == 1
    record.refresh_from_db()
    assert record.persons_trained == 40
    # the city office re-opens it, with a reason, and the county may correct again
    submission_reopen(user=city_officer, submission=statistics, reason="县里发现录入错误")
    assert not PeriodLock.objects.filter(county=statistics.county, period="2017H2").exists()
    statistics.refresh_from_db()
    assert statistics.state == State.RETURNED
    assistance_correct(user=officer_chengde, record=record, persons_trained=45, poor_trained=25)


def test_the_accepted_snapshot_stays_the_same_after_the_data_changes(
    calendar, pairing, officer_chengde, city_officer, helper_org, poor_villages
):
    pairings = sub(calendar, Report.PAIRINGS, "130821", "2017")
    submission_submit(user=officer_chengde, submission=pairings, acknowledged=True)
    submission_accept(user=city_officer, submission=pairings)
    filing = pairings.filings.get()
    filed_content, filed_bytes = filing.content, filing.file.file.open("rb").read()
    rows_before = sum(len(s["rows"]) for s in filed_content["sheets"])
    # later: a second helper is paired, the first pairing's focus is changed
    from bangfu.pairing.services.pairings import pairing_update
    from tests.pairing.conftest import make_active as activate

    other = type(helper_org).objects.create(
        name="另一家企业", uscc="91130821MA0A1B2C4X", kind="private", capacity=3
    )
    activate(officer_chengde, other, poor_villages[1], "电商")
    pairing_update(user=officer_chengde, pairing=pairing, focus="改过的重点")
    filing.refresh_from_db()
    assert filing.content == filed_content
    assert filing.file.file.open("rb").read() == filed_bytes
    from bangfu.reporting import content

    now = content.build(pairings).content
    assert sum(len(s["rows"]) for s in now["sheets"]) == rows_before + 1
    assert "改过的重点" in str(now)
    assert "改过的重点" not in str(filed_content)


# --------------------------------------------------------------------------- checks


def test_unconfirmed_records_block_the_statistics_table(
    calendar, pairing, training, helper_liaison, officer_chengde
):
    record = assistance_save(user=helper_liaison, **training)
    assistance_submit(user=helper_liaison, record=record)
    s = sub(calendar, Report.STATISTICS, "130821", "2017H2")
    found = checks.run_checks(s)
    assert [(f.level, f.code, f.count) for f in found if f.code == "unconfirmed"] == [
        ("blocker", "unconfirmed", 1)
    ]
    with pytest.raises(ValidationError) as err:
        submission_submit(user=officer_chengde, submission=s, acknowledged=True)
    assert "not confirmed" in str(err.value)
    assert not s.filings.exists()


def test_warnings_must_be_acknowledged(calendar, pairing, poor_villages, officer_chengde):
    s = sub(calendar, Report.PAIRINGS, "130821", "2017")
    found = checks.run_checks(s)
    assert [f.code for f in found] == ["uncovered"]  # five of the six poor villages
    assert found[0].count == len(poor_villages) - 1
    with pytest.raises(ValidationError) as err:
        submission_submit(user=officer_chengde, submission=s)
    assert "confirm" in str(err.value)
    filing = submission_submit(user=officer_chengde, submission=s, acknowledged=True)
    assert [c["code"] for c in filing.checks] == ["uncovered"]


def test_an_active_pairing_without_agreement_blocks_the_pairing_list(
    calendar, pairing, officer_chengde
):
    pairing.agreement.delete()
    s = sub(calendar, Report.PAIRINGS, "130821", "2017")
    assert [f.level for f in checks.run_checks(s) if f.code == "no_agreement"] == ["blocker"]


def test_late_plan_items_warn_on_the_progress_table(calendar, pairing, officer_chengde):
    from bangfu.pairing.models import PlanItem

    PlanItem.objects.create(
        pairing=pairing,
        what="建大棚",
        how="投资",
        indicator="大棚",
        target_value=10,
        unit="座",
        due_date=dt.date(2017, 9, 1),
    )
    s = sub(calendar, Report.PROGRESS, "130821", "2017H2")
    late = [f for f in checks.run_checks(s) if f.code == "late_items"]
    assert [(f.level, f.count) for f in late] == [("warning", 1)]


def test_households_with_an_invalid_id_warn_on_the_statistics_table(
    calendar, households, officer_chengde
):
    from bangfu.registry.models import Household

    bad = households[0]
    Household.objects.filter(pk=bad.pk).update(id_number="130821198001011230")  # wrong check
    s = sub(calendar, Report.STATISTICS, "130821", "2017H2")
    invalid = [f for f in checks.run_checks(s) if f.code == "invalid_ids"]
    assert [(f.level, f.count) for f in invalid] == [("warning", 1)]


def test_the_summary_needs_the_countys_own_text(calendar, pairing, officer_chengde, mailoutbox):
    s = sub(calendar, Report.SUMMARY, "130821", "2017")
    with pytest.raises(ValidationError) as err:
        submission_submit(user=officer_chengde, submission=s, acknowledged=True)
    assert "own sections" in str(err.value)
    submission_save(
        user=officer_chengde,
        submission=s,
        remarks="",
        sections={"achievements": "成效", "problems": "问题", "plans": "打算"},
    )
    filing = submission_submit(user=officer_chengde, submission=s, acknowledged=True)
    assert filing.file.extension == ".docx"
    assert filing.content["figures"]["pairings"] == 1
    assert filing.content["sections"]["plans"] == "打算"
    from docx import Document

    text = "\n".join(p.text for p in Document(filing.file.file.open("rb")).paragraphs)
    assert "2017年度工作总结" in text
    assert "成效" in text
    assert "1个村企结对" in text


def test_a_period_that_has_not_begun_cannot_be_filed(calendar, officer_chengde):
    s = Submission.objects.create(
        report=ReportType.objects.get(programme=calendar, code=Report.STATISTICS),
        county=officer_chengde.county,
        period="2099H1",
        due_date=dt.date(2099, 6, 20),
    )
    with pytest.raises(ValidationError) as err:
        submission_submit(user=officer_chengde, submission=s, acknowledged=True)
    assert "has not begun" in str(err.value)
    s.refresh_from_db()
    assert s.state == State.OPEN


def test_accepting_a_filing_anchors_the_audit_trail_in_a_signed_checkpoint(
    statistics, officer_chengde, city_officer, django_capture_on_commit_callbacks
):
    from bangfu.accounts import checkpoints
    from bangfu.accounts.models import AuditEvent

    submission_submit(user=officer_chengde, submission=statistics, acknowledged=True)
    assert not list(checkpoints.checkpoint_dir().glob("*-filing.json"))
    with django_capture_on_commit_callbacks(execute=True):
        submission_accept(user=city_officer, submission=statistics)
    (_name, data, problem), *_ = [c for c in checkpoints.load() if c[0].endswith("-filing.json")]
    newest = AuditEvent.objects.latest("id")
    assert (problem, data["last_id"], data["last_mac"]) == ("", newest.pk, newest.hash)
    assert data["note"] == f"accepted {statistics}"


def test_a_denied_accept_rolled_back_still_leaves_its_denial_row(
    statistics, officer_chengde, client_for
):
    """The service denies inside its transaction, which rolls back: the row must stay."""
    from bangfu.accounts.models import AuditEvent

    submission_submit(user=officer_chengde, submission=statistics, acknowledged=True)
    from django.urls import reverse

    url = reverse("reporting:action", args=[statistics.pk, "accept"])
    assert client_for(officer_chengde).post(url).status_code == 403
    denial = AuditEvent.objects.get(event="access_denied")
    assert (denial.actor_name, denial.detail, denial.object_id) == (
        "officer_chengde",
        "reporting.review",
        str(statistics.pk),
    )
    statistics.refresh_from_db()
    assert statistics.state == State.SUBMITTED
    assert not PeriodLock.objects.exists()
