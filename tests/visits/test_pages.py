"""Pages and API of supervision visits, follow-ups and problems raised by helpers."""

from __future__ import annotations

import datetime as dt

import pytest

from bangfu.core.models import Notification
from bangfu.visits.models import FollowUp, Visit

from .conftest import PNG_BYTES, scan

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_county_officer_records_a_visit_with_a_photo(client_for, officer_chengde, pairing):
    c = client_for(officer_chengde)
    resp = c.get("/oversight/visits/new/")
    assert resp.status_code == 200
    assert pairing.number in resp.text  # its county's pairings are offered
    resp = c.post(
        "/oversight/visits/new/?county=130821",
        {
            "visited_on": "2017-09-12",
            "participants": "督导组",
            "findings": "进展顺利",
            "problems": "缺水",
            "villages": [pairing.village.pk],
            "pairings": [pairing.pk],
            "files": [scan("现场.png", PNG_BYTES, "image/png")],
        },
    )
    visit = Visit.objects.get()
    assert resp.status_code == 302
    assert resp["Location"] == f"/oversight/visits/{visit.pk}/"
    page = c.get(resp["Location"]).text
    assert "现场.png" in page
    key = visit.files.get().key
    photo = c.get(f"/oversight/visits/{visit.pk}/files/{key}/?inline=1")
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/png"


def test_visit_files_only_through_the_visits_scope(
    client_for, officer_weichang, visit, officer_chengde
):
    from bangfu.visits.services import visit_attach

    visit_attach(user=officer_chengde, visit=visit, uploads=[scan()])
    key = visit.files.get().key
    assert (
        client_for(officer_weichang).get(f"/oversight/visits/{visit.pk}/files/{key}/").status_code
        == 404
    )


def test_city_officer_picks_the_county_first(client_for, city_officer):
    resp = client_for(city_officer).get("/oversight/visits/new/", **EN)
    assert "Which county was visited?" in resp.text
    assert "?county=130828" in resp.text


def test_a_foreign_village_posted_to_the_form_is_refused(
    client_for, officer_chengde, weichang_village, programme
):
    resp = client_for(officer_chengde).post(
        "/oversight/visits/new/",
        {
            "visited_on": "2017-09-12",
            "participants": "督导组",
            "findings": "x",
            "villages": [weichang_village.pk],
        },
    )
    assert resp.status_code == 200
    assert Visit.objects.count() == 0


def test_follow_up_added_and_closed_through_the_pages(client_for, officer_chengde, visit):
    c = client_for(officer_chengde)
    resp = c.post(
        f"/oversight/visits/{visit.pk}/follow-ups/new/",
        {"problem": "缺水", "owner_name": "镇政府", "due_on": "2017-08-01"},
        **EN,
    )
    assert "before the visit" in resp.text
    assert FollowUp.objects.count() == 0
    resp = c.post(
        f"/oversight/visits/{visit.pk}/follow-ups/new/",
        {"problem": "缺水", "owner_name": "镇政府", "due_on": "2017-10-30"},
    )
    assert resp.status_code == 302
    f = FollowUp.objects.get()
    resp = c.post(f"/oversight/follow-ups/{f.pk}/close/", {"note": ""}, **EN)
    assert resp.status_code == 200
    assert "a follow-up is closed with a note" in resp.text
    f.refresh_from_db()
    assert f.state == "open"
    resp = c.post(f"/oversight/follow-ups/{f.pk}/close/", {"note": "打井一眼", "on": "2017-10-01"})
    assert resp.status_code == 302
    f.refresh_from_db()
    assert (f.state, f.closing_note) == ("closed", "打井一眼")


def test_index_and_list_show_overdue_follow_ups(
    client_for, officer_chengde, officer_weichang, city_officer, follow_up
):
    """The follow-up was due on 2017-11-30 and is still open: overdue today."""
    for user in (officer_chengde, city_officer):
        page = client_for(user).get("/oversight/", **EN).text
        assert "1 overdue" in page
        assert follow_up.problem in page
    assert "0 overdue" in client_for(officer_weichang).get("/oversight/", **EN).text
    listed = client_for(city_officer).get("/oversight/follow-ups/?state=overdue").text
    assert f"/oversight/follow-ups/{follow_up.pk}/" in listed


def test_index_links_every_part(client_for, city_officer):
    page = client_for(city_officer).get("/oversight/").text
    for url in (
        "/oversight/visits/",
        "/oversight/follow-ups/",
        "/oversight/problems/",
        "/oversight/loans/",
        "/oversight/receipts/",
        "/oversight/tax-benefits/",
        "/oversight/evaluations/",
    ):
        assert f'href="{url}' in page


