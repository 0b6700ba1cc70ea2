"""/api/v1/pairings/ as the offices use it: life cycle, versions, the five-helper rule, scope."""

from __future__ import annotations

import pytest

from bangfu.pairing.models import Agreement, Pairing, Relay, Status
from bangfu.pairing.services.agreements import agreement_upload
from bangfu.pairing.services.pairings import pairing_propose

from ..conftest import PNG_BYTES, START, make_active, scan
from .conftest import API, patch_json, post_json

pytestmark = pytest.mark.django_db


def test_the_full_life_cycle_through_the_api(programme, village, helpers, officer_chengde, api_for):
    c = api_for(officer_chengde)
    resp = post_json(
        c,
        f"{API}/pairings/",
        {
            "helper": helpers[0].uscc,
            "village": village.code,
            "start_date": "2017-05-01",
            "focus": "中药材种植",
            "content": "建设种植基地",
            "pathways": ["industry", "technology"],
        },
    )
    assert resp.status_code == 201, resp.json()
    body = resp.json()
    number = body["number"]
    assert (number, body["status"]) == ("KQ13082120170001", "proposed")
    assert body["pathways"] == ["technology", "industry"]
    assert body["helper"] == {"uscc": helpers[0].uscc, "name": helpers[0].name}
    assert body["village"]["code"] == village.code
    assert body["village"]["county_code"] == "130821"
    assert body["agreement"] is None

    url = f"{API}/pairings/{number}/"
    assert post_json(c, url + "agree/").json()["status"] == "agreed"
    resp = post_json(c, url + "activate/")
    assert resp.status_code == 400
    assert "signed agreement" in resp.content.decode()

    resp = c.post(
        url + "agreement/",
        {"file": scan(), "signed_on": "2017-05-02", "helper_signatory": "张三"},
    )
    assert resp.status_code == 200, resp.json()
    assert resp.json()["has_scan"] is True
    assert resp.json()["signed_on"] == "2017-05-02"

    resp = post_json(c, url + "activate/", {"on": "2017-05-03"})
    assert resp.status_code == 200, resp.json()
    body = resp.json()
    assert (body["status"], body["slot"], body["activated_on"]) == ("active", 1, "2017-05-03")

    resp = post_json(
        c,
        f"{API}/plan-items/",
        {
            "pairing": number,
            "what": "建设黄芩种植基地",
            "indicator": "种植面积",
            "target_value": "200",
            "unit": "亩",
            "due_date": "2030-12-31",
        },
    )
    assert resp.status_code == 201, resp.json()
    item = resp.json()
    assert (item["state"], item["percent"], item["pairing"]) == ("not_due", 0, number)

    resp = c.post(
        f"{API}/plan-items/{item['id']}/progress/",
        {
            "reported_on": "2018-06-01",
            "value": "80",
            "note": "首期完成",
            "files": [scan("基地.png", PNG_BYTES, "image/png")],
        },
    )
    assert resp.status_code == 201, resp.json()
    progress = resp.json()
    assert progress["item"]["state"] == "on_track"
    assert progress["item"]["percent"] == 40
    assert progress["files"][0]["content_type"] == "image/png"

    detail = c.get(url).json()
    assert detail["agreement"]["helper_signatory"] == "张三"
    assert detail["agreement"]["has_scan"] is True
    assert [(i["what"], i["state"], i["percent"]) for i in detail["plan_items"]] == [
        ("建设黄芩种植基地", "on_track", 40)
    ]
    assert detail["plan_states"] == {"not_due": 0, "on_track": 1, "late": 0, "done": 0}
    assert detail["predecessor"] is None
    assert detail["successor"] is None

    post_json(c, f"{API}/plan-items/{item['id']}/progress/", {"value": "200"})
    one = c.get(f"{API}/plan-items/{item['id']}/").json()
    assert (one["state"], one["percent"], len(one["progress"])) == ("done", 100, 2)

    listed = c.get(f"{API}/plan-items/", {"pairing": number, "state": "done"}).json()
    assert [r["id"] for r in listed["results"]] == [item["id"]]
    assert c.get(f"{API}/pairings/", {"status": "open"}).json()["count"] == 1
    assert c.get(f"{API}/pairings/", {"status": "ended"}).json()["count"] == 0
    assert c.get(f"{API}/pairings/", {"status": "nonsense"}).status_code == 400


