"""Second factor (TOTP with recovery codes) for the city office and the three administrators
(issue 13, SECURITY.md §2.4): pages, admin site and API token issue."""

import re

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from bangfu.accounts import second_factor
from bangfu.accounts.models import AuditEvent, LoginFailure
from tests.conftest import PASSWORD, enrol_device, sign_in, totp_code

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
OTP = "/accounts/otp/"
ENROL = "/accounts/otp/enrol/"


@pytest.fixture(autouse=True)
def _no_otp_throttle(settings):
    """django-otp refuses for 1, 2, 4 … seconds after a wrong code; the tests that follow a
    wrong code with a right one at once would wait. The lockout counting is ours and stays."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def password_step(client, username, addr="10.0.0.1", next_url=""):
    url = LOGIN + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": username, "password": PASSWORD}, REMOTE_ADDR=addr)


REQUIRED = ["city_officer", "sysadmin", "auditor", "security_admin"]


@pytest.mark.parametrize("role", REQUIRED)
def test_required_roles_reach_nothing_with_the_password_alone(role, request, client):
    user = request.getfixturevalue(role)
    enrol_device(user)
    resp = password_step(client, user.username)
    assert resp.status_code == 302
    assert resp["Location"] == OTP + "?next=%2F"
    assert client.session["_auth_user_id"] == str(user.pk)
    for path in ("/", "/accounts/users/", "/accounts/audit/", "/places/", "/accounts/password/"):
        got = client.get(path)
        assert got.status_code == 302, path
        assert got["Location"].startswith(OTP), path
    assert client.get("/sysadmin/").status_code == 302
    assert client.get("/sysadmin/accounts/user/")["Location"].startswith(OTP)
    api = client.get("/api/v1/me/")
    assert api.status_code == 401
    assert api.json() == {"detail": "请先在登录页面输入第二因素验证码。", "code": "otp_required"}
    assert client.get(OTP).status_code == 200  # the code page itself is open


def test_wrong_code_is_refused_and_counts_towards_the_lockout(client, city_officer):
    device = enrol_device(city_officer)
    password_step(client, "city_officer")
    right = totp_code(device)
    wrong = f"{(int(right) + 1) % 1000000:06d}"
    resp = client.post(OTP, {"code": wrong}, REMOTE_ADDR="10.0.0.1")
    assert resp.status_code == 401
    assert "验证码不正确" in resp.content.decode()
    assert client.get("/places/").status_code == 302
    failure = LoginFailure.objects.get()
    assert (failure.username, failure.address, failure.cleared) == (
        "city_officer",
        "10.0.0.1",
        False,
    )
    assert AuditEvent.objects.filter(event="otp_failed", outcome="denied").count() == 1
    # re-entering the password does not wipe the failed code
    client.post("/accounts/logout/")
    password_step(client, "city_officer")
    assert LoginFailure.objects.filter(cleared=False).count() == 1


def test_five_wrong_codes_lock_and_sign_the_session_out(client, city_officer):
    enrol_device(city_officer)
    password_step(client, "city_officer")
    for _ in range(4):
        assert client.post(OTP, {"code": "000000"}, REMOTE_ADDR="10.0.0.1").status_code == 401
    fifth = client.post(OTP, {"code": "000000"}, REMOTE_ADDR="10.0.0.1")
    assert fifth.status_code == 429
    assert "登录失败次数过多" in fifth.content.decode()
    assert "_auth_user_id" not in client.session
    # and the password alone is refused while locked
    assert password_step(client, "city_officer").status_code == 429


def test_correct_code_verifies_the_session_and_clears_failures(client, city_officer):
    device = enrol_device(city_officer)
    password_step(client, "city_officer", next_url="/places/")
    client.post(OTP, {"code": "000000"}, REMOTE_ADDR="10.0.0.1")  # one wrong first
    key_before = client.session.session_key
    resp = client.post(OTP + "?next=/places/", {"code": totp_code(device)}, REMOTE_ADDR="10.0.0.1")
    assert resp.status_code == 302
    assert resp["Location"] == "/places/"
    assert client.session.session_key != key_before  # the session key is renewed
    assert client.get("/places/").status_code == 200
    assert LoginFailure.objects.filter(cleared=False).count() == 0
    ev = AuditEvent.objects.get(event="otp_verified")
    assert (ev.actor_name, ev.detail) == ("city_officer", "authenticator")


def test_a_code_cannot_be_replayed(client, city_officer):
    device = enrol_device(city_officer)
    password_step(client, "city_officer")
    code = totp_code(device)
    assert client.post(OTP, {"code": code}).status_code == 302
    other = Client()
    password_step(other, "city_officer")
    assert other.post(OTP, {"code": code}).status_code == 401


def test_enrolment_at_first_sign_in_then_recovery_code_works_once(client, auditor):
    resp = password_step(client, "auditor")
    assert resp["Location"] == OTP + "?next=%2F"
    assert client.get(OTP)["Location"] == ENROL + "?next=%2F"
    page = client.get(ENROL)
    assert page.status_code == 200
    text = page.content.decode()
    assert 'src="/accounts/otp/qr.svg"' in text
    device = TOTPDevice.objects.get(user=auditor)
    assert device.confirmed is False
    assert second_factor.secret_for_display(device) in text
    qr = client.get("/accounts/otp/qr.svg")
    assert qr.status_code == 200
    assert qr["Content-Type"] == "image/svg+xml"
    assert qr.content.startswith(b"<svg") or b"<svg" in qr.content[:200]
    # still not verified: nothing else opens
    assert client.get("/accounts/audit/").status_code == 302
    # a wrong code does not confirm
    assert client.post(ENROL, {"code": "000000"}).status_code == 401
    device.refresh_from_db()
    assert device.confirmed is False
    done = client.post(ENROL, {"code": totp_code(device)})
    assert done.status_code == 200
    codes = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", done.content.decode())
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get("/accounts/audit/").status_code == 200
    # the codes are kept as digests only
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert len(stored) == 10
    assert not stored & {c.replace("-", "") for c in codes}
    assert AuditEvent.objects.filter(event="otp_enrolled", actor_name="auditor").count() == 1
    # a recovery code signs in once
    client.post("/accounts/logout/")
    password_step(client, "auditor")
    assert client.post(OTP, {"code": codes[0].upper()}).status_code == 302
    assert client.get("/accounts/audit/").status_code == 200
    assert AuditEvent.objects.filter(event="otp_verified", detail="recovery code").count() == 1
    client.post("/accounts/logout/")
    password_step(client, "auditor")
    assert client.post(OTP, {"code": codes[0]}).status_code == 401
    assert second_factor.recovery_codes_left(auditor) == 9


def test_password_alone_cannot_replace_an_enrolled_authenticator(client, sysadmin):
    enrol_device(sysadmin)
    password_step(client, "sysadmin")
    resp = client.get(ENROL)
    assert resp.status_code == 302
    assert resp["Location"] == OTP
    assert client.post(ENROL, {"code": "123456"}).status_code == 302
    assert TOTPDevice.objects.filter(user=sysadmin).count() == 1
    assert client.get("/accounts/otp/qr.svg").status_code == 404


@pytest.mark.parametrize(
    "role", ["officer_chengde", "institute_staff", "helper_liaison", "inspector"]
)
def test_other_roles_are_unaffected_unless_enrolled(role, request, client):
    user = request.getfixturevalue(role)
    resp = password_step(client, user.username)
    assert resp.status_code == 302
    assert resp["Location"] == "/"
    assert client.get("/accounts/password/").status_code == 200


def test_optional_enrolment_from_the_account_page_then_asked_at_sign_in(client, officer_chengde):
    password_step(client, "officer_chengde")
    page = client.get("/accounts/security/")
    assert "可自愿启用第二因素" in page.content.decode()
    assert client.get(ENROL).status_code == 200
    device = TOTPDevice.objects.get(user=officer_chengde)
    assert client.post(ENROL, {"code": totp_code(device)}).status_code == 200
    client.post("/accounts/logout/")
    resp = password_step(client, "officer_chengde")
    assert resp["Location"] == OTP + "?next=%2F"
    assert client.get("/places/").status_code == 302
    assert client.post(OTP, {"code": totp_code(device)}).status_code == 302
    assert client.get("/places/").status_code == 200


def test_security_administrator_resets_a_lost_authenticator(
    client_for, city_officer, security_admin
):
    enrol_device(city_officer)
    second_factor.new_recovery_codes(city_officer)
    admin = client_for(security_admin)
    resp = admin.post("/accounts/users/city_officer/otp-reset/")
    assert resp.status_code == 302
    assert TOTPDevice.objects.filter(user=city_officer).count() == 0
    assert second_factor.recovery_codes_left(city_officer) == 0
    ev = AuditEvent.objects.get(event="otp_reset", outcome="ok")
    assert (ev.actor_name, ev.object_repr) == ("security_admin", "city_officer")
    # the owner enrols again at the next sign-in
    c = Client()
    password_step(c, "city_officer")
    assert c.get(OTP)["Location"] == ENROL + "?next=%2F"


def test_nobody_resets_their_own_second_factor(client_for, security_admin, sysadmin):
    admin = client_for(security_admin)
    admin.post("/accounts/users/security_admin/otp-reset/")
    assert TOTPDevice.objects.filter(user=security_admin).count() == 1
    assert AuditEvent.objects.filter(event="otp_reset", outcome="denied").count() == 1
    # and the system administrator resets nobody's
    enrol_device(security_admin)
    assert client_for(sysadmin).post("/accounts/users/security_admin/otp-reset/").status_code == 403
    assert TOTPDevice.objects.filter(user=security_admin).count() == 1


def test_new_recovery_codes_replace_the_old(client_for, city_officer):
    c = client_for(city_officer)
    old = second_factor.new_recovery_codes(city_officer)
    resp = c.post("/accounts/otp/recovery/")
    new = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", resp.content.decode())
    assert len(new) == 10
    assert set(new).isdisjoint(old)
    assert second_factor.match(city_officer, old[0]) is None
    assert second_factor.match(city_officer, new[0]) is not None


# API token issue -----------------------------------------------------------------------


def token(client, **data):
    return client.post(
        "/api/v1/token/", data, content_type="application/json", REMOTE_ADDR="10.0.0.3"
    )


def test_token_needs_the_code_for_required_roles(client, city_officer):
    device = enrol_device(city_officer)
    missing = token(client, username="city_officer", password=PASSWORD)
    assert missing.status_code == 401
    assert missing.json()["code"] == "otp_required"
    assert "otp 字段" in missing.json()["detail"]
    wrong = token(client, username="city_officer", password=PASSWORD, otp="000000")
    assert wrong.status_code == 401
    assert wrong.json() == {"detail": "第二因素验证码不正确。", "code": "otp_wrong"}
    assert LoginFailure.objects.filter(username="city_officer", cleared=False).count() == 1
    ok = token(client, username="city_officer", password=PASSWORD, otp=totp_code(device))
    assert ok.status_code == 200
    key = ok.json()["token"]
    me = client.get("/api/v1/me/", headers={"Authorization": f"Token {key}"})
    assert me.json()["username"] == "city_officer"
    assert AuditEvent.objects.filter(event="token_issued", actor_name="city_officer").count() == 1
    assert LoginFailure.objects.filter(cleared=False).count() == 0


def test_token_without_an_enrolled_authenticator_is_refused(client, sysadmin):
    resp = token(client, username="sysadmin", password=PASSWORD, otp="123456")
    assert resp.status_code == 403
    assert resp.json()["code"] == "otp_enrolment_required"
    assert "请先在网页登录一次并绑定认证器" in resp.json()["detail"]


def test_token_for_other_roles_needs_no_code_and_bad_passwords_answer_401(client, officer_chengde):
    bad = token(client, username="officer_chengde", password="nope-nope")
    assert bad.status_code == 401
    assert bad.json() == {"detail": "用户名或密码错误。", "code": "credentials"}
    first = token(client, username="officer_chengde", password=PASSWORD).json()["token"]
    second = token(client, username="officer_chengde", password=PASSWORD).json()["token"]
    assert first != second  # a new token replaces the old
    assert client.get("/api/v1/me/", headers={"Authorization": f"Token {first}"}).status_code == 401


def test_token_issue_is_locked_per_address_like_the_page(client, officer_chengde):
    for i in range(20):
        token(client, username=f"u{i}", password="Spring2026!")
    resp = token(client, username="officer_chengde", password=PASSWORD)
    assert resp.status_code == 429
    body = resp.json()
    assert body["code"] == "locked"
    assert body["detail"].startswith("登录失败次数过多：在 ")
    assert body["locked_until"][:16] in {
        e.detail.split("until ")[1][:16] for e in AuditEvent.objects.filter(event="address_lockout")
    }


def test_conftest_helpers_give_a_verified_session_and_a_token(client, city_officer):
    """The documented way for tests to act as a role that needs a second factor."""
    from tests.conftest import api_token

    assert sign_in(Client(), city_officer).get("/places/").status_code == 200
    key = api_token(client, city_officer)
    assert client.get("/api/v1/me/", headers={"Authorization": f"Token {key}"}).status_code == 200