def test_first_round_page(client_for, city_officer, visit):
    page = client_for(city_officer).get("/oversight/visits/first-round/").text
    assert 'data-testid="first-round-2017"' in page
    assert "2017-09-12" in page


def test_visit_list_query_count(client_for, city_officer, visit, django_assert_max_num_queries):
    from bangfu.visits.services import visit_record

    for day in range(1, 6):
        visit_record(
            user=city_officer,
            county=visit.county,
            visited_on=dt.date(2018, 5, day),
            participants="p",
            findings="f",
        )
    c = client_for(city_officer)
    with django_assert_max_num_queries(20):
        assert c.get("/oversight/visits/").status_code == 200
    with django_assert_max_num_queries(20):
        assert c.get("/oversight/follow-ups/").status_code == 200


def test_helper_raises_a_problem_and_reads_the_answer(
    client_for, helper_liaison, officer_chengde, pairing
):
    c = client_for(helper_liaison)
    resp = c.post("/oversight/problems/new/", {"pairing": pairing.pk, "problem": "用地审批慢"})
    assert resp.status_code == 302
    f = FollowUp.objects.get()
    assert f.source == "helper"
    assert Notification.objects.filter(recipient=officer_chengde).count() == 1
    office = client_for(officer_chengde)
    assert "用地审批慢" in office.get("/oversight/problems/").text
    office.post(f"/oversight/follow-ups/{f.pk}/close/", {"note": "已协调国土局"})
    page = c.get("/oversight/problems/").text
    assert "已协调国土局" in page
    assert c.get(f"/oversight/follow-ups/{f.pk}/").status_code == 200


# --------------------------------------------------------------------------- API


def test_api_records_a_visit_with_follow_ups(client_for, inspector, pairing):
    from bangfu.visits.models import InspectorAssignment

    InspectorAssignment.objects.create(
        programme=pairing.programme, year=2018, inspector=inspector, county=pairing.county
    )
    resp = client_for(inspector).post(
        "/api/v1/visits/",
        {
            "county": "130821",
            "visited_on": "2018-06-01",
            "participants": "督导员 孙伟",
            "findings": "良好",
            "villages": [pairing.village.code],
            "pairings": [pairing.number],
            "follow_ups": [{"problem": "道路", "owner_name": "镇政府", "due_on": "2018-07-01"}],
        },
        content_type="application/json",
    )
    assert resp.status_code == 201, resp.content
    body = resp.json()
    assert body["villages"] == [pairing.village.code]
    assert body["follow_ups"][0]["problem"] == "道路"


def test_api_refuses_a_village_of_another_county(client_for, city_officer, weichang_village):
    resp = client_for(city_officer).post(
        "/api/v1/visits/",
        {
            "county": "130821",
            "visited_on": "2018-06-01",
            "participants": "p",
            "findings": "f",
            "villages": [weichang_village.code],
        },
        content_type="application/json",
    )
    assert resp.status_code == 400
    assert "villages" in resp.json()
    assert Visit.objects.count() == 0


def test_api_refuses_a_follow_up_due_before_the_visit_and_nothing_is_saved(
    client_for, city_officer, programme
):
    resp = client_for(city_officer).post(
        "/api/v1/visits/",
        {
            "county": "130821",
            "visited_on": "2018-06-01",
            "participants": "p",
            "findings": "f",
            "follow_ups": [{"problem": "x", "owner_name": "y", "due_on": "2018-05-01"}],
        },
        content_type="application/json",
    )
    assert resp.status_code == 400
    assert Visit.objects.count() == 0
    assert FollowUp.objects.count() == 0


def test_api_close_without_note_then_with(client_for, officer_chengde, follow_up):
    c = client_for(officer_chengde)
    url = f"/api/v1/follow-ups/{follow_up.pk}/close/"
    assert c.post(url, {}, content_type="application/json").status_code == 400
    follow_up.refresh_from_db()
    assert follow_up.state == "open"
    resp = c.post(url, {"note": "已解决", "on": "2017-10-02"}, content_type="application/json")
    assert resp.status_code == 200
    assert resp.json()["state"] == "closed"


def test_api_overdue_filter(client_for, officer_weichang, city_officer, follow_up):
    got = client_for(city_officer).get("/api/v1/follow-ups/?state=overdue").json()
    assert [r["id"] for r in got["results"]] == [follow_up.pk]
    assert (
        client_for(officer_weichang).get("/api/v1/follow-ups/?state=overdue").json()["count"] == 0
    )


def test_api_helper_raises_a_problem(client_for, helper_liaison, pairing):
    resp = client_for(helper_liaison).post(
        "/api/v1/follow-ups/",
        {"problem": "资金未到位", "pairing": pairing.number},
        content_type="application/json",
    )
    assert resp.status_code == 201
    assert resp.json()["source"] == "helper"
