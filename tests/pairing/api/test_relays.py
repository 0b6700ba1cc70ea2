"""/api/v1/relays/: from the report to the candidates to the hand-over, and cancelling."""

from __future__ import annotations

import datetime as dt

import pytest

from bangfu.pairing.services.plans import plan_item_save
from bangfu.pairing.services.relays import relay_report

from ..conftest import make_active, scan
from .conftest import API, patch_json, post_json

pytestmark = pytest.mark.django_db


def test_a_relay_from_report_to_candidates_to_hand_over(
    programme,
    village,
    helpers,
    make_helper,
    helper_org,
    helper_liaison,
    officer_chengde,
    api_for,
):
    old = make_active(officer_chengde, helper_org, village, "养殖")
    plan_item_save(
        user=officer_chengde,
        pairing=old,
        what="建圈舍",
        indicator="圈舍",
        target_value=5,
        unit="栋",
        due_date=dt.date(2030, 1, 1),
    )
    liaison = api_for(helper_liaison)
    resp = post_json(liaison, f"{API}/pairings/{old.number}/relay/", {"reason": "企业转产"})
    assert resp.status_code == 201, resp.json()
    relay = resp.json()
    assert (relay["state"], relay["pairing"], relay["successor"]) == ("open", old.number, None)
    url = f"{API}/relays/{relay['id']}/"
    assert liaison.get(url).status_code == 200
    assert liaison.get(url + "candidates/").status_code == 403
    assert post_json(liaison, url + "hand-over/", {"helper": helpers[0].uscc}).status_code == 403

    fit = make_helper(name="养殖接力企业", capacity=2, industry="养殖")
    full = make_helper(name="满员企业", capacity=1)
    make_active(officer_chengde, full, village, "电商")
    c = api_for(officer_chengde)
    found = c.get(url + "candidates/").json()
    uscc = [row["uscc"] for row in found["candidates"]]
    assert found["relay"] == relay["id"]
    assert uscc[0] == fit.uscc
    assert helper_org.uscc not in uscc
    assert full.uscc not in uscc
    first = found["candidates"][0]
    assert first["matches"] == ["养殖"]
    assert first["room"] == 2
    assert first["load"] == 0
    assert c.get(url + "candidates/", {"limit": "2"}).json()["candidates"][1:] != []
    assert len(c.get(url + "candidates/", {"limit": "2"}).json()["candidates"]) == 2

    resp = post_json(c, url + "hand-over/", {"helper": full.uscc})
    assert resp.status_code == 400
    assert "capacity" in resp.content.decode()
    resp = post_json(c, url + "hand-over/", {"helper": fit.uscc})
    assert resp.status_code == 201, resp.json()
    successor = resp.json()
    assert successor["predecessor"] == old.number
    assert successor["status"] == "proposed"
    assert [i["what"] for i in successor["plan_items"]] == ["建圈舍"]
    assert c.get(url).json()["state"] == "handing_over"
    assert c.get(url + "candidates/").json()["candidates"] == []
    assert c.get(f"{API}/relays/", {"state": "open"}).json()["count"] == 1

    number = successor["number"]
    c.post(f"{API}/pairings/{number}/agreement/", {"file": scan(), "signed_on": "2017-05-02"})
    today = dt.date.today().isoformat()
    resp = post_json(c, f"{API}/pairings/{number}/activate/", {"on": today})
    assert resp.status_code == 200, resp.json()
    old_now = c.get(f"{API}/pairings/{old.number}/").json()
    assert (old_now["status"], old_now["ended_on"], old_now["successor"]) == (
        "relayed",
        today,
        number,
    )
    assert c.get(url).json()["state"] == "done"
    assert c.get(f"{API}/relays/", {"state": "open"}).json()["count"] == 0
    # the old helper's liaison still sees the relay; the old pairing, now closed, is frozen
    assert liaison.get(url).json()["successor"] == number
    resp = patch_json(liaison, f"{API}/pairings/{old.number}/", {"content": "x"})
    assert resp.status_code == 400


def test_cancelling_a_relay(programme, village, helpers, officer_chengde, api_for):
    old = make_active(officer_chengde, helpers[0], village)
    relay = relay_report(user=officer_chengde, pairing=old, reason="退出")
    c = api_for(officer_chengde)
    resp = post_json(c, f"{API}/relays/{relay.pk}/cancel/", {"note": "企业恢复经营"})
    assert resp.status_code == 200
    assert (resp.json()["state"], resp.json()["note"]) == ("cancelled", "企业恢复经营")
    assert post_json(c, f"{API}/relays/{relay.pk}/cancel/").status_code == 400
