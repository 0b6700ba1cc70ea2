# ruff: noqa: F811  (the access matrix's `objects` fixture is imported below)
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
    """The response as text: a workbook's or document's (.xlsx, .docx: zip files) every part,
    JSON with its \\u escapes undone."""
    raw = b"".join(resp.streaming_content) if getattr(resp, "streaming", False) else resp.content
    if isinstance(raw, str):
        return raw
    if raw.startswith(b"PK"):
        import io
        import zipfile

        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    text = raw.decode("utf-8", "replace")
    if resp.get("Content-Type", "").startswith("application/json"):
        import json

        text = json.dumps(json.loads(text), ensure_ascii=False)
    return text


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


# --- Every persona × every page: contact mobiles only for their own office -----------------
#
# The pages are the access matrix's (every URL of the system must have a row there, so a new
# page is swept without being named here), plus the pages where the seeded contacts show and
# that the matrix reaches through another path. Each persona fixture of tests/conftest.py is
# swept: a new role gets a fixture and a line in `FULL_FOR`.

from tests.test_access_matrix import MATRIX, objects  # noqa: E402, F401  (the fixture)

LIAISON_OWN = "13900000001"  # helper_org's liaison: the liaison's own firm, paired in 承德县
LIAISON_OTHER = "13900000002"  # another firm's liaison, paired nowhere
STAFF_CHENGDE = "13900000003"  # 下板城镇 service centre staff (承德县)
ROSTER_CHENGDE = "13931400001"  # 承德县's leading-group liaison (the matrix's, on /public/)
USER_PHONE = "13900000004"  # officer_chengde's own account phone
MATRIX_ID = "130821198001011236"  # the matrix household's head (make_id_number)
MATRIX_PHONE = "13712340009"  # set below: the matrix's own is the templates' example

# who may see each number in full (everyone else: masked, or not at all)
FULL_FOR = {
    LIAISON_OWN: {"city_officer", "officer_chengde", "helper_liaison"},
    LIAISON_OTHER: {"city_officer"},
    STAFF_CHENGDE: {"city_officer", "officer_chengde"},
    ROSTER_CHENGDE: {"city_officer", "officer_chengde"},
    USER_PHONE: {"officer_chengde", "sysadmin"},
    MATRIX_ID: set(),  # households: only through "show in full" (a POST with a reason)
    MATRIX_PHONE: set(),
}
# the deliberate exception: /public/ publishes each county's leading-group liaison to anyone
PUBLISHED = {"/public/": {ROSTER_CHENGDE}}
EXTRA_PAGES = [
    "/places/130821100/",  # the township whose service centre has staff
    "/places/130821/children/",
    "/data/export/helpers.xlsx",
    "/data/export/helpers.csv",
    "/reporting/roster/130821/form.xlsx",
    "/api/v1/leading-group-members/",
    "/api/v1/helpers/?q=承德",
]


def _seed_contacts(objects, helper_org, officer_chengde):
    from bangfu.core.identifiers.uscc import make_uscc
    from bangfu.helpers.models import Helper
    from bangfu.places.models import ServicePoint, ServiceStaff

    helper_org.liaison_name, helper_org.liaison_phone = "赵刚", LIAISON_OWN
    helper_org.save()
    Helper.objects.create(
        name="承德外埠建材有限公司",
        uscc=make_uscc("91130800MA0B2C3D4"),
        kind="private",
        capacity=2,
        liaison_name="钱丽",
        liaison_phone=LIAISON_OTHER,
    )
    point = ServicePoint.objects.get(pk=objects["point_chengde"])
    ServiceStaff.objects.create(point=point, name="孙静", post="站长", phone=STAFF_CHENGDE)
    officer_chengde.phone = USER_PHONE
    officer_chengde.save()
    from bangfu.registry.models import Household

    household = Household.objects.get(ref=objects["household"])
    household.phone = MATRIX_PHONE
    household.save()


def _seed_filings(officer_chengde) -> list[str]:
    """承德县 files its roster (attachment 3: ROSTER_CHENGDE) and its pairing list
    (attachment 5: LIAISON_OWN); the pages and downloads of both filings and of their drafts."""
    from bangfu.reporting.models import Submission
    from bangfu.reporting.services.filing import file_submission

    pages = []
    for code in ("roster", "pairings"):
        s = Submission.objects.get(report__code=code, county__code="130821", period="2017")
        file_submission(s, officer_chengde, findings=[])
        base = f"/reporting/submissions/{s.pk}/"
        pages += [base, f"{base}filings/1/", f"{base}form/"]
    return pages


