"""The top bar: the parts grouped by work, only what the role may open, every entry opens."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.utils import translation

from bangfu.dashboard.navigation import menus_for, navigation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _labels(user, path="/"):
    return {str(m["label"]): [str(i["label"]) for i in m["items"]] for m in menus_for(user, path)}


def test_a_county_office_sees_its_work_in_a_few_menus(officer_chengde):
    menus = _labels(officer_chengde)
    assert list(menus) == [
        "Home",
        "Registries",
        "Pairing and assistance",
        "Science services",
        "Reporting",
        "Oversight",
        "Dashboard",
    ]
    assert "Records to confirm" in menus["Pairing and assistance"]
    assert "Households" in menus["Registries"]


def test_a_liaison_sees_no_reporting_no_households_no_confirmation(helper_liaison):
    menus = _labels(helper_liaison)
    assert "Reporting" not in menus
    assert "System" not in menus
    assert "Households" not in menus["Registries"]
    assert "Records to confirm" not in menus["Pairing and assistance"]
    assert "Coverage" not in menus["Pairing and assistance"]


def test_the_institute_finds_its_network_visits_and_households(institute_staff, helper_liaison):
    assert _labels(institute_staff)["Science services"] == [
        "Service network",
        "Tech-help visits",
        "Tech-help households",
    ]
    # a liaison reads the published network, never the households or their visits
    assert _labels(helper_liaison)["Science services"] == ["Service network"]


def test_the_auditor_and_administrators_see_only_their_tool(auditor, sysadmin, security_admin):
    assert _labels(auditor) == {"System": ["Audit trail"]}
    assert _labels(sysadmin) == {"System": ["Accounts"]}
    assert _labels(security_admin) == {"System": ["Accounts"]}


def test_the_page_one_is_on_is_marked_once(officer_chengde):
    menus = menus_for(officer_chengde, "/registry/monitoring/")
    active = [(str(m["label"]), str(i["label"])) for m in menus for i in m["items"] if i["active"]]
    assert active == [("Registries", "Monitoring")]  # not also Villages or Households


@pytest.mark.parametrize(
    "persona",
    ["city_officer", "officer_chengde", "institute_staff", "helper_liaison", "inspector"],
)
def test_every_entry_a_role_is_shown_opens_for_it(persona, request, client_for):
    from bangfu.places.models import Programme

    Programme.objects.create(name="科企帮万村", start_year=2017, end_year=2020, is_current=True)
    user = request.getfixturevalue(persona)
    client = client_for(user)
    for menu in menus_for(user, "/"):
        for item in menu["items"]:
            assert client.get(item["url"]).status_code == 200, (persona, item["url"])


def test_signed_out_there_is_no_menu(db):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert navigation(request) == {"nav_menus": []}
