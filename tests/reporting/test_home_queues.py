"""Each role's start page begins with its work: the city office's filings to review (by
county), a county office's records to confirm, a liaison's pairings and the record button."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from bangfu.assistance.services.records import assistance_save, assistance_submit
from bangfu.reporting.models import Report, Submission
from bangfu.reporting.services.filing import submission_submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def home(client_for, user) -> str:
    return client_for(user).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_city_office_sees_the_filings_waiting_for_review_by_county(
    calendar, pairing, officer_chengde, city_officer, client_for
):
    assert 'data-testid="review-queue"' in home(client_for, city_officer)
    assert 'data-testid="review-county"' not in home(client_for, city_officer)
    s = Submission.objects.get(
        report__programme=calendar,
        report__code=Report.PAIRINGS,
        county__code="130821",
        period="2017",
    )
    submission_submit(user=officer_chengde, submission=s, acknowledged=True)
    html = home(client_for, city_officer)
    assert "1 filing waits for your review" in html
    county = re.search(r'<a href="([^"]+)" data-testid="review-county">([^<]+)<span', html)
    assert county.group(2).strip() == "承德县"
    assert "status=submitted" in county.group(1)
    assert "county=130821" in county.group(1)
    assert 'data-testid="review-queue"' not in home(client_for, officer_chengde)


def test_a_county_office_sees_the_records_waiting_for_confirmation(
    calendar, pairing, training, helper_liaison, officer_chengde, client_for
):
    record = assistance_save(user=helper_liaison, **training)
    assistance_submit(user=helper_liaison, record=record)
    html = home(client_for, officer_chengde)
    assert re.search(r'href="/assistance/confirm/" data-testid="to-confirm-count">1<', html)
    assert 'data-testid="confirmation-queue"' not in home(client_for, helper_liaison)


def test_a_liaison_starts_with_its_pairings_and_the_record_button(
    calendar, pairing, helper_liaison, officer_chengde, client_for
):
    html = home(client_for, helper_liaison)
    start = html.index('data-testid="liaison-start"')
    assert start < html.index('data-testid="n-counties"')
    assert html.index('data-testid="home-record"') < html.index('data-testid="home-my-pairings"')
    mine = html[html.index('data-testid="my-pairings"') :]
    assert pairing.village.name in mine
    assert pairing.focus in mine
    assert f"/assistance/new/?pairing={pairing.number}" in mine
    page = client_for(helper_liaison).get(pairing.get_absolute_url()).content.decode()
    assert page.index('data-testid="pairing-record"') < page.index('data-testid="agreement"')
    assert 'data-testid="pairing-edit"' not in page
    assert 'data-testid="report-relay"' not in page
    office = client_for(officer_chengde).get(pairing.get_absolute_url()).content.decode()
    assert 'data-testid="pairing-edit"' in office
    assert 'data-testid="report-relay"' in office


def test_the_pairing_list_names_village_and_focus(pairing, helper_liaison, client_for):
    html = client_for(helper_liaison).get("/pairings/").content.decode()
    link = re.search(r'data-testid="pairing-link">([^<]+)</a>', html).group(1)
    assert link == f"{pairing.village.name} · {pairing.focus}"
