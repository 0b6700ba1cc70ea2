"""The suggestion API: run, read the pairs with reasons, accept, reject, weights."""

from __future__ import annotations

import pytest

from bangfu.pairing.models import Pairing, Status
from tests.pairing.api.conftest import api_for, post_json  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
API = "/api/v1/suggestion-runs/"


def test_run_read_accept_and_reject_through_the_api(scene, officer_chengde, api_for):  # noqa: F811
    c = api_for(officer_chengde)
    resp = post_json(c, API, {"widened": False})
    assert resp.status_code == 201, resp.json()
    run = resp.json()
    assert (run["status"], run["county"]) == ("done", "130821")
    assert run["summary"]["optimal"]["covered"] == 3
    assert run["summary"]["greedy"]["covered"] <= 3
    detail = c.get(f"{API}{run['id']}/").json()
    rows = {r["helper_name"]: r for r in detail["suggestions"]}
    cattle = rows["承德肉牛合作社"]
    assert any(r.startswith("industry match") for r in cattle["reasons"])
    assert cattle["first_helper"] is True
    resp = post_json(c, f"{API}{run['id']}/accept/", {"suggestions": [cattle["id"]]})
    assert resp.status_code == 200, resp.json()
    made = resp.json()["made"]
    assert Pairing.objects.get(number=made[0]).status == Status.PROPOSED
    again = post_json(c, f"{API}{run['id']}/accept/", {"suggestions": [cattle["id"]]})
    assert again.status_code == 400  # no longer open
    other = next(r for r in detail["suggestions"] if r["id"] != cattle["id"])
    bad = post_json(c, f"{API}{run['id']}/reject/", {"suggestion": other["id"], "reason": ""})
    assert bad.status_code == 400
    ok = post_json(c, f"{API}{run['id']}/reject/", {"suggestion": other["id"], "reason": "不合适"})
    assert ok.json()["state"] == "rejected"
    assert c.get(API).json()["count"] == 1


def test_weights_through_the_api(scene, city_officer, officer_chengde, api_for):  # noqa: F811
    county = api_for(officer_chengde)
    assert county.get(f"{API}weights/").json()["industry"] == 12
    put = county.put(f"{API}weights/", {"industry": 20}, content_type="application/json")
    assert put.status_code == 403
    city = api_for(city_officer)
    put = city.put(f"{API}weights/", {"industry": 20}, content_type="application/json")
    assert put.status_code == 200, put.json()
    assert city.get(f"{API}weights/").json()["industry"] == 20
    bad = city.put(f"{API}weights/", {"room": 101}, content_type="application/json")
    assert bad.status_code == 400


def test_a_county_office_cannot_run_another_county(scene, officer_chengde, api_for):  # noqa: F811
    resp = post_json(api_for(officer_chengde), API, {"county": "130828"})
    assert resp.status_code == 403
    resp = post_json(api_for(officer_chengde), API, {"county": "999999"})
    assert resp.status_code == 400