def _sweep_paths(objects, extra=()) -> list[str]:
    paths = [path.format(**objects) for method, path, _ in MATRIX.values() if method == "get"]
    return list(dict.fromkeys([*paths, *EXTRA_PAGES, *extra]))


PERSONAS = ["city_officer", "officer_chengde", "officer_weichang", "institute_staff"]
PERSONAS += ["helper_liaison", "inspector", "auditor", "sysadmin", "security_admin"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_answers_each_persona_without_numbers_it_may_not_see(
    persona,
    request,
    objects,
    helper_org,
    officer_chengde,
    client_for,
):
    _seed_contacts(objects, helper_org, officer_chengde)
    filings = _seed_filings(officer_chengde)
    c = client_for(request.getfixturevalue(persona))
    paths = _sweep_paths(objects, filings)
    assert len(paths) > 100
    leaks, seen = [], set()
    for path in paths:
        body = _body(c.get(path))
        for number, allowed in FULL_FOR.items():
            if number in body and number not in PUBLISHED.get(path, ()):
                seen.add(number)
                if persona not in allowed:
                    leaks.append((path, number))
    assert leaks == []
    # and the own office does get its numbers in full somewhere (the sweep reaches them)
    assert seen == {n for n, allowed in FULL_FOR.items() if persona in allowed} - {USER_PHONE}


def test_the_published_liaison_on_public_is_the_one_deliberate_exception(
    objects,
    helper_org,
    officer_chengde,
    client,
):
    """/public/ prints each county's leading-group liaison in full, to anyone: the plan asks
    to publish them for enterprises. Other numbers never appear there."""
    _seed_contacts(objects, helper_org, officer_chengde)
    body = client.get("/public/").content.decode()
    assert f'<a href="tel:{ROSTER_CHENGDE}">{ROSTER_CHENGDE}</a>' in body
    for number in (LIAISON_OWN, LIAISON_OTHER, STAFF_CHENGDE, USER_PHONE, MATRIX_PHONE):
        assert number not in body


def test_what_each_persona_sees_of_another_firms_liaison(
    objects,
    helper_org,
    officer_chengde,
    personas,
    client_for,
):
    _seed_contacts(objects, helper_org, officer_chengde)
    seen = {}
    for name, user in personas.items():
        resp = client_for(user).get("/api/v1/helpers/")
        rows = (
            {h["liaison_name"]: h["liaison_phone"] for h in resp.json()["results"]}
            if (resp.status_code == 200)
            else None
        )
        seen[name] = rows
    assert seen == {
        "city_officer": {"赵刚": LIAISON_OWN, "钱丽": LIAISON_OTHER},
        "officer_chengde": {"赵刚": LIAISON_OWN, "钱丽": "139****0002"},
        "officer_weichang": {"赵刚": "139****0001", "钱丽": "139****0002"},
        "institute_staff": {"赵刚": "139****0001", "钱丽": "139****0002"},
        "helper_liaison": {"赵刚": LIAISON_OWN, "钱丽": "139****0002"},
        "inspector": {"赵刚": "139****0001", "钱丽": "139****0002"},
        "auditor": None,
        "sysadmin": None,
        "security_admin": None,
    }


def test_an_editor_who_is_not_the_own_office_keeps_the_phone_without_seeing_it(
    objects,
    helper_org,
    officer_chengde,
    institute_staff,
    client_for,
):
    _seed_contacts(objects, helper_org, officer_chengde)
    c = client_for(institute_staff)
    url = f"/helpers/{helper_org.uscc}/edit/"
    page = c.get(url).content.decode()
    assert LIAISON_OWN not in page
    assert "139****0001" in page
    form = {
        "name": helper_org.name,
        "uscc": helper_org.uscc,
        "kind": helper_org.kind,
        "capacity": 4,
        "liaison_name": "赵刚",
        "liaison_phone": "",
    }
    assert c.post(url, form).status_code == 302
    helper_org.refresh_from_db()
    assert (helper_org.capacity, helper_org.liaison_phone) == (4, LIAISON_OWN)
