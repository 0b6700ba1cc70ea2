"""The plan's dated steps (§五): each county's state derived from its records (met, met late,
not met, not yet due), on the calendar, on the board and through the API, in scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from bangfu.reporting import steps
from bangfu.reporting.models import Report, Submission
from bangfu.reporting.services.filing import file_submission
from tests.reporting.pairs import pair, plan

pytestmark = pytest.mark.django_db

AFTER = dt.date(2017, 12, 1)  # every deadline of the first year has passed
BEFORE = dt.date(2017, 4, 1)  # none has


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def big_helper(make_helper):
    return make_helper("承德种养专业合作社", capacity=20)


def state(key, programme, county, today=AFTER):
    return steps.outcome(steps.get_step(key), programme, county, today)


def test_agreements_and_plans_on_time_late_missing_and_not_yet_due(
    calendar, counties, officer_chengde, officer_weichang, big_helper, poor_village_of
):
    chengde, weichang, longhua = counties["130821"], counties["130828"], counties["130825"]
    on_time = pair(
        officer_chengde,
        big_helper,
        poor_village_of("130821", 0),
        dt.date(2017, 4, 10),
        signed=dt.date(2017, 4, 12),
    )
    plan(officer_chengde, on_time)
    late = pair(
        officer_weichang,
        big_helper,
        poor_village_of("130828", 0),
        dt.date(2017, 4, 15),
        signed=dt.date(2017, 5, 3),
    )
    plan(officer_weichang, late)
    met = state("agreements", calendar, chengde)
    assert (met.state, met.done, met.total, met.met_on) == ("met", 1, 1, dt.date(2017, 4, 12))
    assert (state("agreements", calendar, weichang).state) == "late"
    assert state("agreements", calendar, longhua).state == "not_met"  # nothing paired
    assert state("agreements", calendar, longhua, today=BEFORE).state == "pending"


def test_an_agreement_without_a_plan_does_not_meet_the_step(
    calendar, counties, officer_chengde, big_helper, poor_village_of
):
    pair(
        officer_chengde,
        big_helper,
        poor_village_of("130821", 0),
        dt.date(2017, 4, 10),
        signed=dt.date(2017, 4, 12),
    )
    outcome = state("agreements", calendar, counties["130821"])
    assert (outcome.state, outcome.done, outcome.total) == ("not_met", 0, 1)
    assert "未制定帮扶规划" in outcome.items[0].detail


def test_a_county_that_paired_after_the_deadline_meets_the_step_late(
    calendar, counties, officer_chengde, big_helper, poor_village_of
):
    p = pair(
        officer_chengde,
        big_helper,
        poor_village_of("130821", 0),
        dt.date(2017, 6, 1),
        signed=dt.date(2017, 6, 5),
    )
    plan(officer_chengde, p)
    outcome = state("agreements", calendar, counties["130821"])
    assert (outcome.state, outcome.met_on) == ("late", dt.date(2017, 6, 5))


def test_visits_count_the_first_villages_visited_by_their_helpers(
    calendar, counties, officer_chengde, big_helper, make_helper, poor_village_of
):
    from bangfu.pairing.services.visits import site_visit_save

    v0, v1 = poor_village_of("130821", 0), poor_village_of("130821", 1)
    pair(officer_chengde, big_helper, v0, dt.date(2017, 4, 10), signed=dt.date(2017, 4, 12))
    pair(officer_chengde, big_helper, v1, dt.date(2017, 4, 11), signed=dt.date(2017, 4, 12))
    fields = {"participants": "张三", "findings": "养殖基础好"}
    site_visit_save(
        user=officer_chengde,
        helper=big_helper,
        village=v0,
        visited_on=dt.date(2017, 4, 2),
        **fields,
    )
    # a visit by a helper that is not the village's does not count
    site_visit_save(
        user=officer_chengde,
        helper=make_helper("别家公司"),
        village=v1,
        visited_on=dt.date(2017, 4, 3),
        **fields,
    )
    county = counties["130821"]
    outcome = state("visits", calendar, county)
    assert (outcome.state, outcome.done, outcome.total) == ("not_met", 1, 2)
    site_visit_save(
        user=officer_chengde,
        helper=big_helper,
        village=v1,
        visited_on=dt.date(2017, 5, 9),
        **fields,
    )
    outcome = state("visits", calendar, county)
    assert (outcome.state, outcome.met_on) == ("late", dt.date(2017, 5, 9))


def test_organisation_is_met_by_a_roster_filed_in_time_and_late_when_only_recorded_now(
    calendar, counties, roster_chengde, officer_chengde
):
    county = counties["130821"]
    today = timezone.localdate()
    outcome = state("organisation", calendar, county, today=today)
    assert (outcome.state, outcome.met_on) == ("late", today)  # recorded today, never filed
    roster = Submission.objects.get(
        report__programme=calendar, report__code=Report.ROSTER, county=county, period="2017"
    )
    at = timezone.make_aware(dt.datetime(2017, 4, 6, 10, 0))
    file_submission(roster, officer_chengde, findings=[], at=at)
    outcome = state("organisation", calendar, county, today=today)
    assert (outcome.state, outcome.met_on) == ("met", dt.date(2017, 4, 6))
    assert state("organisation", calendar, counties["130828"]).state == "not_met"


def test_supervision_counts_a_visit_to_each_first_village(
    calendar, counties, officer_chengde, city_officer, big_helper, poor_village_of
):
    from bangfu.visits.services import visit_record

    village = poor_village_of("130821", 0)
    pair(officer_chengde, big_helper, village, dt.date(2017, 4, 10), signed=dt.date(2017, 4, 12))
    county = counties["130821"]
    assert state("supervision", calendar, county).state == "not_met"
    visit_record(
        user=officer_chengde,
        county=county,
        visited_on=dt.date(2017, 9, 20),
        participants="县扶贫办 王五",
        findings="养殖小区已开工",
        villages=[village],
    )
    outcome = state("supervision", calendar, county)
    assert (outcome.state, outcome.met_on) == ("met", dt.date(2017, 9, 20))
    assert outcome.deadline == dt.date(2017, 10, 20)


def test_the_calendar_lists_the_steps_with_their_deadlines(client_for, calendar, city_officer):
    client = client_for(city_officer)
    html = client.get(reverse("reporting:calendar")).content.decode()
    for key, day in (
        ("organisation", "2017-04-20"),
        ("visits", "2017-04-28"),
        ("agreements", "2017-04-28"),
        ("supervision", "2017-10-20"),
    ):
        row = html.split(f'data-step="{key}"')[1].split("</tr>")[0]
        assert day in row


def test_the_board_shows_each_countys_state_and_a_county_only_its_own(
    client_for, calendar, counties, officer_chengde, city_officer, big_helper, poor_village_of
):
    p = pair(
        officer_chengde,
        big_helper,
        poor_village_of("130821", 0),
        dt.date(2017, 4, 10),
        signed=dt.date(2017, 4, 12),
    )
    plan(officer_chengde, p)
    client = client_for(city_officer)
    html = client.get(reverse("reporting:index")).content.decode()
    table = html.split('data-testid="steps"')[1].split("</table>")[0]
    assert table.count("data-county=") == 5
    cell = table.split('data-county="130821"')[1].split('data-step="agreements"')[1][:400]
    assert 'data-state="met"' in cell
    assert "1/1" in cell
    assert reverse("reporting:step", args=["agreements"]) + "?county=130821" in cell
    late = table.split('data-county="130828"')[1].split('data-step="agreements"')[1][:200]
    assert 'data-state="not_met"' in late
    client = client_for(officer_chengde)
    html = client.get(reverse("reporting:index")).content.decode()
    table = html.split('data-testid="steps"')[1].split("</table>")[0]
    assert table.count("data-county=") == 1
    assert 'data-county="130821"' in table


def test_the_figure_opens_the_records_it_counts_in_scope(
    client_for, calendar, officer_chengde, big_helper, poor_village_of
):
    village = poor_village_of("130821", 0)
    p = pair(officer_chengde, big_helper, village, dt.date(2017, 4, 10))
    client = client_for(officer_chengde)
    url = reverse("reporting:step", args=["agreements"])
    html = client.get(url + "?county=130821").content.decode()
    records = html.split('data-testid="step-records"')[1]
    assert p.number in records
    assert "协议未签订" in records
    assert client.get(url + "?county=130828").status_code == 404
    assert client.get(reverse("reporting:step", args=["nothing"])).status_code == 404


def test_the_api_gives_each_countys_state_and_a_countys_records_in_scope(
    client_for, calendar, officer_chengde, city_officer, big_helper, poor_village_of
):
    p = pair(
        officer_chengde,
        big_helper,
        poor_village_of("130821", 0),
        dt.date(2017, 4, 10),
        signed=dt.date(2017, 4, 12),
    )
    plan(officer_chengde, p)
    client = client_for(city_officer)
    data = client.get("/api/v1/reporting-steps/").json()
    assert [s["key"] for s in data["steps"]] == [
        "organisation",
        "visits",
        "agreements",
        "supervision",
    ]
    cells = {(c["county"], c["step"]): c for c in data["counties"]}
    assert cells[("130821", "agreements")]["state"] == "met"
    assert cells[("130828", "agreements")]["state"] == "not_met"
    client = client_for(officer_chengde)
    data = client.get("/api/v1/reporting-steps/").json()
    assert {c["county"] for c in data["counties"]} == {"130821"}
    detail = client.get("/api/v1/reporting-steps/agreements/").json()
    assert detail["county"] == "130821"
    assert detail["items"][0]["done_on"] == "2017-04-12"
    denied = client.get("/api/v1/reporting-steps/agreements/?county=130828")
    assert denied.status_code == 404
