"""Reporting pages and API: the board, the to-do, the calendar, a submission's workflow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bangfu.reporting.models import Report, ReportType, State, Submission

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def sub(code, county, period):
    return Submission.objects.get(report__code=code, county__code=county, period=period)


@pytest.fixture
def filed(calendar, pairing, officer_chengde):
    """承德县 filed its pairing list on time; 围场's is overdue."""
    from bangfu.reporting.services.filing import file_submission

    s = sub(Report.PAIRINGS, "130821", "2017")
    file_submission(
        s, officer_chengde, findings=[], at=timezone.make_aware(dt.datetime(2017, 5, 20, 9))
    )
    return s


def test_the_board_counts_expected_submitted_and_on_time(filed, client_for, city_officer):
    resp = client_for(city_officer).get("/reporting/?year=2017", **EN)
    assert resp.status_code == 200
    board = resp.context["board"]
    chengde = next(c for county, _cells, c in board.rows() if county.code == "130821")
    # 2017: four once-only forms, two half-years of two tables, one summary = 9 per county
    assert (chengde.expected, chengde.submitted, chengde.on_time, chengde.overdue) == (9, 1, 1, 8)
    assert board.total.expected == 5 * 9
    assert board.total.overdue == 5 * 9 - 1
    assert len(board.overdue) == 44
    assert b'data-testid="overdue"' in resp.content


def test_a_county_sees_its_own_board_and_what_it_owes(filed, client_for, officer_weichang):
    resp = client_for(officer_weichang).get("/reporting/", **EN)
    board = resp.context["board"]
    assert [c.code for c in board.counties] == ["130828"]
    todo = resp.context["todo"]
    assert todo
    assert all(s.county.code == "130828" for s, _status in todo)
    assert todo[0][1] == "overdue"
    home = client_for(officer_weichang).get("/", **EN)
    assert b'data-testid="home-todo"' in home.content
    assert "Demonstration village recommendation" in home.content.decode()


def test_the_city_office_does_not_get_a_to_do(filed, client_for, city_officer):
    assert client_for(city_officer).get("/").context["reporting_todo"] == []


def test_submitting_from_the_page_needs_the_warnings_read(
    calendar, pairing, poor_villages, client_for, officer_chengde
):
    s = sub(Report.PAIRINGS, "130821", "2017")
    c = client_for(officer_chengde)
    page = c.get(f"/reporting/submissions/{s.pk}/", **EN)
    assert b"poor villages have no helper" in page.content
    assert b'name="acknowledged"' in page.content
    resp = c.post(f"/reporting/submissions/{s.pk}/do/submit/", {"remarks": "无"}, follow=True, **EN)
    assert b"confirm that the filing may go with them" in resp.content
    s.refresh_from_db()
    assert s.state == State.OPEN
    resp = c.post(
        f"/reporting/submissions/{s.pk}/do/submit/",
        {"remarks": "无", "acknowledged": "on"},
        follow=True,
        **EN,
    )
    assert b"Submitted to the city office" in resp.content
    s.refresh_from_db()
    assert s.state == State.SUBMITTED
    assert s.filings.get().remarks == "无"


def test_the_city_office_sends_back_and_accepts_from_the_page(filed, client_for, city_officer):
    c = client_for(city_officer)
    resp = c.post(f"/reporting/submissions/{filed.pk}/do/return/", {"note": ""}, follow=True, **EN)
    assert b"Say what the county must put right" in resp.content
    filed.refresh_from_db()
    assert filed.state == State.SUBMITTED
    c.post(f"/reporting/submissions/{filed.pk}/do/accept/", {"note": "好"}, **EN)
    filed.refresh_from_db()
    assert filed.state == State.ACCEPTED
    page = c.get(f"/reporting/submissions/{filed.pk}/", **EN)
    assert b"filed on time" in page.content
    assert b"As filed" in page.content


