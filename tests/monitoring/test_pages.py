# ruff: noqa: F811  (the fixtures imported from test_monitoring are used as arguments)
"""Relapse-monitoring pages and API: list with filters, case page walking the steps, new
case from the household page, scope and masking."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bangfu.monitoring.models import MonitoringCase, MonitoringStep
from tests.monitoring.test_services import (  # noqa: F401  (fixtures)
    OPENED,
    TODAY,
    exited,
    open_case,
    walk,
    weichang_household,
)

pytestmark = pytest.mark.django_db


def en(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def d(day: dt.date) -> str:
    return f"{day:%Y-%m-%d}"


def test_household_page_offers_a_new_case_to_its_county_office_only(
    client_for, officer_chengde, city_officer, exited
):
    page = client_for(officer_chengde).get(exited.get_absolute_url()).content.decode()
    assert f"/registry/monitoring/new/{exited.ref}/" in page
    page = client_for(city_officer).get(exited.get_absolute_url()).content.decode()
    assert "/registry/monitoring/new/" not in page


def test_officer_opens_a_case_from_the_household_page(client_for, officer_chengde, exited):
    c = client_for(officer_chengde)
    resp = c.post(
        f"/registry/monitoring/new/{exited.ref}/",
        {
            "group": "unstable",
            "source": "self_report",
            "reason": "因病支出大",
            "opened_on": d(OPENED),
        },
    )
    case = MonitoringCase.objects.get()
    assert resp.status_code == 302
    assert resp.url == f"/registry/monitoring/{case.number}/"
    assert (case.household, case.source, case.opened_by) == (exited, "self_report", officer_chengde)
    page = c.get(exited.get_absolute_url()).content.decode()
    assert case.number in page
    assert "/registry/monitoring/new/" not in page  # one open case at a time


def test_another_countys_officer_gets_404_for_the_new_case_page(
    client_for, officer_weichang, exited
):
    c = client_for(officer_weichang)
    assert c.get(f"/registry/monitoring/new/{exited.ref}/").status_code == 404
    resp = c.post(
        f"/registry/monitoring/new/{exited.ref}/",
        {"group": "unstable", "source": "visit", "reason": "x", "opened_on": d(OPENED)},
    )
    assert resp.status_code == 404
    assert not MonitoringCase.objects.exists()


def test_case_page_walks_the_steps_and_refuses_a_skipped_notice(
    client_for, officer_chengde, exited
):
    c = en(client_for(officer_chengde))
    case = open_case(officer_chengde, exited)
    url = f"/registry/monitoring/{case.number}/step/"
    for step, day in (("home_visit", 1), ("data_check", 2)):
        resp = c.post(
            url,
            {
                "step": step,
                "done_on": d(OPENED + dt.timedelta(days=day)),
                "signed_name": "李强",
                "passed": "on",
            },
        )
        assert resp.status_code == 302
    resp = c.post(
        url,
        {
            "step": "township_review",
            "done_on": d(OPENED + dt.timedelta(days=9)),
            "signed_name": "李强",
            "passed": "on",
        },
    )
    assert resp.status_code == 200
    assert "cannot be skipped" in resp.content.decode()
    assert MonitoringStep.objects.filter(case=case).count() == 2
    resp = c.post(
        url,
        {
            "step": "public_notice",
            "done_on": d(OPENED + dt.timedelta(days=3)),
            "notice_start": d(OPENED + dt.timedelta(days=3)),
            "notice_end": d(OPENED + dt.timedelta(days=5)),
            "signed_name": "李强",
            "passed": "on",
        },
    )
    assert "at least 5 days" in resp.content.decode()
    assert MonitoringStep.objects.filter(case=case).count() == 2


def test_case_page_shows_overdue_steps_and_the_history(
    client_for, city_officer, officer_chengde, exited
):
    case = open_case(officer_chengde, exited, opened_on=TODAY - dt.timedelta(days=30))
    page = en(client_for(city_officer)).get(case.get_absolute_url()).content.decode()
    assert 'data-testid="overdue"' in page
    assert 'data-testid="step-form"' not in page  # the city office reads
    assert exited.masked_id_number in page
    assert exited.id_number not in page
    assert 'data-testid="history"' in page


def test_identified_case_page_offers_measures_visits_and_removal(
    client_for, officer_chengde, exited
):
    case = walk(officer_chengde, open_case(officer_chengde, exited))
    c = en(client_for(officer_chengde))
    page = c.get(case.get_absolute_url()).content.decode()
    assert 'data-state="identified"' in page
    for form in ("measure-form", "visit-form", "removal-form"):
        assert f'data-testid="{form}"' in page
    resp = c.post(
        f"/registry/monitoring/{case.number}/visits/",
        {
            "visited_on": d(OPENED + dt.timedelta(days=20)),
            "visitor": "村干部",
            "per_capita_income": "7000",
        },
    )
    assert resp.status_code == 302
    resp = c.post(
        f"/registry/monitoring/{case.number}/measures/",
        {
            "kind": "employment",
            "description": "公益岗位",
            "started_on": d(OPENED + dt.timedelta(days=12)),
        },
    )
    assert resp.status_code == 302
    resp = c.post(
        f"/registry/monitoring/{case.number}/remove-risk/",
        {"removed_on": d(TODAY), "note": "收入稳定"},
    )
    assert resp.status_code == 200
    assert "at least 6 months" in resp.content.decode()
    case.refresh_from_db()
    assert (case.state, case.visits.count(), case.measures.count()) == ("identified", 1, 1)


def test_case_list_filters(
    client_for, city_officer, officer_chengde, officer_weichang, exited, weichang_household
):
    late = open_case(officer_chengde, exited, opened_on=TODAY - dt.timedelta(days=30))
    fresh = open_case(officer_weichang, weichang_household, opened_on=TODAY, group="sudden")
    c = client_for(city_officer)

    def numbers(query):
        resp = c.get("/registry/monitoring/" + query)
        return sorted(r.number for r in resp.context["page"])

    assert numbers("") == sorted([late.number, fresh.number])
    assert numbers("?overdue=on") == [late.number]
    assert numbers("?county=130828") == [fresh.number]
    assert numbers("?group=sudden") == [fresh.number]
    assert numbers("?state=identified") == []
    assert numbers(f"?q={late.number}") == [late.number]
    assert numbers("?q=赵") == [fresh.number]
    # the officer of 围场县 sees its own only
    resp = client_for(officer_weichang).get("/registry/monitoring/")
    assert [r.number for r in resp.context["page"]] == [fresh.number]


def test_case_list_queries_do_not_grow_with_cases(
    client_for, city_officer, officer_chengde, exited, weichang_household, officer_weichang
):
    open_case(officer_chengde, exited)
    c = client_for(city_officer)
    c.get("/registry/monitoring/")
    with CaptureQueriesContext(connection) as one:
        c.get("/registry/monitoring/")
    open_case(officer_weichang, weichang_household, group="sudden")
    with CaptureQueriesContext(connection) as two:
        c.get("/registry/monitoring/")
    assert len(two) == len(one)


def test_helper_liaison_never_sees_cases(client_for, helper_liaison, officer_chengde, exited):
    case = open_case(officer_chengde, exited)
    c = client_for(helper_liaison)
    assert c.get("/registry/monitoring/").status_code == 403
    assert c.get(case.get_absolute_url()).status_code == 403
    assert c.get("/api/v1/monitoring-cases/").status_code == 403


def test_followed_page_lists_villages_and_households(client_for, city_officer, exited):
    from bangfu.registry.models import VillageProfile

    VillageProfile.objects.filter(village=exited.village).update(exited_on=dt.date(2019, 12, 1))
    resp = client_for(city_officer).get("/registry/monitoring/followed/?on=2020-06-30")
    page = resp.content.decode()
    assert list(resp.context["villages"]) == [VillageProfile.objects.get(village=exited.village)]
    assert list(resp.context["households"]) == [exited]
    assert exited.id_number not in page


# ----------------------------------------------------------------------------- API


def test_api_opens_and_walks_a_case(client_for, officer_chengde, exited):
    c = en(client_for(officer_chengde))
    resp = c.post(
        "/api/v1/monitoring-cases/",
        {
            "household": exited.ref,
            "group": "unstable",
            "source": "rule",
            "reason": "收入低",
            "opened_on": d(OPENED),
        },
        content_type="application/json",
    )
    assert resp.status_code == 201, resp.content
    number = resp.json()["number"]
    step_url = f"/api/v1/monitoring-cases/{number}/step/"
    resp = c.post(
        step_url,
        {"step": "public_notice", "done_on": d(OPENED), "signed_name": "李强"},
        content_type="application/json",
    )
    assert resp.status_code == 400
    assert "home visit" in str(resp.json())
    resp = c.post(
        step_url,
        {"step": "home_visit", "done_on": d(OPENED + dt.timedelta(days=1)), "signed_name": "李强"},
        content_type="application/json",
    )
    assert resp.status_code == 200
    body = resp.json()
    assert body["next_step"] == "data_check"
    assert body["head_id_number"] == exited.masked_id_number
    assert [s["step"] for s in body["steps"]] == ["home_visit"]


def test_api_reads_are_scoped_and_writes_need_the_county_office(
    client_for, city_officer, officer_weichang, officer_chengde, exited
):
    case = open_case(officer_chengde, exited)
    city = client_for(city_officer)
    assert [r["number"] for r in city.get("/api/v1/monitoring-cases/").json()["results"]] == [
        case.number
    ]
    resp = city.post(
        f"/api/v1/monitoring-cases/{case.number}/step/", {}, content_type="application/json"
    )
    assert resp.status_code == 403
    weichang = client_for(officer_weichang)
    assert weichang.get(f"/api/v1/monitoring-cases/{case.number}/").status_code == 404
    resp = weichang.post(
        "/api/v1/monitoring-cases/",
        {"household": exited.ref, "group": "unstable", "source": "rule", "reason": "x"},
        content_type="application/json",
    )
    assert resp.status_code == 404
    assert MonitoringCase.objects.count() == 1
