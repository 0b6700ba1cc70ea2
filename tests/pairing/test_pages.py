"""The pairing pages as county officers, the city office and helper liaisons use them."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from bangfu.core.models import Notification
from bangfu.pairing.models import Pairing, Relay, Status
from bangfu.pairing.services.agreements import agreement_upload
from bangfu.pairing.services.pairings import pairing_activate, pairing_end, pairing_propose
from bangfu.pairing.services.plans import plan_item_save
from bangfu.pairing.services.relays import relay_report

from .conftest import START, make_active, scan

pytestmark = pytest.mark.django_db


def test_a_county_officer_pairs_signs_and_activates(
    programme, village, helpers, officer_chengde, client_for
):
    c = client_for(officer_chengde)
    resp = c.post(
        "/pairings/new/",
        {
            "helper": helpers[0].pk,
            "village": village.pk,
            "focus": "中药材种植",
            "content": "建设基地",
            "pathways": ["industry", "technology"],
            "start_date": "2017-05-01",
        },
    )
    pairing = Pairing.objects.get()
    assert resp.status_code == 302
    assert resp["Location"] == pairing.get_absolute_url()
    page = c.get(pairing.get_absolute_url()).content.decode()
    assert "中药材种植" in page
    assert "尚无签字盖章的帮扶协议存档" in page
    resp = c.post(f"/pairings/{pairing.number}/do/activate/")
    pairing.refresh_from_db()
    assert pairing.status == Status.PROPOSED
    resp = c.post(
        f"/pairings/{pairing.number}/agreement/",
        {"file": scan(), "signed_on": "2017-05-02", "helper_signatory": "张三"},
    )
    assert resp.status_code == 302
    c.post(f"/pairings/{pairing.number}/do/activate/")
    pairing.refresh_from_db()
    assert (pairing.status, pairing.slot) == (Status.ACTIVE, 1)
    scan_resp = c.get(f"/pairings/{pairing.number}/files/{pairing.agreement.scan.key}/")
    assert scan_resp.status_code == 200
    assert b"".join(scan_resp.streaming_content).startswith(b"%PDF")


def test_the_village_page_lists_helpers_and_free_places(
    programme, village, helpers, officer_chengde, client_for
):
    make_active(officer_chengde, helpers[0], village, "养殖")
    make_active(officer_chengde, helpers[1], village, "电商")
    page = client_for(officer_chengde).get(f"/registry/villages/{village.code}/").content.decode()
    assert helpers[0].name in page
    assert helpers[1].name in page
    assert 'data-testid="add-helper"' in page


def test_the_helper_page_lists_its_villages(
    programme, poor_villages, helpers, officer_chengde, client_for
):
    make_active(officer_chengde, helpers[0], poor_villages[0])
    make_active(officer_chengde, helpers[0], poor_villages[1])
    page = client_for(officer_chengde).get(f"/helpers/{helpers[0].uscc}/").content.decode()
    assert poor_villages[0].name in page
    assert poor_villages[1].name in page


def test_a_bad_agreement_upload_is_refused_on_the_page(
    programme, village, helpers, officer_chengde, client_for
):
    p = pairing_propose(user=officer_chengde, helper=helpers[0], village=village, start_date=START)
    resp = client_for(officer_chengde).post(
        f"/pairings/{p.number}/agreement/",
        {
            "file": scan("合同.pdf", b"PK\x03\x04 a zip", "application/pdf"),
            "signed_on": "2017-05-02",
        },
    )
    assert resp.status_code == 200
    assert "合同.pdf" in resp.content.decode()
    from bangfu.pairing.models import Agreement

    assert not Agreement.objects.exists()


def test_the_sixth_helper_is_refused_on_the_page(
    programme, village, helpers, officer_chengde, client_for
):
    for i in range(5):
        make_active(officer_chengde, helpers[i], village, f"重点{i}")
    resp = client_for(officer_chengde).post(
        "/pairings/new/",
        {
            "helper": helpers[5].pk,
            "village": village.pk,
            "focus": "新",
            "content": "新",
            "start_date": "2017-05-01",
        },
    )
    assert resp.status_code == 200
    body = resp.content.decode()
    for h in helpers[:5]:
        assert h.name in body
    assert Pairing.objects.count() == 5


def test_a_county_officer_cannot_open_another_countys_pairing(
    programme, weichang_village, helpers, officer_weichang, officer_chengde, client_for
):
    p = make_active(officer_weichang, helpers[0], weichang_village)
    c = client_for(officer_chengde)
    assert c.get(p.get_absolute_url()).status_code == 404
    assert c.post(f"/pairings/{p.number}/reason/end/", {"reason": "x"}).status_code == 404
    p.refresh_from_db()
    assert p.status == Status.ACTIVE


def test_a_liaison_sees_and_edits_only_its_own_pairings(
    programme, poor_villages, helper_org, helpers, helper_liaison, officer_chengde, client_for
):
    own = make_active(officer_chengde, helper_org, poor_villages[0])
    other = make_active(officer_chengde, helpers[0], poor_villages[1])
    c = client_for(helper_liaison)
    listing = c.get("/pairings/").content.decode()
    assert own.number in listing
    assert other.number not in listing
    assert c.get(other.get_absolute_url()).status_code == 404
    resp = c.post(
        f"/pairings/{own.number}/plan/new/",
        {
            "what": "建设养殖圈舍",
            "indicator": "圈舍",
            "target_value": "10",
            "unit": "栋",
            "due_date": "2018-12-31",
        },
    )
    assert resp.status_code == 302
    item = own.plan_items.get()
    resp = c.post(
        f"/pairings/{own.number}/plan/{item.pk}/progress/",
        {"reported_on": "2018-01-10", "value": "10", "note": "已完工", "files": [scan("照片.png")]},
    )
    item.refresh_from_db()
    # a PNG signature of 8 bytes + zeros is accepted as an image
    assert item.state() == "done"
    assert c.post(f"/pairings/{own.number}/do/activate/").status_code == 403
    assert c.get(f"/pairings/{own.number}/reason/end/").status_code == 403


def test_relay_from_report_to_hand_over_leaves_no_gap(
    programme, village, helpers, make_helper, officer_chengde, institute_staff, client_for
):
    old = make_active(officer_chengde, helpers[0], village, "养殖")
    plan_item_save(
        user=officer_chengde,
        pairing=old,
        what="建圈舍",
        indicator="圈舍",
        target_value=5,
        unit="栋",
        due_date=dt.date(2030, 1, 1),
    )
    relay = relay_report(user=officer_chengde, pairing=old, reason="企业经营困难")
    assert Notification.objects.filter(recipient=institute_staff).exists()
    successor_helper = make_helper(name="接力企业", capacity=2, industry="养殖")
    c = client_for(officer_chengde)
    page = c.get(relay.get_absolute_url()).content.decode()
    assert successor_helper.name in page
    resp = c.post(relay.get_absolute_url(), {"helper": successor_helper.uscc})
    successor = Pairing.objects.get(helper=successor_helper)
    assert resp.status_code == 302
    assert successor.predecessor == old
    assert successor.plan_items.get().inherited_from is not None
    agreement_upload(user=officer_chengde, pairing=successor, upload=scan(), signed_on=START)
    today = dt.date.today()
    pairing_activate(user=officer_chengde, pairing=successor, on=today)
    old.refresh_from_db()
    relay.refresh_from_db()
    assert (old.status, old.ended_on) == (Status.RELAYED, today)
    assert relay.state == Relay.State.DONE
    from bangfu.pairing.selectors.coverage import coverage_gaps

    assert coverage_gaps(village=village) == []


def test_a_relay_to_a_helper_at_capacity_is_refused(
    programme, poor_villages, helpers, make_helper, officer_chengde, client_for
):
    old = make_active(officer_chengde, helpers[0], poor_villages[0])
    full = make_helper(name="满员企业", capacity=1)
    make_active(officer_chengde, full, poor_villages[1])
    relay = relay_report(user=officer_chengde, pairing=old, reason="退出")
    resp = client_for(officer_chengde).post(relay.get_absolute_url(), {"helper": full.uscc})
    assert resp.status_code == 200
    assert "满员企业" in resp.content.decode()
    relay.refresh_from_db()
    assert relay.state == Relay.State.OPEN
    assert relay.successor is None


def test_the_pairing_list_export_has_one_row_per_active_pairing(
    programme, poor_villages, helpers, officer_chengde, client_for
):
    make_active(officer_chengde, helpers[0], poor_villages[0], "养殖")
    make_active(officer_chengde, helpers[1], poor_villages[0], "电商")
    pairing_propose(
        user=officer_chengde, helper=helpers[2], village=poor_villages[1], start_date=START
    )
    resp = client_for(officer_chengde).get("/pairings/export.xlsx")
    assert resp.status_code == 200
    ws = load_workbook(io.BytesIO(resp.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert "结对帮扶名单" in rows[0][0]
    header = rows.index(next(r for r in rows if r[0] == "序号"))
    data = [r for r in rows[header + 1 :] if isinstance(r[0], int)]
    assert [r[4] for r in data] == [helpers[0].name, helpers[1].name]
    assert data[0][1] == "承德县"
    assert data[0][6] == "养殖"
    assert rows[-1][0].startswith("填表人：")  # the signature line under the rows


def test_the_coverage_board_lists_uncovered_villages(
    programme, poor_villages, helpers, officer_chengde, client_for
):
    p = make_active(officer_chengde, helpers[0], poor_villages[0])
    pairing_end(user=officer_chengde, pairing=p, reason="协议期满", on=dt.date(2018, 1, 1))
    make_active(officer_chengde, helpers[1], poor_villages[1])
    page = client_for(officer_chengde).get("/pairings/coverage/?county=130821").content.decode()
    assert poor_villages[0].name in page
    assert "2018-01-01" in page
    assert poor_villages[1].name not in page.split('data-testid="uncovered"')[1]


def test_notifications_page_and_mark_read(programme, village, helpers, officer_chengde, client_for):
    p = make_active(officer_chengde, helpers[0], village)
    pairing_end(user=officer_chengde, pairing=p, reason="退出", on=START)
    c = client_for(officer_chengde)
    assert village.name in c.get("/notifications/").content.decode()
    c.post("/notifications/read/")
    assert not Notification.objects.filter(recipient=officer_chengde, read_at__isnull=True).exists()
