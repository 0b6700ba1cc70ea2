"""The public liaison page /public/: no sign-in, no session, never a household's data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings

from bangfu.core.identifiers.resident_id import make_id_number
from bangfu.registry.models import Household, Member, VillageProfile
from tests.pairing.conftest import make_active

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def scene(programme, region_pairings, roster_chengde, poor_villages, make_helper, city_officer):
    """承德县: six poor villages; the first covered by an active pairing, the second exited,
    the others seeking helpers; households with ID numbers and phones in every village."""
    covered, exited, seeking = poor_villages[0], poor_villages[1], poor_villages[2]
    make_active(city_officer, make_helper(name="绿源公司"), covered)
    profile = VillageProfile.objects.get(village=exited)
    profile.exited_on = dt.date(2018, 12, 1)
    profile.save()
    profile = VillageProfile.objects.get(village=seeking)
    profile.resources = "山地多，适宜种植中药材"
    profile.save()
    households = []
    for i, v in enumerate(poor_villages):
        h = Household.objects.create(
            village=v,
            head_name=f"王秀{i}英",
            id_number=make_id_number(f"1308211980011{i}123"),
            phone=f"1381234567{i}",
            year_registered=2016,
        )
        Member.objects.create(
            household=h,
            name=f"王小{i}明",
            id_number=make_id_number(f"1308212010051{i}123"),
            relation="child",
        )
        households.append(h)
    return {"covered": covered, "exited": exited, "seeking": seeking, "households": households}


def test_the_public_page_answers_without_signing_in(scene, client):
    resp = client.get("/public/", **EN)
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "科企帮万村" in html
    assert "2017–2020" in html


def test_it_shows_each_countys_liaisons_and_no_other_member(scene, client):
    resp = client.get("/public/", **EN)
    liaisons = {county.code: members for county, members in resp.context["liaisons"]}
    assert [m.name for m in liaisons["130821"]] == ["李娜"]
    assert liaisons["130828"] == []
    html = resp.content.decode()
    assert "13931400001" in html
    assert "lina@example.cn" in html
    assert "赵刚" not in html  # the leader is not a liaison
    assert "No liaison person has been named yet." in html


def test_it_lists_the_villages_still_seeking_helpers_with_public_facts(scene, client):
    resp = client.get("/public/", **EN)
    names = [v.village for v in resp.context["villages"]]
    assert scene["seeking"].name in names
    assert scene["covered"].name not in names  # has an active pairing
    assert scene["exited"].name not in names  # has left the list
    assert len(names) == 4
    row = next(v for v in resp.context["villages"] if v.village == scene["seeking"].name)
    assert (row.county, row.township, row.industries, row.resources, row.places_free) == (
        "承德县",
        scene["seeking"].parent.name,
        "养殖,中药材",
        "山地多，适宜种植中药材",
        5,
    )


def test_it_never_shows_a_households_id_number_phone_or_names(
    scene, client, client_for, city_officer
):
    for c in (client, client_for(city_officer)):
        html = c.get("/public/").content.decode()
        for h in scene["households"]:
            assert h.id_number not in html
            assert h.id_number[-4:] + "<" not in html
            assert h.phone not in html
            assert h.head_name not in html
            for m in h.members.all():
                assert m.id_number not in html
                assert m.name not in html


def test_it_sets_no_session_cookie_and_may_be_cached(scene, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        resp = client.get("/public/")
    assert settings.SESSION_COOKIE_NAME not in resp.cookies
    assert settings.CSRF_COOKIE_NAME not in resp.cookies
    assert resp.cookies == {} or not any(resp.cookies.values())
    assert "public" in resp["Cache-Control"]
    assert "max-age=300" in resp["Cache-Control"]


def test_signed_in_users_see_it_too_without_caching(scene, client_for, officer_weichang):
    resp = client_for(officer_weichang).get("/public/")
    assert resp.status_code == 200
    assert resp["Cache-Control"] == "no-store"
    assert "李娜" in resp.content.decode()  # not limited to the user's county


def test_it_works_without_a_current_programme(client, db):
    resp = client.get("/public/", **EN)
    assert resp.status_code == 200
    assert "No programme is running at present." in resp.content.decode()


def test_the_sign_in_page_links_to_it(client):
    resp = client.get("/accounts/login/")
    assert 'href="/public/"' in resp.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/reporting/",
        "/reporting/roster/",
        "/reporting/demonstration/",
        "/registry/households/",
    ],
)
def test_anything_but_the_public_page_still_redirects_to_sign_in(client, db, url):
    resp = client.get(url)
    assert resp.status_code == 302
    assert resp["Location"].startswith("/accounts/login/")
