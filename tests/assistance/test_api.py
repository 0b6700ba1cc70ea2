"""The assistance REST API (/api/v1/assistance/, /api/v1/projects/)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bangfu.assistance.models import Assistance, Project, ProjectProgress
from bangfu.assistance.services.records import assistance_save, assistance_submit
from tests.pairing.conftest import PNG_BYTES, scan

from .conftest import ON

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def api_for(client_for):
    def make(user):
        c = client_for(user)
        c.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return c

    return make


def post_json(c, url, data=None):
    return c.post(url, data or {}, content_type="application/json")


def patch_json(c, url, data):
    return c.patch(url, data, content_type="application/json")


@pytest.fixture
def body(pairing, households):
    return {
        "helper": pairing.helper.uscc,
        "village": pairing.village.code,
        "pairing": pairing.number,
        "on": ON.isoformat(),
        "pathway": "technology",
        "kind": "training",
        "description": "中药材种植技术培训",
        "persons_trained": 40,
        "poor_trained": 25,
        "beneficiaries": [households[1].ref, households[0].ref.lower()],
    }


def test_the_life_cycle_through_the_api(
    body, households, helper_liaison, officer_chengde, officer_weichang, api_for
):
    liaison = api_for(helper_liaison)
    resp = post_json(liaison, f"{API}/assistance/", body)
    assert resp.status_code == 201, resp.json()
    record = resp.json()
    number = record["number"]
    assert (record["status"], record["period"], record["pathway"], record["kind"]) == (
        "draft",
        "2017H2",
        "technology",
        "training",
    )
    assert record["beneficiaries"] == sorted(h.ref for h in households[:2])
    assert (record["households_reached"], record["evidence_count"]) == (2, 0)
    assert record["village"]["county_code"] == "130821"
    assert record["created_by"] == "helper_liaison"
    url = f"{API}/assistance/{number}/"

    resp = patch_json(liaison, url, {"persons_trained": 42, "version": record["version"]})
    assert resp.status_code == 200, resp.json()
    assert (resp.json()["persons_trained"], resp.json()["poor_trained"]) == (42, 25)
    assert resp.json()["beneficiaries"] == record["beneficiaries"]  # not sent: kept
    assert patch_json(liaison, url, {"description": "x", "version": 1}).status_code == 409

    assert post_json(liaison, url + "submit/").json()["status"] == "submitted"
    assert post_json(liaison, url + "confirm/").status_code == 403
    weichang = api_for(officer_weichang)
    assert weichang.get(url).status_code == 404
    assert post_json(weichang, url + "confirm/").status_code == 404
    assert weichang.get(f"{API}/assistance/").json()["count"] == 0

    county = api_for(officer_chengde)
    resp = post_json(county, url + "return/")
    assert resp.status_code == 400
    assert "note" in resp.json()
    resp = post_json(county, url + "return/", {"note": "请补充签到表"})
    assert (resp.json()["status"], resp.json()["review_note"]) == ("returned", "请补充签到表")
    post_json(liaison, url + "submit/")
    resp = post_json(county, url + "confirm/")
    assert resp.status_code == 200, resp.json()
    assert (resp.json()["status"], resp.json()["confirmed_by"]) == ("confirmed", "officer_chengde")

    resp = patch_json(liaison, url, {"persons_trained": 50})
    assert resp.status_code == 400
    assert "cannot be edited" in resp.content.decode()
    assert post_json(liaison, url + "reopen/", {"reason": "x"}).status_code == 403
    resp = post_json(liaison, url + "correct/", {"persons_trained": 45})
    assert resp.status_code == 201, resp.json()
    correction = resp.json()
    assert (correction["status"], correction["corrects"], correction["persons_trained"]) == (
        "draft",
        number,
        45,
    )
    assert correction["beneficiaries"] == record["beneficiaries"]
    assert liaison.get(url).json()["corrections"] == [correction["number"]]

    resp = post_json(county, url + "reopen/")
    assert resp.status_code == 400
    assert "reason" in resp.json()
    resp = post_json(county, url + "reopen/", {"reason": "人数有误"})
    assert (resp.json()["status"], resp.json()["review_note"]) == ("draft", "人数有误")


def test_a_record_with_evidence_files(body, helper_liaison, api_for):
    data = {**body, "files": [scan("签到表.png", PNG_BYTES, "image/png"), scan()]}
    resp = api_for(helper_liaison).post(f"{API}/assistance/", data)
    assert resp.status_code == 201, resp.json()
    assert resp.json()["evidence_count"] == 2
    assert len(resp.json()["beneficiaries"]) == 2
    bad = {**body, "files": [scan("x.pdf", b"MZ\x90\x00 program", "application/pdf")]}
    resp = api_for(helper_liaison).post(f"{API}/assistance/", bad)
    assert resp.status_code == 400
    assert "files" in resp.json()


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (
            {"pathway": "charity", "kind": "money_donation", "money_yuan": "1000000000000"},
            "money_yuan",
            "more than one record can hold",
        ),
        ({"money_yuan": "-1"}, "money_yuan", "cannot be negative"),
        ({"poor_trained": 41}, "poor_trained", "cannot outnumber"),
        ({"kind": "purchase"}, "kind", "is not a kind of"),
        ({"on": "2017-04-30"}, "on", "before pairing"),
        ({"on": "2999-01-01"}, "on", "future"),
        ({"beneficiaries": ["HNOSUCH00001"]}, "beneficiaries", "HNOSUCH00001"),
        ({"description": ""}, "description", "Say what was done"),
        ({"pairing": "KQ99999999999999"}, "pairing", "No pairing"),
    ],
)
def test_bad_input_is_400_with_the_rule(body, helper_liaison, api_for, change, field, words):
    resp = post_json(api_for(helper_liaison), f"{API}/assistance/", {**body, **change})
    assert resp.status_code == 400
    assert list(resp.json()) == [field]
    assert words in " ".join(resp.json()[field])
    assert not Assistance.objects.exists()


def test_a_beneficiary_outside_the_village_is_400(body, households, helper_liaison, api_for):
    resp = post_json(
        api_for(helper_liaison),
        f"{API}/assistance/",
        {**body, "beneficiaries": [households[2].ref]},
    )
    assert resp.status_code == 400
    message = resp.json()["beneficiaries"][0]
    assert households[2].ref in message
    assert "李三" not in message  # no head name for a household out of reach


def test_who_may_record_and_review(
    body,
    training,
    weichang_village,
    make_helper,
    helper_liaison,
    officer_chengde,
    city_officer,
    inspector,
    auditor,
    api_for,
):
    # the city office and inspectors read, never write; the auditor reads nothing
    for user in (city_officer, inspector):
        c = api_for(user)
        assert post_json(c, f"{API}/assistance/", body).status_code == 403
        assert c.get(f"{API}/assistance/").status_code == 200
    assert api_for(auditor).get(f"{API}/assistance/").status_code == 403
    # a liaison records for its own helper only; a county office in its county only
    other = make_helper(name="别家企业")
    resp = post_json(
        api_for(helper_liaison),
        f"{API}/assistance/",
        {**body, "helper": other.uscc, "pairing": None},
    )
    assert resp.status_code == 403
    resp = post_json(
        api_for(officer_chengde),
        f"{API}/assistance/",
        {**body, "village": weichang_village.code, "pairing": None, "beneficiaries": []},
    )
    assert resp.status_code == 403
    assert not Assistance.objects.exists()
    # another helper's record is out of the liaison's sight
    theirs = assistance_save(user=officer_chengde, **{**training, "helper": other, "pairing": None})
    assert api_for(helper_liaison).get(f"{API}/assistance/{theirs.number}/").status_code == 404
    assert api_for(helper_liaison).get(f"{API}/assistance/").json()["count"] == 0
    assert api_for(city_officer).get(f"{API}/assistance/{theirs.number}/").status_code == 200
    assert (
        post_json(api_for(city_officer), f"{API}/assistance/{theirs.number}/submit/").status_code
        == 403
    )


def test_list_filters(training, pairing, helper_liaison, officer_chengde, city_officer, api_for):
    first = assistance_save(user=helper_liaison, **training)
    assistance_save(
        user=helper_liaison,
        **{
            **training,
            "on": ON.replace(year=2018),
            "pathway": "commerce",
            "kind": "purchase",
            "description": "收购小米",
            "persons_trained": 0,
            "poor_trained": 0,
            "purchase_yuan": "64000",
        },
    )
    assistance_submit(user=helper_liaison, record=first)
    c = api_for(city_officer)

    def numbers(**params):
        resp = c.get(f"{API}/assistance/", params)
        assert resp.status_code == 200, resp.json()
        return [r["kind"] for r in resp.json()["results"]]

    assert numbers() == ["purchase", "training"]
    assert numbers(period="2017h2") == ["training"]
    assert numbers(status="submitted") == ["training"]
    assert numbers(pathway="commerce", kind="purchase") == ["purchase"]
    assert numbers(county="130821", village=pairing.village.code) == ["purchase", "training"]
    assert numbers(township=pairing.village.parent.code, helper=pairing.helper.uscc.lower()) == [
        "purchase",
        "training",
    ]
    assert numbers(county="130828") == []
    resp = c.get(f"{API}/assistance/", {"period": "2017-2"})
    assert resp.status_code == 400
    assert "period" in resp.json()
    row = c.get(f"{API}/assistance/", {"kind": "purchase"}).json()["results"][0]
    assert (row["purchase_yuan"], row["pathway_label"]) == ("64000.00", "commerce")


def test_the_list_query_count_is_flat(
    training, helper_liaison, officer_chengde, api_for, django_assert_max_num_queries
):
    for i in range(6):
        assistance_save(user=helper_liaison, **{**training, "description": f"第{i}次"})
    c = api_for(officer_chengde)
    c.get(f"{API}/me/")
    with django_assert_max_num_queries(8):
        assert c.get(f"{API}/assistance/").json()["count"] == 6


def test_projects_with_targets_and_actual_totals(
    programme,
    poor_villages,
    weichang_village,
    officer_chengde,
    city_officer,
    helper_liaison,
    api_for,
):
    project = Project.objects.create(
        programme=programme,
        code="forage-grass",
        name="饲草种植项目",
        first_year=2017,
        target_area_mu=Decimal("17100"),
        target_livestock=52500,
        target_revenue_yuan=Decimal("210000000"),
    )
    for period, village, area, head, revenue in (
        ("2017H2", poor_villages[0], "300", 120, "450000"),
        ("2018H1", poor_villages[0], "200", 80, "300000"),
        ("2017H2", weichang_village, "1000.5", 500, "1000000"),
    ):
        ProjectProgress.objects.create(
            project=project,
            period=period,
            village=village,
            area_mu=Decimal(area),
            livestock=head,
            revenue_yuan=Decimal(revenue),
        )
    city = api_for(city_officer)
    listed = city.get(f"{API}/projects/").json()["results"]
    assert [p["code"] for p in listed] == ["forage-grass"]
    assert listed[0]["target"] == {
        "area_mu": "17100.00",
        "livestock": 52500,
        "revenue_yuan": "210000000.00",
    }
    actual = listed[0]["actual"]
    assert (actual["area_mu"], actual["livestock"], actual["revenue_yuan"]) == (
        "1500.50",
        700,
        "1750000.00",
    )
    assert (actual["first_year_revenue_yuan"], actual["villages"]) == ("1450000.00", 2)
    assert actual["livestock_percent"] == round(700 * 100 / 52500, 1)
    up_to = city.get(f"{API}/projects/", {"up_to": "2017h2"}).json()["results"][0]
    assert up_to["actual"]["livestock"] == 620
    assert city.get(f"{API}/projects/", {"up_to": "2017"}).status_code == 400
    detail = city.get(f"{API}/projects/forage-grass/").json()
    assert [(c["county_code"], c["livestock"]) for c in detail["by_county"]] == [
        ("130821", 200),
        ("130828", 500),
    ]
    county = api_for(officer_chengde).get(f"{API}/projects/forage-grass/").json()
    assert county["actual"]["livestock"] == 200
    assert [c["county_code"] for c in county["by_county"]] == ["130821"]
    liaison = api_for(helper_liaison).get(f"{API}/projects/").json()["results"]
    assert liaison[0]["actual"]["livestock"] == 0
    assert city.get(f"{API}/projects/nosuch/").status_code == 404
    assert post_json(city, f"{API}/projects/").status_code == 405


def test_a_county_office_records_project_progress(
    programme, poor_villages, weichang_village, officer_chengde, city_officer, api_for
):
    Project.objects.create(programme=programme, code="forage-grass", name="饲草", first_year=2017)
    url = f"{API}/projects/forage-grass/progress/"
    row = {"period": "2018H1", "village": poor_villages[0].code, "area_mu": "120.5"}
    c = api_for(officer_chengde)
    resp = post_json(c, url, {**row, "livestock": 30})
    assert resp.status_code == 201, resp.json()
    assert (resp.json()["area_mu"], resp.json()["livestock"], resp.json()["household"]) == (
        "120.50",
        30,
        None,
    )
    resp = post_json(c, url, {**row, "livestock": 40})
    assert (resp.status_code, resp.json()["livestock"]) == (200, 40)  # replaced
    assert ProjectProgress.objects.count() == 1
    resp = post_json(c, url, {**row, "area_mu": "-1"})
    assert resp.status_code == 400
    assert "area_mu" in resp.json()
    resp = post_json(c, url, {**row, "village": weichang_village.code})
    assert resp.status_code == 403
    resp = post_json(c, url, {**row, "household": "HNOSUCH00001"})
    assert resp.status_code == 400
    assert "household" in resp.json()
    assert post_json(api_for(city_officer), url, row).status_code == 403
    assert post_json(c, f"{API}/projects/nosuch/progress/", row).status_code == 404


def test_the_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    text = (tmp_path / "schema.yml").read_text()
    for name in (
        "/api/v1/assistance/{number}/confirm/",
        "/api/v1/assistance/{number}/return/",
        "/api/v1/assistance/{number}/correct/",
        "/api/v1/projects/{code}/",
        "/api/v1/projects/{code}/progress/",
        "AssistanceStatusEnum",
        "AssistanceKindEnum",
    ):
        assert name in text
