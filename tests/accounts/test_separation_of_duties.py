"""Separation of duties (三员分立, issue 13): the system administrator keeps accounts, the
security administrator gives roles, unlocks and resets second factors, the auditor reads the
audit trail; none reads personal data, none changes its own role."""

import pytest
from django.core.exceptions import ValidationError

from bangfu.accounts import services
from bangfu.accounts.models import AuditEvent, User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
NEW = {"username": "new_clerk", "full_name": "新职员", "email": "", "password": "Sturdy-Pass-2026"}


def test_sysadmin_creates_an_account_without_a_role_that_cannot_sign_in(
    client, client_for, sysadmin
):
    resp = client_for(sysadmin).post(
        "/accounts/users/new/", {**NEW, "role": "city", "is_active": "on"}
    )
    assert resp.status_code == 302
    user = User.objects.get(username="new_clerk")
    assert (user.role, user.county_id, user.is_staff, user.is_active) == ("", None, False, True)
    resp = client.post("/accounts/login/", {"username": "new_clerk", "password": NEW["password"]})
    assert resp.status_code == 401


def test_security_admin_gives_the_role_then_the_account_signs_in(
    client, client_for, security_admin
):
    services.user_create(actor=None, password=NEW["password"], username="new_clerk")
    resp = client_for(security_admin).post(
        "/accounts/users/new_clerk/role/", {"role": "county", "county": "", "helper": ""}
    )
    assert resp.status_code == 200  # the form again: a county officer needs a county
    assert "县扶贫办用户必须关联所属县(区)。" in resp.content.decode()
    assert User.objects.get(username="new_clerk").role == ""
    from bangfu.places.models import Division

    county = Division.objects.get(code="130821")
    resp = client_for(security_admin).post(
        "/accounts/users/new_clerk/role/", {"role": "county", "county": county.pk, "helper": ""}
    )
    assert resp.status_code == 302
    user = User.objects.get(username="new_clerk")
    assert (user.role, user.county_id) == ("county", county.pk)
    change = AuditEvent.objects.filter(event="update", object_repr="new_clerk").latest("id")
    assert change.actor_name == "security_admin"
    assert change.changes["role"] == ["", "county"]
    resp = client.post("/accounts/login/", {"username": "new_clerk", "password": NEW["password"]})
    assert resp.status_code == 302


def test_sysadmin_gives_no_roles_anywhere(client_for, sysadmin, officer_chengde):
    c = client_for(sysadmin)
    # the role page is the security administrator's
    assert c.get("/accounts/users/officer_chengde/role/").status_code == 403
    # the account form has no role field; a forged one changes nothing
    resp = c.post(
        "/accounts/users/officer_chengde/",
        {"full_name": "改名", "email": "", "is_active": "on", "role": "sysadmin"},
    )
    assert resp.status_code == 302
    officer_chengde.refresh_from_db()
    assert (officer_chengde.full_name, officer_chengde.role) == ("改名", "county")
    # nor through the service
    with pytest.raises(ValidationError, match="只有安全管理员可以分配角色"):
        services.user_update(actor=sysadmin, user=sysadmin, role="security")
    with pytest.raises(ValidationError, match="您的角色无权进行此操作"):
        services.user_role_set(actor=sysadmin, user=officer_chengde, role="city")
    sysadmin.refresh_from_db()
    assert sysadmin.role == "sysadmin"


def test_sysadmin_cannot_change_its_own_role_in_the_admin_site(client_for, sysadmin):
    c = client_for(sysadmin)
    url = f"/sysadmin/accounts/user/{sysadmin.pk}/change/"
    page = c.get(url)
    assert page.status_code == 200
    assert b'name="role"' not in page.content
    c.post(
        url,
        {
            "username": "sysadmin",
            "full_name": "sysadmin",
            "email": "",
            "is_active": "on",
            "role": "security",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    sysadmin.refresh_from_db()
    assert sysadmin.role == "sysadmin"
    add = c.get("/sysadmin/accounts/user/add/")
    assert b'name="role"' not in add.content


def test_security_admin_cannot_change_its_own_role(client_for, security_admin):
    resp = client_for(security_admin).post(
        "/accounts/users/security_admin/role/", {"role": "sysadmin", "county": "", "helper": ""}
    )
    assert resp.status_code == 403
    assert "任何人都不能更改自己的角色" in resp.content.decode()
    security_admin.refresh_from_db()
    assert security_admin.role == "security"
    ev = AuditEvent.objects.get(event="role_refused")
    assert (ev.actor_name, ev.outcome, ev.detail) == (
        "security_admin",
        "denied",
        "own role to sysadmin",
    )


def test_security_admin_keeps_no_accounts(client_for, security_admin, officer_chengde):
    c = client_for(security_admin)
    assert c.get("/accounts/users/new/").status_code == 403
    resp = c.post(
        "/accounts/users/officer_chengde/", {"full_name": "改名", "email": "", "is_active": ""}
    )
    assert resp.status_code == 403
    officer_chengde.refresh_from_db()
    assert (officer_chengde.full_name, officer_chengde.is_active) == ("officer_chengde", True)
    # it sees the account, its lock and second factor, and links to the role form
    page = c.get("/accounts/users/officer_chengde/").content.decode()
    assert "/accounts/users/officer_chengde/role/" in page
    assert 'name="full_name"' not in page
    assert c.get("/sysadmin/").status_code == 302  # not the admin site either


@pytest.mark.parametrize("role", ["sysadmin", "security_admin", "auditor"])
def test_the_three_administrators_read_no_personal_or_business_data(role, request, client_for):
    c = client_for(request.getfixturevalue(role))
    for path in ("/registry/households/", "/places/", "/helpers/", "/api/v1/households/"):
        assert c.get(path).status_code == 403, path


@pytest.mark.parametrize("role", ["sysadmin", "security_admin"])
def test_only_the_auditor_reads_the_audit_trail(role, request, client_for, auditor):
    c = client_for(request.getfixturevalue(role))
    assert c.get("/accounts/audit/").status_code == 403
    assert c.get("/api/v1/audit-events/").status_code == 403
    assert client_for(auditor).get("/accounts/audit/").status_code == 200
    assert client_for(auditor).get("/accounts/users/").status_code == 403


def test_a_role_change_mid_session_asks_for_the_second_factor_at_once(
    client, client_for, officer_chengde, security_admin
):
    client.post("/accounts/login/", {"username": "officer_chengde", "password": PASSWORD})
    assert client.get("/places/").status_code == 200
    client_for(security_admin).post(
        "/accounts/users/officer_chengde/role/", {"role": "city", "county": "", "helper": ""}
    )
    resp = client.get("/places/")
    assert resp.status_code == 302
    assert resp["Location"].startswith("/accounts/otp/")