def test_an_edit_with_a_stale_version_is_refused(
    programme, village, helpers, officer_chengde, api_for
):
    p = make_active(officer_chengde, helpers[0], village)
    c = api_for(officer_chengde)
    url = f"{API}/pairings/{p.number}/"
    version = c.get(url).json()["version"]
    resp = patch_json(
        c, url, {"content": "新内容", "pathways": ["commerce", "charity"], "version": version}
    )
    assert resp.status_code == 200, resp.json()
    assert (resp.json()["content"], resp.json()["pathways"]) == ("新内容", ["charity", "commerce"])
    resp = patch_json(c, url, {"content": "旧版本上的修改", "version": version})
    assert resp.status_code == 409
    p.refresh_from_db()
    assert p.content == "新内容"


def test_a_sixth_helper_is_refused_with_the_five_named(
    programme, village, helpers, officer_chengde, api_for
):
    waiting = pairing_propose(
        user=officer_chengde,
        helper=helpers[6],
        village=village,
        start_date=START,
        focus="等待",
        content="内容",
    )
    agreement_upload(user=officer_chengde, pairing=waiting, upload=scan(), signed_on=START)
    for i, h in enumerate(helpers[:5]):
        make_active(officer_chengde, h, village, f"重点{i}")
    c = api_for(officer_chengde)
    resp = post_json(
        c,
        f"{API}/pairings/",
        {
            "helper": helpers[5].uscc,
            "village": village.code,
            "start_date": "2017-05-01",
            "focus": "其他",
            "content": "内容",
        },
    )
    assert resp.status_code == 400
    text = resp.content.decode()
    assert "at most 5" in text
    for h in helpers[:5]:
        assert h.name in text
    assert not Pairing.objects.filter(helper=helpers[5]).exists()

    resp = post_json(c, f"{API}/pairings/{waiting.number}/activate/")
    assert resp.status_code == 400
    assert all(h.name in resp.content.decode() for h in helpers[:5])
    waiting.refresh_from_db()
    assert waiting.status == Status.PROPOSED
    assert Pairing.objects.filter(village=village, status="active").count() == 5


def test_a_county_officer_cannot_act_in_another_county(
    programme, village, weichang_village, helpers, officer_chengde, officer_weichang, api_for
):
    c = api_for(officer_chengde)
    resp = post_json(
        c,
        f"{API}/pairings/",
        {"helper": helpers[0].uscc, "village": weichang_village.code, "start_date": "2017-05-01"},
    )
    assert resp.status_code == 403
    assert not Pairing.objects.exists()
    resp = post_json(c, f"{API}/pairings/", {"helper": helpers[0].uscc, "village": "130899999999"})
    assert resp.status_code == 400
    assert set(resp.json()) == {"village", "start_date"}

    p = make_active(officer_chengde, helpers[0], village)
    w = api_for(officer_weichang)
    assert w.get(f"{API}/pairings/{p.number}/").status_code == 404
    assert w.get(f"{API}/pairings/").json()["count"] == 0
    for action in ("suspend", "end", "relay"):
        resp = post_json(w, f"{API}/pairings/{p.number}/{action}/", {"reason": "越权"})
        assert resp.status_code == 404
    assert patch_json(w, f"{API}/pairings/{p.number}/", {"content": "x"}).status_code == 404
    p.refresh_from_db()
    assert p.status == Status.ACTIVE
    assert not Relay.objects.exists()


def test_an_agreement_that_is_not_a_pdf_or_image_is_refused(
    programme, village, helpers, officer_chengde, api_for
):
    p = pairing_propose(user=officer_chengde, helper=helpers[0], village=village, start_date=START)
    c = api_for(officer_chengde)
    resp = c.post(
        f"{API}/pairings/{p.number}/agreement/",
        {
            "file": scan("协议.pdf", b"MZ\x90\x00 this is a program", "application/pdf"),
            "signed_on": "2017-05-02",
        },
    )
    assert resp.status_code == 400
    assert resp.json() == {"file": ["协议.pdf is not a PDF or an image (JPEG, PNG, WebP, TIFF)."]}
    assert not Agreement.objects.exists()
    resp = c.post(
        f"{API}/pairings/{p.number}/agreement/", {"file": scan(), "signed_on": "2999-01-01"}
    )
    assert resp.status_code == 400
    assert "signed_on" in resp.json()
    assert not Agreement.objects.exists()


def test_the_pairing_list_query_count_is_flat(
    programme, poor_villages, helpers, officer_chengde, api_for, django_assert_max_num_queries
):
    for i, v in enumerate(poor_villages):
        make_active(officer_chengde, helpers[i], v)
    c = api_for(officer_chengde)
    with django_assert_max_num_queries(10):
        assert c.get(f"{API}/pairings/").json()["count"] == 6
    for path in ("relays/", "site-visits/", "plan-items/", "coverage/uncovered/"):
        with django_assert_max_num_queries(10):
            c.get(f"{API}/{path}")
