"""Who sees and does what in the pairing API: liaisons, the auditor, the system administrator."""

from __future__ import annotations

import datetime as dt

import pytest

from bangfu.pairing.models import PlanItem, Status
from bangfu.pairing.services.pairings import pairing_propose
from bangfu.pairing.services.plans import plan_item_save

from ..conftest import START, make_active, scan
from .conftest import API, patch_json, post_json

pytestmark = pytest.mark.django_db


def test_a_liaison_sees_only_its_own_pairings_and_cannot_activate(
    programme, poor_villages, helpers, helper_org, helper_liaison, officer_chengde, api_for
):
    other = make_active(officer_chengde, helpers[0], poor_villages[0])
    own = pairing_propose(
        user=officer_chengde,
        helper=helper_org,
        village=poor_villages[1],
        start_date=START,
        focus="电商",
        content="网店",
    )
    c = api_for(helper_liaison)
    listed = c.get(f"{API}/pairings/").json()
    assert [r["number"] for r in listed["results"]] == [own.number]
    assert c.get(f"{API}/pairings/{other.number}/").status_code == 404
    assert c.get(f"{API}/pairings/{own.number}/").status_code == 200

    # content, the agreement, the plan and progress: yes; dates and the life cycle: no
    url = f"{API}/pairings/{own.number}/"
    assert patch_json(c, url, {"content": "网店与直播"}).status_code == 200
    assert patch_json(c, url, {"start_date": "2018-01-01"}).status_code == 403
    resp = c.post(url + "agreement/", {"file": scan(), "signed_on": "2017-05-02"})
    assert resp.status_code == 200
    for action in ("agree", "activate", "end"):
        assert post_json(c, url + action + "/", {"reason": "想结束"}).status_code == 403
    own.refresh_from_db()
    assert (own.status, own.content, own.start_date) == (Status.PROPOSED, "网店与直播", START)
    resp = post_json(
        c,
        f"{API}/plan-items/",
        {
            "pairing": own.number,
            "what": "开设网店",
            "indicator": "网店",
            "target_value": "1",
            "unit": "个",
            "due_date": "2030-01-01",
        },
    )
    assert resp.status_code == 201
    resp = post_json(c, f"{API}/plan-items/{resp.json()['id']}/progress/", {"value": "1"})
    assert resp.status_code == 201
    assert resp.json()["item"]["state"] == "done"
    # proposing is the offices' work
    resp = post_json(
        c,
        f"{API}/pairings/",
        {"helper": helper_org.uscc, "village": poor_villages[2].code, "start_date": "2017-05-01"},
    )
    assert resp.status_code == 403
    # plan items and visits of other helpers stay out of sight
    plan_item_save(
        user=officer_chengde,
        pairing=other,
        what="圈舍",
        indicator="圈舍",
        target_value=5,
        unit="栋",
        due_date=dt.date(2030, 1, 1),
    )
    hidden = PlanItem.objects.get(pairing=other)
    assert c.get(f"{API}/plan-items/{hidden.pk}/").status_code == 404
    assert c.get(f"{API}/plan-items/").json()["count"] == 1


def test_a_liaison_records_its_own_site_visits_only(
    programme, village, helpers, helper_org, helper_liaison, api_for
):
    c = api_for(helper_liaison)
    data = {
        "village": village.code,
        "visited_on": "2017-04-01",
        "participants": "技术员两人",
        "findings": "适宜种植黄芩",
    }
    resp = c.post(f"{API}/site-visits/", {**data, "helper": helper_org.uscc, "files": [scan()]})
    assert resp.status_code == 201, resp.json()
    assert resp.json()["files"][0]["content_type"] == "application/pdf"
    assert c.post(f"{API}/site-visits/", {**data, "helper": helpers[0].uscc}).status_code == 403
    assert c.get(f"{API}/site-visits/").json()["count"] == 1
    future = {**data, "helper": helper_org.uscc, "visited_on": "2999-01-01"}
    resp = post_json(c, f"{API}/site-visits/", future)
    assert resp.status_code == 400
    assert "visited_on" in resp.json()


@pytest.mark.parametrize("role", ["auditor", "sysadmin"])
def test_the_auditor_and_the_sysadmin_read_no_pairings(role, request, programme, api_for):
    c = api_for(request.getfixturevalue(role))
    for path in ("pairings/", "plan-items/", "site-visits/", "relays/", "coverage/"):
        assert c.get(f"{API}/{path}").status_code == 403


def test_a_liaison_gets_no_coverage_board(programme, helper_liaison, api_for):
    c = api_for(helper_liaison)
    assert c.get(f"{API}/coverage/").status_code == 403
    assert c.get(f"{API}/coverage/uncovered/").status_code == 403
