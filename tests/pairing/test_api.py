"""The pairing REST API (/api/v1/pairings/ …) as the offices, the institute and liaisons use it."""

from __future__ import annotations

import datetime as dt

import pytest

from bangfu.pairing.models import Agreement, Pairing, PlanItem, Relay, Status
from bangfu.pairing.services.agreements import agreement_upload
from bangfu.pairing.services.pairings import pairing_end, pairing_propose
from bangfu.pairing.services.plans import plan_item_save
from bangfu.pairing.services.relays import relay_report

from .conftest import PNG_BYTES, START, make_active, scan

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def api_for(client_for):
    """A signed-in client whose messages come in English, so that tests can read them."""

    def make(user):
        c = client_for(user)
        c.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return c

    return make


def post_json(c, url, data=None):
    return c.post(url, data or {}, content_type="application/json")


def patch_json(c, url, data):
    return c.patch(url, data, content_type="application/json")


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


def test_coverage_numbers_for_a_small_setup(
    programme, poor_villages, weichang_village, helpers, officer_chengde, city_officer, api_for
):
    # 承德县: six poor villages; the first with two helpers, the second with one, the third
    # covered once and ended on 2018-01-01; 围场县: one poor village, never covered.
    make_active(officer_chengde, helpers[0], poor_villages[0], "养殖")
    make_active(officer_chengde, helpers[1], poor_villages[0], "电商")
    make_active(officer_chengde, helpers[2], poor_villages[1])
    ended = make_active(officer_chengde, helpers[3], poor_villages[2])
    pairing_end(user=officer_chengde, pairing=ended, reason="协议期满", on=dt.date(2018, 1, 1))
    pairing_propose(
        user=officer_chengde, helper=helpers[4], village=poor_villages[3], start_date=START
    )
    city = api_for(city_officer).get(f"{API}/coverage/").json()
    rows = {r["county_code"]: r for r in city["counties"]}
    assert rows["130821"] == {
        "county_code": "130821",
        "county_name": "承德县",
        "poor": 6,
        "covered": 2,
        "percent": 33.3,
        "active_pairings": 3,
        "helpers_per_village": 1.5,
        "uncovered": 4,
        "full": 0,
    }
    assert (rows["130828"]["poor"], rows["130828"]["covered"]) == (1, 0)
    totals = city["totals"]
    assert (totals["county_code"], totals["poor"], totals["covered"], totals["uncovered"]) == (
        None,
        7,
        2,
        5,
    )

    county = api_for(officer_chengde).get(f"{API}/coverage/").json()
    assert [r["county_code"] for r in county["counties"]] == ["130821"]
    uncovered = api_for(officer_chengde).get(f"{API}/coverage/uncovered/").json()
    assert uncovered["count"] == 4
    by_code = {r["code"]: r for r in uncovered["results"]}
    third = by_code[poor_villages[2].code]
    assert third["last_covered"] == "2018-01-01"
    assert third["days_since_covered"] == (dt.date.today() - dt.date(2018, 1, 1)).days
    assert third["county_code"] == "130821"
    assert third["township_code"]
    assert by_code[poor_villages[3].code]["open_pairings"] == 1
    assert by_code[poor_villages[4].code]["last_covered"] is None
    everywhere = api_for(city_officer).get(f"{API}/coverage/uncovered/", {"county": "130828"})
    assert [r["code"] for r in everywhere.json()["results"]] == [weichang_village.code]


@pytest.mark.parametrize("role", ["auditor", "sysadmin"])
def test_the_auditor_and_the_sysadmin_read_no_pairings(role, request, programme, api_for):
    c = api_for(request.getfixturevalue(role))
    for path in ("pairings/", "plan-items/", "site-visits/", "relays/", "coverage/"):
        assert c.get(f"{API}/{path}").status_code == 403


def test_a_liaison_gets_no_coverage_board(programme, helper_liaison, api_for):
    c = api_for(helper_liaison)
    assert c.get(f"{API}/coverage/").status_code == 403
    assert c.get(f"{API}/coverage/uncovered/").status_code == 403


def test_the_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    text = (tmp_path / "schema.yml").read_text()
    assert "PairingStatusEnum" in text
    assert "PlanItemStateEnum" in text


def test_the_schema_lists_the_pairing_endpoints(client_for, city_officer):
    text = client_for(city_officer).get("/api/schema/").content.decode()
    for path in (
        "/api/v1/pairings/{number}/activate/",
        "/api/v1/plan-items/{id}/progress/",
        "/api/v1/relays/{id}/hand-over/",
        "/api/v1/coverage/uncovered/",
    ):
        assert path in text


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
