"""No full ID or phone number reaches a role that may not see it (SECURITY.md §8)."""

import pytest

from bangfu.accounts.models import AuditEvent
from tests.registry.conftest import HEAD_ID, PHONE, SPOUSE_ID

pytestmark = pytest.mark.django_db

ROLES = [
    "city_officer",
    "officer_chengde",
    "officer_weichang",
    "institute_staff",
    "helper_liaison",
    "inspector",
    "auditor",
    "sysadmin",
]
FULL = (HEAD_ID, SPOUSE_ID, PHONE)


def registry_urls(h):
    return [
        "/registry/villages/",
        "/registry/villages/130821100201/",
        "/registry/households/",
        f"/registry/households/?q={HEAD_ID}",
        f"/registry/households/{h.ref}/",
        f"/registry/households/{h.ref}/edit/",
        "/registry/households/new/",
        f"/registry/households/{h.ref}/members/new/",
        *(f"/registry/households/{h.ref}/members/{m.pk}/" for m in h.members.all()),
        "/api/v1/households/",
        f"/api/v1/households/{h.ref}/",
        f"/api/v1/households/?q={HEAD_ID}",
        "/api/v1/village-profiles/",
        "/accounts/audit/",
        "/accounts/audit/export/",
        "/api/v1/audit-events/",
    ]


def _body(resp) -> str:
    raw = b"".join(resp.streaming_content) if getattr(resp, "streaming", False) else resp.content
    if raw.startswith(b"PK"):  # a workbook: read its cells
        import io

        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
        return "\n".join(
            str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row
        )
    if isinstance(raw, str):
        return raw
    return raw.decode("utf-8", "replace")


@pytest.mark.parametrize("role", ROLES)
def test_no_page_or_api_answer_carries_a_full_number(role, request, household, client_for):
    c = client_for(request.getfixturevalue(role))
    for url in registry_urls(household):
        body = _body(c.get(url))
        for full in FULL:
            assert full not in body, f"{full} in {url} as {role}"


def test_masked_values_are_what_the_users_see(household, client_for, officer_chengde):
    body = (
        client_for(officer_chengde).get(f"/registry/households/{household.ref}/").content.decode()
    )
    assert household.masked_id_number in body
    assert "138****5678" in body
    api = client_for(officer_chengde).get(f"/api/v1/households/{household.ref}/").json()
    assert api["id_number"] == household.masked_id_number
    assert api["phone"] == "138****5678"
    assert [m["id_number"] for m in api["members"]] == [
        HEAD_ID[:6] + "********" + HEAD_ID[-4:],
        SPOUSE_ID[:6] + "********" + SPOUSE_ID[-4:],
    ]


def test_reveal_needs_a_reason_and_is_audited(household, client_for, officer_chengde):
    c = client_for(officer_chengde)
    url = f"/registry/households/{household.ref}/reveal/"
    no_reason = c.post(url, {"field": "id_number", "reason": ""})
    assert HEAD_ID not in no_reason.content.decode()
    assert AuditEvent.objects.filter(event="reveal").count() == 0
    ok = c.post(url, {"field": "id_number", "reason": "入户核实身份"})
    assert HEAD_ID in ok.content.decode()
    ev = AuditEvent.objects.get(event="reveal")
    assert (ev.actor_name, ev.object_id, ev.outcome) == ("officer_chengde", household.ref, "ok")
    assert "入户核实身份" in ev.detail
    assert HEAD_ID not in ev.detail
    assert ok["Cache-Control"] == "no-store"


def test_roles_without_reveal_cannot_reveal(household, client_for, institute_staff, inspector):
    for user in (institute_staff, inspector):
        resp = client_for(user).post(
            f"/registry/households/{household.ref}/reveal/",
            {"field": "id_number", "reason": "想看看"},
        )
        assert resp.status_code == 403
        assert HEAD_ID not in resp.content.decode()


def test_helper_liaison_sees_no_household_at_all(household, client_for, helper_liaison):
    c = client_for(helper_liaison)
    assert c.get("/registry/households/").status_code == 403
    assert c.get(f"/api/v1/households/{household.ref}/").status_code == 403
    village = c.get("/registry/villages/130821100201/").content.decode()
    assert "王伟" not in village


def test_audit_rows_of_registry_changes_hold_no_numbers(household):
    household.phone = "13998765432"
    household.save()
    for ev in AuditEvent.objects.filter(object_type__startswith="registry."):
        text = str(ev.changes) + ev.detail + ev.object_repr
        for full in (*FULL, "13998765432"):
            assert full not in text
    change = AuditEvent.objects.filter(object_type="registry.household", event="update").latest(
        "id"
    )
    assert change.changes == {"phone": ["***", "***"], "phone_hash": ["***", "***"]}


def test_exports_are_masked_and_audited(household, client_for, officer_chengde):
    c = client_for(officer_chengde)
    body = _body(c.get("/data/export/households.xlsx"))
    assert household.masked_id_number in body
    assert "李芳" in body
    assert AuditEvent.objects.filter(event="export", object_type="registry.households").count() == 1


def test_full_number_export_needs_reveal_and_a_reason(
    household, client_for, officer_chengde, institute_staff
):
    c = client_for(officer_chengde)
    no_reason = c.get("/data/export/households.csv", {"full": "1"})
    assert no_reason.status_code == 400
    assert HEAD_ID not in _body(no_reason)
    ok = c.get("/data/export/households.csv", {"full": "1", "reason": "报送省扶贫办核对"})
    assert HEAD_ID in _body(ok)
    ev = AuditEvent.objects.filter(event="export").latest("id")
    assert "报送省扶贫办核对" in ev.detail
    denied = client_for(institute_staff).get(
        "/data/export/households.csv", {"full": "1", "reason": "想导出"}
    )
    assert denied.status_code == 403


def test_a_short_reveal_reason_is_refused_with_a_message_not_an_error(
    household, client_for, officer_chengde
):
    resp = client_for(officer_chengde).post(
        f"/registry/households/{household.ref}/reveal/", {"field": "id_number", "reason": "看"}
    )
    assert resp.status_code == 200
    assert HEAD_ID not in resp.content.decode()
    assert 'class="invalid-feedback d-block"' in resp.content.decode()