def test_a_filing_downloads_as_filed(filed, client_for, city_officer):
    resp = client_for(city_officer).get(f"/reporting/submissions/{filed.pk}/filings/1/")
    assert resp.status_code == 200
    data = b"".join(resp.streaming_content)
    assert data == filed.filings.get().file.file.open("rb").read()
    draft = client_for(city_officer).get(f"/reporting/submissions/{filed.pk}/form/")
    assert draft.status_code == 200
    assert draft["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_bad_due_day_is_shown_on_the_form_and_nothing_changes(calendar, client_for, city_officer):
    report = ReportType.objects.get(code=Report.STATISTICS)
    resp = client_for(city_officer).post(
        f"/reporting/calendar/{report.pk}/edit/",
        {"frequency": "half_yearly", "due_days": "02-30,12-21", "remind_days_before": 7},
        **EN,
    )
    assert resp.status_code == 200
    assert b"does not exist every year" in resp.content
    report.refresh_from_db()
    assert report.due_days == "06-20,12-21"


def test_the_city_office_extends_the_calendar(calendar, client_for, city_officer):
    before = Submission.objects.count()
    resp = client_for(city_officer).post(
        "/reporting/calendar/years/", {"end_year": "2021"}, follow=True, **EN
    )
    assert b"runs through 2021" in resp.content
    assert Submission.objects.count() == before + 5 * 5
    assert sub(Report.STATISTICS, "130821", "2021H2").due_date == dt.date(2021, 12, 21)
    resp = client_for(city_officer).post(
        "/reporting/calendar/years/", {"end_year": "二〇二一"}, follow=True, **EN
    )
    assert b"four digits" in resp.content


def test_the_calendar_cannot_end_before_filed_forms(filed, city_officer):
    from django.core.exceptions import ValidationError

    from bangfu.reporting.services.calendar import programme_years_save

    with pytest.raises(ValidationError):
        programme_years_save(user=city_officer, programme=filed.report.programme, end_year=2016)
    programme_years_save(user=city_officer, programme=filed.report.programme, end_year=2018)
    assert not Submission.objects.filter(period__startswith="2019").exists()
    assert not Submission.objects.filter(period__startswith="2020").exists()


# --------------------------------------------------------------------------- API


def test_the_api_walks_the_workflow(
    calendar, pairing, training, helper_liaison, officer_chengde, city_officer, client_for
):
    from bangfu.assistance.services.records import assistance_save, assistance_submit
    from bangfu.assistance.services.review import assistance_confirm

    record = assistance_save(user=helper_liaison, **training)
    assistance_submit(user=helper_liaison, record=record)
    s = sub(Report.STATISTICS, "130821", "2017H2")
    county = client_for(officer_chengde)
    checks = county.get(f"/api/v1/submissions/{s.pk}/checks/", **EN).json()
    assert [c["code"] for c in checks if c["level"] == "blocker"] == ["no_confirmed", "unconfirmed"]
    resp = county.post(
        f"/api/v1/submissions/{s.pk}/submit/", {"acknowledged": True}, "application/json", **EN
    )
    assert resp.status_code == 400
    assistance_confirm(user=officer_chengde, record=record)
    resp = county.post(
        f"/api/v1/submissions/{s.pk}/submit/",
        {"acknowledged": True, "remarks": "按时报送"},
        "application/json",
        **EN,
    )
    assert resp.status_code == 200, resp.content
    assert resp.json()["state"] == "submitted"
    assert resp.json()["filings"][0]["remarks"] == "按时报送"
    city = client_for(city_officer)
    resp = city.post(f"/api/v1/submissions/{s.pk}/accept/", {}, "application/json")
    assert resp.json()["state"] == "accepted"
    board = city.get("/api/v1/reporting-board/?year=2017").json()
    chengde = next(c for c in board["counties"] if c["county"] == "130821")
    assert chengde["reports"]["statistics"]["submitted"] == 1
    assert chengde["reports"]["statistics"]["accepted"] == 1
    assert chengde["total"]["expected"] == 9
    listed = county.get("/api/v1/submissions/?status=accepted").json()
    assert [r["id"] for r in listed["results"]] == [s.pk]


def test_the_api_refuses_another_countys_submission(calendar, officer_weichang, client_for):
    s = sub(Report.STATISTICS, "130821", "2017H2")
    c = client_for(officer_weichang)
    assert c.get(f"/api/v1/submissions/{s.pk}/").status_code == 404
    assert c.post(f"/api/v1/submissions/{s.pk}/submit/", {}).status_code == 404


def test_the_calendar_rule_via_the_api(calendar, city_officer, client_for):
    report = ReportType.objects.get(code=Report.SUMMARY)
    c = client_for(city_officer)
    resp = c.post(
        f"/api/v1/report-types/{report.pk}/rule/",
        {"frequency": "yearly", "due_days": "02-30"},
        "application/json",
        **EN,
    )
    assert resp.status_code == 400
    assert "does not exist every year" in str(resp.json())
    resp = c.post(
        f"/api/v1/report-types/{report.pk}/rule/",
        {"frequency": "yearly", "due_days": "12-25", "remind_days_before": 10},
        "application/json",
    )
    assert resp.json()["due_days"] == "12-25"
    assert sub(Report.SUMMARY, "130828", "2018").due_date == dt.date(2018, 12, 25)


def test_a_filing_made_before_its_due_date_counts_at_once(calendar, pairing, officer_chengde):
    """Expected once due or once filed: an early filing is counted, and on time."""
    from bangfu.reporting.selectors import board
    from bangfu.reporting.services.filing import file_submission

    early = Submission.objects.create(
        report=ReportType.objects.get(code=Report.PAIRINGS),
        county=officer_chengde.county,
        period="2099",
        due_date=dt.date(2099, 5, 21),
    )
    before = board(user=officer_chengde, programme=calendar, year=2099)
    assert before.total.expected == 0
    file_submission(early, officer_chengde, findings=[])
    after = board(user=officer_chengde, programme=calendar, year=2099)
    assert (after.total.expected, after.total.submitted, after.total.on_time) == (1, 1, 1)
    assert after.total.overdue == 0
