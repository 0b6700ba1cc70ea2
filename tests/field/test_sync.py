"""The sync endpoint: each phone item saved once through its form's service, with the same
rules and scope as online; answered saved / refused (reasons) / conflict (both versions)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from bangfu.assistance.models import Assistance
from bangfu.field.models import SyncedItem
from bangfu.monitoring.models import MonitoringStep
from bangfu.pairing.models import PlanProgress
from bangfu.visits.models import FollowUp, Visit

from .conftest import SYNC, assistance_item, item, send

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def visit_item(county="130821", **data):
    return item(
        "visit",
        {
            "county": county,
            "visited_on": f"{TODAY:%Y-%m-%d}",
            "participants": "市合作交流办 王芳",
            "findings": "大棚建设进度正常",
            "follow_ups": [
                {"problem": "灌溉水源不足", "owner_name": "下板城镇政府", "due_on": "2099-01-01"}
            ],
            **data,
        },
    )


def home_visit_item(case, base_version=None, **data):
    return item(
        "home_visit",
        {
            "case": case.number,
            "done_on": f"{TODAY:%Y-%m-%d}",
            "signed_name": "李强",
            "notes": "入户核实，情况属实",
            **data,
        },
        base_version=base_version or case.version,
    )


def progress_item(plan_item, value="4", base_version=None):
    return item(
        "progress",
        {
            "item": plan_item.pk,
            "reported_on": f"{TODAY:%Y-%m-%d}",
            "value": value,
            "note": "4个完工",
        },
        base_version=base_version or plan_item.version,
    )


def test_the_four_forms_are_saved_through_their_services(
    client_for, officer_chengde, pairing, plan_item, case
):
    client = client_for(officer_chengde)
    items = [
        assistance_item(pairing),
        visit_item(),
        home_visit_item(case),
        progress_item(plan_item),
    ]
    results = send(client, *items)
    assert [r["status"] for r in results] == ["saved"] * 4, results
    assert [r["id"] for r in results] == [i["id"] for i in items]
    record = Assistance.objects.get()
    assert record.evidence.count() == 1  # the phone's photo
    assert record.created_by == officer_chengde
    assert results[0]["record"] == record.number
    visit = Visit.objects.get()
    assert FollowUp.objects.get(visit=visit).problem == "灌溉水源不足"
    assert MonitoringStep.objects.get(case=case).step == "home_visit"
    plan_item.refresh_from_db()
    assert plan_item.achieved == 4
    assert SyncedItem.objects.filter(user=officer_chengde).count() == 4


def test_the_same_item_sent_again_makes_one_record(client_for, officer_chengde, pairing):
    client = client_for(officer_chengde)
    one = assistance_item(pairing)
    first = send(client, one)[0]
    again = send(client, one, one)  # a lost answer: the phone sends it again, twice
    assert first["status"] == "saved"
    assert not first["again"]
    assert [a["status"] for a in again] == ["saved", "saved"]
    assert all(a["again"] and a["record"] == first["record"] for a in again)
    assert Assistance.objects.count() == 1
    assert SyncedItem.objects.count() == 1


def test_an_id_of_another_account_is_refused(client_for, officer_chengde, helper_liaison, pairing):
    one = assistance_item(pairing)
    send(client_for(officer_chengde), one)
    answer = send(client_for(helper_liaison), one)[0]
    assert answer["status"] == "refused"
    assert "已" in answer["reasons"][0]
    assert Assistance.objects.count() == 1


def test_scope_applies_as_online(
    client_for, officer_weichang, helper_liaison, inspector, pairing, plan_item, case, make_helper
):
    other = make_helper(name="别的企业")
    weichang = client_for(officer_weichang)
    answers = send(
        weichang,
        assistance_item(pairing),  # a village of 承德县
        home_visit_item(case),  # a case of 承德县: out of scope, like missing
        progress_item(plan_item),
        visit_item(),
    )
    assert [a["status"] for a in answers] == ["refused"] * 4, answers
    # a liaison records for its own helper only
    liaison = send(client_for(helper_liaison), assistance_item(pairing, helper=other.uscc))[0]
    assert liaison["status"] == "refused"
    # an inspector records visits only in the counties assigned to them
    assert send(client_for(inspector), visit_item())[0]["status"] == "refused"
    assert Assistance.objects.count() == 0
    assert Visit.objects.count() == 0
    assert MonitoringStep.objects.count() == 0
    assert PlanProgress.objects.count() == 0
    assert SyncedItem.objects.count() == 0


def test_the_liaison_records_for_its_own_helper(client_for, helper_liaison, pairing, plan_item):
    client = client_for(helper_liaison)
    answers = send(client, assistance_item(pairing), progress_item(plan_item))
    assert [a["status"] for a in answers] == ["saved", "saved"], answers
    assert Assistance.objects.get().helper == pairing.helper


def test_a_broken_rule_is_refused_with_its_reason_and_the_id_stays_free(
    client_for, officer_chengde, pairing
):
    client = client_for(officer_chengde)
    tomorrow = f"{TODAY + dt.timedelta(days=1):%Y-%m-%d}"
    bad = assistance_item(pairing, on=tomorrow)
    answer = send(client, bad)[0]
    assert answer["status"] == "refused"
    assert any("晚于今天" in r for r in answer["reasons"]), answer
    assert Assistance.objects.count() == 0
    # corrected on the phone and sent again with the same id: saved
    bad["data"]["on"] = f"{TODAY:%Y-%m-%d}"
    assert send(client, bad)[0]["status"] == "saved"
    assert Assistance.objects.count() == 1


def test_a_follow_up_due_before_the_visit_is_refused(client_for, officer_chengde):
    bad = visit_item(
        follow_ups=[{"problem": "道路损毁", "owner_name": "镇政府", "due_on": "2000-01-01"}]
    )
    answer = send(client_for(officer_chengde), bad)[0]
    assert answer["status"] == "refused"
    assert any("due_on" in r for r in answer["reasons"]), answer
    assert Visit.objects.count() == 0  # the visit is not saved without its problem


def test_unreadable_items_are_refused_in_chinese(client_for, officer_chengde):
    client = client_for(officer_chengde)
    answers = send(
        client,
        {"id": "not-a-uuid", "kind": "assistance", "data": {}},
        {"id": str(uuid.uuid4()), "kind": "loan", "data": {}},
        item("assistance", {"village": "130821100201"}),
        item("visit", {"county": "130821"}, photos=["data:image/png;base64,@@@"]),
    )
    assert [a["status"] for a in answers] == ["refused"] * 4
    assert all(a["reasons"] for a in answers)
    assert "id" in answers[0]["reasons"][0] or "编号" in answers[0]["reasons"][0]
    resp = client.post(SYNC, {"items": "x"}, content_type="application/json")
    assert resp.status_code == 400
    assert "条目" in resp.json()["detail"]


def test_a_record_changed_since_the_phone_read_it_is_a_conflict(
    client_for, officer_chengde, plan_item, case
):
    from bangfu.pairing.services.plans import plan_progress_add

    read_version = plan_item.version
    plan_progress_add(
        user=officer_chengde, item=plan_item, reported_on=TODAY, value=6, note="办公室录入"
    )
    client = client_for(officer_chengde)
    answer = send(client, progress_item(plan_item, value="4", base_version=read_version))[0]
    assert answer["status"] == "conflict"
    server = answer["server"]
    plan_item.refresh_from_db()
    assert server["version"] == plan_item.version
    assert any("办公室录入" in row["value"] for row in server["rows"])
    assert plan_item.achieved == 6  # nothing overwritten
    assert PlanProgress.objects.count() == 1
    # the phone's user keeps theirs on the newer version: saved
    rebased = progress_item(plan_item, value="7", base_version=server["version"])
    assert send(client, rebased)[0]["status"] == "saved"
    # a home visit recorded meanwhile at the desk: the phone's is a conflict, both shown
    stale = case.version
    case.reason = "收入下降，另有医疗支出"
    case.save(update_fields=["reason"])
    answer = send(client, home_visit_item(case, base_version=stale))[0]
    assert answer["status"] == "conflict"
    assert MonitoringStep.objects.count() == 0


def test_an_ended_session_answers_401_with_the_way_to_sign_in(client, pairing):
    resp = client.post(SYNC, {"items": [assistance_item(pairing)]}, content_type="application/json")
    assert resp.status_code == 401
    assert resp.json()["signin"].startswith("/accounts/login/?next=/field/")
    assert Assistance.objects.count() == 0
    assert client.get("/field/api/data/").status_code == 401


def test_roles_without_business_data_are_refused(client_for, auditor, pairing):
    client = client_for(auditor)
    resp = client.post(SYNC, {"items": [assistance_item(pairing)]}, content_type="application/json")
    assert resp.status_code == 403
    assert Assistance.objects.count() == 0


def test_an_item_too_large_to_send_is_refused_413(client_for, officer_chengde, pairing, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    big = assistance_item(pairing, description="大" * 2000)
    resp = client_for(officer_chengde).post(SYNC, {"items": [big]}, content_type="application/json")
    assert resp.status_code == 413
    assert "照片" in resp.json()["detail"]
    assert Assistance.objects.count() == 0
