# ruff: noqa: F811  (the access matrix's `objects` fixture is imported below)
"""A county, township or village outside the user's scope named in the query answers 404,
never a quietly narrowed answer that reads as true (issue 13: `/pairings/coverage/?county=
130821` as 围场's officer said "所有贫困村都有帮扶主体")."""

import pytest

from bangfu.accounts.models import AuditEvent
from tests.test_access_matrix import MATRIX, objects  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

FOREIGN = {"county": "130821", "township": "130821100", "village": "130821100201"}  # 承德县's


def _with(path, name, code):
    return f"{path}{'&' if '?' in path else '?'}{name}={code}"


def test_coverage_for_another_county_is_404_not_all_covered(officer_weichang, client_for):
    c = client_for(officer_weichang)
    resp = c.get("/pairings/coverage/?county=130821")
    assert resp.status_code == 404
    assert "所有贫困村都有帮扶主体" not in resp.content.decode()
    ev = AuditEvent.objects.get(event="access_denied")
    assert (ev.object_type, ev.object_id, ev.actor_name) == (
        "places.division",
        "130821",
        "officer_weichang",
    )
    assert c.get("/pairings/coverage/?county=130828").status_code == 200


def test_api_answers_404_in_json(officer_weichang, client_for):
    resp = client_for(officer_weichang).get("/api/v1/coverage/?county=130821")
    assert resp.status_code == 404
    assert resp.json() == {"detail": "您的范围内没有这个行政区划。"}


def test_an_api_client_with_a_token_gets_the_same_404(officer_weichang, client):
    """The rule holds for API clients signed in with a token, not only with a session."""
    from django.test import Client

    from tests.conftest import api_token

    token = api_token(client, officer_weichang)
    api = Client(HTTP_AUTHORIZATION=f"Token {token}")
    resp = api.get("/api/v1/coverage/?county=130821")
    assert resp.status_code == 404
    assert resp.json() == {"detail": "您的范围内没有这个行政区划。"}
    denial = AuditEvent.objects.get(event="access_denied")
    assert (denial.actor_name, denial.object_id) == ("officer_weichang", "130821")
    assert api.get("/api/v1/coverage/?county=130828").status_code == 200
    assert api.get("/api/v1/households/?village=130821100201").status_code == 404
    # a bad token is still DRF's 401, not a 404 that would tell codes apart
    bad = Client(HTTP_AUTHORIZATION="Token 0000").get("/api/v1/coverage/?county=130821")
    assert bad.status_code == 401


def test_a_code_of_the_wrong_level_or_unknown_is_404(officer_chengde, client_for):
    c = client_for(officer_chengde)
    assert c.get("/pairings/coverage/?county=130821100").status_code == 404
    assert c.get("/pairings/coverage/?county=999999").status_code == 404
    assert c.get("/pairings/coverage/?county=130821").status_code == 200


@pytest.mark.parametrize("param", sorted(FOREIGN))
def test_every_page_answers_404_to_a_foreign_scope_parameter(
    param, objects, officer_weichang, client_for
):
    """Every GET page and API endpoint of the access matrix that 围场's officer may open
    answers 404 once it names 承德县 (or a township or village of it) in the query; the same
    page with 围场县's own code answers as before."""
    c = client_for(officer_weichang)
    own = {"county": "130828", "township": "130828100", "village": None}
    checked, wrong = 0, []
    for method, path, expected in MATRIX.values():
        if method != "get" or expected["officer_weichang"] != 200:
            continue
        url = path.format(**objects)
        if f"{param}=" in url:
            continue
        checked += 1
        got = c.get(_with(url, param, FOREIGN[param])).status_code
        if got != 404:
            wrong.append((url, got))
        if own[param]:
            mine = c.get(_with(url, param, own[param])).status_code
            if mine == 404:
                wrong.append((_with(url, param, own[param]), mine))
    assert checked > 60
    assert wrong == []


def test_programme_wide_roles_and_the_own_office_are_not_refused(
    city_officer, officer_chengde, inspector, client_for
):
    for user in (city_officer, officer_chengde, inspector):
        assert client_for(user).get("/pairings/coverage/?county=130821").status_code == 200


def test_a_liaison_naming_another_helper_gets_404(helper_liaison, helper_org, client_for):
    """A helper's liaison that names another helper's USCC in `helper=` gets 404 (audited),
    not an empty list that reads as "that firm has no records"; its own USCC still works."""
    from bangfu.core.identifiers.uscc import make_uscc
    from bangfu.helpers.models import Helper

    other = Helper.objects.create(
        name="承德外埠建材有限公司", uscc=make_uscc("91130800MA0B2C3D4"), kind="private"
    )
    c = client_for(helper_liaison)
    assert c.get(f"/assistance/?helper={other.uscc}").status_code == 404
    resp = c.get(f"/api/v1/assistance/?helper={other.uscc}")
    assert resp.status_code == 404
    assert resp.json() == {"detail": "未找到。"}
    denials = AuditEvent.objects.filter(event="access_denied", object_type="helpers.helper")
    assert [(d.object_id, d.actor_name) for d in denials] == [(other.uscc, "helper_liaison")] * 2
    assert c.get(f"/assistance/?helper={helper_org.uscc}").status_code == 200
    assert c.get(f"/api/v1/assistance/?helper={helper_org.uscc}").status_code == 200


def test_the_offices_may_narrow_by_any_helper(officer_weichang, helper_org, client_for):
    assert (
        client_for(officer_weichang).get(f"/assistance/?helper={helper_org.uscc}").status_code
        == 200
    )
