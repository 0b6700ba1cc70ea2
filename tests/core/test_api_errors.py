"""No server errors from the API: every lookup answers a JSON 404 for an id that cannot
exist, and every API error is JSON, also with DEBUG off (issue 12)."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

# Ids that no record can have: not numbers, not in range, not codes, a NUL byte.
BAD_IDS = ["abc", "1e5", "-1", "99999999999999999999", "%00", "%E4%B8%AD"]
METHODS = ["get", "put", "patch", "delete", "post"]
GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")


def _api_detail_patterns(resolver=None, prefix=""):
    """(url name, regex) of every /api/v1/ route that takes a lookup value."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        regex = prefix + p.pattern.regex.pattern.lstrip("^")
        if isinstance(p, URLResolver):
            yield from _api_detail_patterns(p, regex.rstrip("$"))
        elif (
            isinstance(p, URLPattern)
            and regex.startswith("api/v1/")
            and GROUP.search(regex)
            and "(?P<format>" not in regex
        ):
            yield p.name, regex


def _path(regex: str, value: str) -> str:
    return "/" + GROUP.sub(value, regex).replace("\\", "").rstrip("$")


DETAIL_ROUTES = sorted(_api_detail_patterns())


def test_the_walk_sees_every_detail_route():
    """The walk below is over the real router: the examples of the issue are in it."""
    names = {name for name, _ in DETAIL_ROUTES}
    for name in (
        "loan-detail",
        "leading-group-member-detail",
        "demonstration-recommendation-select",
        "donation-receipt-void",
        "evaluation-score",
        "follow-up-detail",
        "submission-checks",
        "visit-detail",
        "helper-detail",
        "household-detail",
        "monitoring-case-detail",
    ):
        assert name in names
    assert len(DETAIL_ROUTES) >= 55


def _assert_json_error(response, what):
    assert 400 <= response.status_code < 500, f"{what}: {response.status_code}"
    assert response["Content-Type"].startswith("application/json"), what
    assert "detail" in response.json(), what


@pytest.mark.parametrize(("name", "regex"), DETAIL_ROUTES, ids=[n for n, _ in DETAIL_ROUTES])
def test_every_lookup_answers_json_4xx_for_an_impossible_id(name, regex, city_officer):
    from bangfu.places.models import Programme

    Programme.objects.create(name="科企帮万村", start_year=2017, end_year=2020, is_current=True)
    client = Client(raise_request_exception=False)
    sign_in(client, city_officer)
    for value in BAD_IDS:
        path = _path(regex, value)
        for method in METHODS:
            response = getattr(client, method)(path, {}, content_type="application/json")
            what = f"{method.upper()} {path}"
            _assert_json_error(response, what)
            # 400: a NUL byte is refused before routing; 403: the role may not use the
            # endpoint at all (the auditor's trail); 405: the route takes no such method
            expected = {400} if value == "%00" else {403, 404, 405}
            assert response.status_code in expected, what


@pytest.mark.parametrize("name", ["loan-detail", "visit-detail", "submission-detail"])
def test_a_missing_record_is_a_json_404_for_a_county_officer(name, officer_chengde):
    from bangfu.places.models import Programme

    Programme.objects.create(name="科企帮万村", start_year=2017, end_year=2020, is_current=True)
    regex = dict(DETAIL_ROUTES)[name]
    client = Client(raise_request_exception=False)
    sign_in(client, officer_chengde)
    response = client.get(_path(regex, "987654321"))
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。"}


def test_an_unknown_api_address_is_a_json_404_for_anyone():
    for path in ("/api/v1/no-such-thing/", "/api/v1/loans/abc/", "/api/v1/loans/1/nothing/"):
        response = Client().get(path)
        assert response.status_code == 404, path
        assert response.json() == {"detail": "未找到。"}, path


@override_settings(DEBUG=True)
def test_an_unknown_api_address_is_json_also_with_debug_on(city_officer):
    client = Client()
    sign_in(client, city_officer)
    response = client.get("/api/v1/loans/abc/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_a_page_outside_the_api_keeps_its_html_404(city_officer):
    client = Client()
    sign_in(client, city_officer)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@override_settings(DEBUG=False, ROOT_URLCONF="tests.core.api_error_urls")
def test_an_unexpected_api_error_is_json_500_with_debug_off(city_officer):
    client = Client(raise_request_exception=False)
    sign_in(client, city_officer)
    response = client.get("/api/v1/boom/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "服务器出现了错误。"}
    # a page outside the API keeps Django's own error page
    response = client.get("/boom/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


@override_settings(DEBUG=False, ROOT_URLCONF="tests.core.api_error_urls")
def test_a_bad_request_under_the_api_is_json(city_officer):
    client = Client(raise_request_exception=False)
    sign_in(client, city_officer)
    response = client.get("/api/v1/suspicious/")
    assert response.status_code == 400
    assert response.json() == {"detail": "请求有误。"}


def test_a_nul_byte_in_the_query_is_a_json_400(city_officer):
    from bangfu.helpers.models import Helper

    client = Client(raise_request_exception=False)
    sign_in(client, city_officer)
    before = Helper.objects.count()
    response = client.get("/api/v1/helpers/", {"q": "绿\x00源"})
    assert response.status_code == 400
    assert response.json() == {"detail": "请求中不能含有空字符(NUL)。"}
    assert Helper.objects.count() == before


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("bangfu.pairing.serializers.shared", "HelperRefField"),
        ("bangfu.pairing.serializers.shared", "VillageRefField"),
        ("bangfu.assistance.serializers.records", "PairingRefField"),
    ],
)
def test_a_code_with_a_nul_byte_is_refused_before_any_query(
    module, name, city_officer, django_assert_num_queries
):
    """On PostgreSQL the query itself would fail (a server error, seen by schemathesis on
    POST /api/v1/site-visits/); every database now answers the field's own 400 message."""
    import importlib

    from rest_framework.exceptions import ValidationError
    from rest_framework.test import APIRequestFactory

    field = getattr(importlib.import_module(module), name)()
    request = APIRequestFactory().get("/")
    request.user = city_officer
    field._context = {"request": request}
    with django_assert_num_queries(0), pytest.raises(ValidationError) as exc:
        field.to_internal_value("9113\x00")
    assert exc.value.detail == [str(field.error_messages["invalid"])]


def test_a_nul_byte_in_a_form_is_a_400_and_changes_nothing(city_officer):
    """A page's form field with NUL would be stored (SQLite) or fail the save (PostgreSQL)."""
    from bangfu.accounts.models import AuditEvent

    client = Client(raise_request_exception=False)
    before = AuditEvent.objects.count()
    response = client.post("/accounts/login/", {"username": "city_officer\x00", "password": "x"})
    assert response.status_code == 400
    assert response.content.decode() == "请求中不能含有空字符(NUL)。"
    assert AuditEvent.objects.count() == before
