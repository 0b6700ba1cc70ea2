import pytest

from bangfu.places.models import Division

pytestmark = pytest.mark.django_db


def test_county_officer_sees_only_their_county_in_the_tree(client_for, officer_chengde):
    body = client_for(officer_chengde).get("/places/").content.decode()
    assert 'data-code="130821"' in body
    for other in ("130822", "130825", "130828", "130881"):
        assert f'data-code="{other}"' not in body


def test_city_officer_sees_all_five_counties_with_counts(client_for, city_officer):
    resp = client_for(city_officer).get("/places/")
    counties = list(resp.context["counties"])
    assert [c.code for c in counties] == ["130821", "130822", "130825", "130828", "130881"]
    totals = {c.code: (c.n_children, c.n_villages) for c in counties}
    expected = {
        c.code: (
            Division.objects.filter(parent=c).count(),
            Division.objects.filter(county=c, level="village").count(),
        )
        for c in counties
    }
    assert totals == expected
    assert sum(v for _, v in totals.values()) == 1638
    assert resp.context["totals"] == {"city": 1, "county": 5, "township": 126, "village": 1638}


def test_tree_query_count_does_not_grow_with_counties(
    client_for, city_officer, django_assert_max_num_queries
):
    c = client_for(city_officer)
    # +1: the city office's second-factor device, read on every request (django-otp)
    with django_assert_max_num_queries(9):
        c.get("/places/")


def test_division_page_lists_children_and_service_points(client_for, officer_chengde):
    from bangfu.places.models import ServicePoint, ServiceStaff

    township = Division.objects.get(code="130821100")
    point = ServicePoint.objects.create(
        kind="centre", division=township, name="下板城镇科技服务中心"
    )
    ServiceStaff.objects.create(point=point, name="张伟", post="站长", phone="03141234567")
    resp = client_for(officer_chengde).get("/places/130821100/")
    body = resp.content.decode()
    assert resp.status_code == 200
    assert "下板城镇科技服务中心" in body
    assert "张伟" in body
    assert len(resp.context["children"]) == Division.objects.filter(parent=township).count()


def test_unknown_division_code_answers_404(client_for, city_officer):
    c = client_for(city_officer)
    assert c.get("/places/999999/").status_code == 404
    assert c.get("/places/not-a-code/").status_code == 404
    assert c.get("/api/v1/divisions/999999/").status_code == 404


def test_other_county_is_404_on_page_partial_and_api(client_for, officer_chengde):
    c = client_for(officer_chengde)
    assert c.get("/places/130828/").status_code == 404
    assert c.get("/places/130828100/").status_code == 404  # a township of Weichang
    assert c.get("/places/130828/children/").status_code == 404
    assert c.get("/api/v1/divisions/130828/").status_code == 404


def test_search_by_pinyin_initials_page_and_htmx(client_for, officer_chengde):
    c = client_for(officer_chengde)
    page = c.get("/places/search/", {"q": "xbc"})
    assert "下板城镇" in page.content.decode()
    partial = c.get("/places/search/", {"q": "xbc"}, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()
    assert "下板城镇" in partial.content.decode()


def test_search_stays_in_scope(client_for, officer_weichang):
    results = (
        client_for(officer_weichang).get("/places/search/", {"q": "下板城"}).context["results"]
    )
    assert results == []
    results = client_for(officer_weichang).get("/places/search/", {"q": "xbc"}).context["results"]
    assert results
    assert {d.county.code for d in results} == {"130828"}


def test_search_with_no_match_says_so(client_for, city_officer):
    body = client_for(city_officer).get("/places/search/", {"q": "zzzzqq"}).content.decode()
    assert "zzzzqq" in body
    assert 'data-testid="search-results"' in body


def test_api_lists_are_scoped_and_filterable(client_for, officer_chengde, city_officer):
    data = client_for(officer_chengde).get("/api/v1/divisions/", {"level": "township"}).json()
    assert data["count"] == Division.objects.filter(level="township", county__code="130821").count()
    assert {r["county_code"] for r in data["results"]} == {"130821"}
    everything = client_for(city_officer).get("/api/v1/divisions/", {"level": "village"}).json()
    assert everything["count"] == 1638
    found = client_for(city_officer).get("/api/v1/divisions/", {"q": "xbcz"}).json()
    assert [r["code"] for r in found["results"]] == ["130821100"]


def test_api_me_shows_role_and_scope(client_for, officer_chengde):
    me = client_for(officer_chengde).get("/api/v1/me/").json()
    assert me == {
        "username": "officer_chengde",
        "full_name": "officer_chengde",
        "role": "county",
        "role_label": me["role_label"],
        "county_code": "130821",
        "county_name": "承德县",
    }


def test_api_token_authentication(client, officer_chengde):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=officer_chengde)
    resp = client.get("/api/v1/divisions/130821/", headers={"Authorization": f"Token {token.key}"})
    assert resp.status_code == 200
    assert resp.json()["name"] == "承德县"
    assert (
        client.get(
            "/api/v1/divisions/130821/", headers={"Authorization": "Token wrong"}
        ).status_code
        == 401
    )


def test_openapi_schema_lists_the_endpoints(client_for, city_officer):
    resp = client_for(city_officer).get("/api/schema/", headers={"Accept": "application/json"})
    text = resp.content.decode()
    for path in ("/api/v1/divisions/", "/api/v1/me/", "/api/v1/audit-events/"):
        assert path in text


def test_api_list_query_count_is_flat(client_for, city_officer, django_assert_max_num_queries):
    c = client_for(city_officer)
    with django_assert_max_num_queries(8):
        c.get("/api/v1/divisions/", {"level": "village"})
    with django_assert_max_num_queries(8):
        c.get("/api/v1/service-points/")
