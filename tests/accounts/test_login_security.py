import re
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bangfu.accounts.authentication import address_lockout_until, lockout_until
from bangfu.accounts.models import AuditEvent, LoginFailure
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def _page(resp, username):
    """The page without what differs per response anyway (token, nonce, the name typed)."""
    text = resp.content.decode().replace(username, "USER")
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    return re.sub(r'nonce="[^"]+"', "", text)


def post_login(client, username, password, addr="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=addr)


def test_login_success_records_event_and_session_times(client, officer_chengde):
    resp = post_login(client, "officer_chengde", PASSWORD)
    assert resp.status_code == 302
    assert resp["Location"] == "/"
    session = client.session
    assert abs(session["login_at"] - time.time()) < 5
    ev = AuditEvent.objects.filter(event="login").get()
    assert (ev.actor_name, ev.role, ev.address) == ("officer_chengde", "county", "10.0.0.1")


def test_wrong_password_and_unknown_user_get_the_same_answer(client, officer_chengde):
    known = post_login(client, "officer_chengde", "wrong-password-1")
    unknown = post_login(client, "nobody_at_all", "wrong-password-1")
    assert known.status_code == unknown.status_code == 401
    assert _page(known, "officer_chengde") == _page(unknown, "nobody_at_all")
    assert AuditEvent.objects.filter(event="login_failed", outcome="denied").count() == 2


def test_five_failures_lock_the_account_and_say_until_when(client, officer_chengde):
    for _ in range(4):
        assert post_login(client, "officer_chengde", "bad-pass").status_code == 401
    fifth = post_login(client, "officer_chengde", "bad-pass")
    assert fifth.status_code == 429
    until = timezone.localtime(lockout_until(username="officer_chengde", address="10.0.0.1"))
    assert until.strftime("%Y-%m-%d %H:%M") in fifth.content.decode()
    # the right password does not help while locked, and no "attempts left" count is shown
    locked = post_login(client, "officer_chengde", PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(event="lockout").count() == 1
    assert AuditEvent.objects.filter(event="login_locked").count() == 1


def test_unknown_user_locks_the_same_way(client):
    for _ in range(5):
        resp = post_login(client, "ghost", "bad-pass")
    assert resp.status_code == 429


def test_lock_is_keyed_on_username_and_address(client, officer_chengde):
    for _ in range(5):
        post_login(client, "officer_chengde", "bad-pass", addr="10.0.0.1")
    assert post_login(client, "officer_chengde", PASSWORD, addr="10.0.0.2").status_code == 302


def test_failures_spread_beyond_the_window_do_not_lock(officer_chengde):
    now = timezone.now()
    for minutes in (60, 45, 30, 15, 0):  # five failures, but never five within 15 minutes
        LoginFailure.objects.create(
            username="officer_chengde", address="a", at=now - timedelta(minutes=minutes, seconds=1)
        )
    assert lockout_until(username="officer_chengde", address="a", now=now) is None


def test_lock_ends_after_thirty_minutes(officer_chengde):
    now = timezone.now()
    for s in range(5):
        LoginFailure.objects.create(
            username="officer_chengde", address="a", at=now - timedelta(minutes=31, seconds=s)
        )
    assert lockout_until(username="officer_chengde", address="a", now=now) is None
    assert (
        lockout_until(username="officer_chengde", address="a", now=now - timedelta(minutes=2))
        is not None
    )


def test_security_administrator_unlocks(
    client, client_for, officer_chengde, security_admin, sysadmin
):
    for _ in range(5):
        post_login(client, "officer_chengde", "bad-pass")
    # the system administrator sees accounts but unlocks nothing (separation of duties)
    assert (
        client_for(sysadmin)
        .post(reverse("accounts:user_unlock", args=["officer_chengde"]))
        .status_code
        == 403
    )
    assert post_login(client, "officer_chengde", PASSWORD).status_code == 429
    admin = client_for(security_admin)
    page = admin.get(reverse("accounts:user_edit", args=["officer_chengde"]))
    assert b"user_unlock" not in page.content  # the form posts to the unlock url
    assert reverse("accounts:user_unlock", args=["officer_chengde"]).encode() in page.content
    resp = admin.post(reverse("accounts:user_unlock", args=["officer_chengde"]))
    assert resp.status_code == 302
    assert post_login(client, "officer_chengde", PASSWORD).status_code == 302
    assert AuditEvent.objects.filter(event="unlock", actor_name="security_admin").count() == 1
    assert AuditEvent.objects.filter(event="unlock").count() == 1


def test_inactive_account_cannot_sign_in(client, officer_chengde):
    officer_chengde.is_active = False
    officer_chengde.save()
    assert post_login(client, "officer_chengde", PASSWORD).status_code == 401


def test_superuser_cannot_sign_in_in_production(client, settings, db):
    from bangfu.accounts.models import User

    u = User(username="root_user", is_superuser=True, is_staff=True)
    u.set_password(PASSWORD)
    u.save()
    settings.DEBUG = False
    assert post_login(client, "root_user", PASSWORD).status_code == 401


def test_idle_session_ends_after_thirty_minutes(client, officer_chengde):
    post_login(client, "officer_chengde", PASSWORD)
    assert client.get("/").status_code == 200
    session = client.session
    session["last_seen"] = time.time() - 31 * 60
    session.save()
    resp = client.get("/")
    assert resp.status_code == 302
    assert resp["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(event="session_idle").count() == 1


def test_activity_keeps_the_session_alive(client, officer_chengde):
    post_login(client, "officer_chengde", PASSWORD)
    session = client.session
    session["last_seen"] = time.time() - 29 * 60
    session.save()
    assert client.get("/").status_code == 200
    assert time.time() - client.session["last_seen"] < 5


def test_session_ends_twelve_hours_after_login_even_when_active(client, officer_chengde):
    post_login(client, "officer_chengde", PASSWORD)
    session = client.session
    session["login_at"] = time.time() - 12 * 3600 - 1
    session.save()
    resp = client.get("/places/")
    assert resp.status_code == 302
    assert AuditEvent.objects.filter(event="session_expired").count() == 1


def test_api_session_end_answers_401(client, officer_chengde):
    post_login(client, "officer_chengde", PASSWORD)
    session = client.session
    session["last_seen"] = time.time() - 3600
    session.save()
    assert client.get("/api/v1/me/").status_code == 401


def test_logout_flushes_the_session(client, officer_chengde):
    post_login(client, "officer_chengde", PASSWORD)
    key = client.session.session_key
    resp = client.post("/accounts/logout/")
    assert resp.status_code == 302
    assert client.session.session_key != key
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(event="logout").count() == 1


def test_logout_needs_post(client, officer_chengde):
    post_login(client, "officer_chengde", PASSWORD)
    assert client.get("/accounts/logout/").status_code == 405


def test_login_next_is_followed_only_on_this_site(client, officer_chengde):
    resp = client.post(
        LOGIN + "?next=https://evil.example/", {"username": "officer_chengde", "password": PASSWORD}
    )
    assert resp["Location"] == "/"
    client.post("/accounts/logout/")
    resp = client.post(
        LOGIN + "?next=/places/", {"username": "officer_chengde", "password": PASSWORD}
    )
    assert resp["Location"] == "/places/"


# Password spraying from one address (issue 13): LOGIN_ADDRESS_FAILURE_LIMIT failures from
# one address, whatever the usernames, pause every sign-in from it.


def test_spraying_twenty_usernames_from_one_address_pauses_that_address(client, officer_chengde):
    for i in range(19):
        assert post_login(client, f"user{i:02d}", "Spring2026!", addr="10.9.9.9").status_code == 401
    twentieth = post_login(client, "user19", "Spring2026!", addr="10.9.9.9")
    assert twentieth.status_code == 429
    # the 21st, with a correct password, is refused too, and says until when
    resp = post_login(client, "officer_chengde", PASSWORD, addr="10.9.9.9")
    assert resp.status_code == 429
    assert "_auth_user_id" not in client.session
    until = timezone.localtime(address_lockout_until(address="10.9.9.9"))
    assert until - timezone.localtime() > timedelta(minutes=29)
    text = resp.content.decode()
    assert "此地址登录失败次数过多" in text
    assert until.strftime("%Y-%m-%d %H:%M") in text
    assert LoginFailure.objects.filter(address="10.9.9.9").count() == 20  # not 21
    assert AuditEvent.objects.filter(event="address_lockout").count() == 1
    locked = AuditEvent.objects.get(event="login_locked")
    assert (locked.object_repr, locked.address) == ("officer_chengde", "10.9.9.9")
    assert locked.detail.startswith("address locked until ")
    # another address still signs in
    other = Client()
    assert post_login(other, "officer_chengde", PASSWORD, addr="10.0.0.7").status_code == 302


def test_signing_in_to_ones_own_account_does_not_reset_the_address_count(client, officer_chengde):
    for i in range(19):
        post_login(client, f"victim{i}", "Spring2026!", addr="10.9.9.9")
    assert post_login(client, "officer_chengde", PASSWORD, addr="10.9.9.9").status_code == 302
    client.post("/accounts/logout/")
    assert post_login(client, "victim19", "Spring2026!", addr="10.9.9.9").status_code == 429


def test_address_lock_ends_after_the_lockout(settings):
    now = timezone.now()
    for i in range(20):
        LoginFailure.objects.create(
            username=f"u{i}", address="a", at=now - timedelta(minutes=31, seconds=i)
        )
    assert address_lockout_until(address="a", now=now) is None
    assert address_lockout_until(address="a", now=now - timedelta(minutes=2)) is not None
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 21
    assert address_lockout_until(address="a", now=now - timedelta(minutes=2)) is None


def test_forged_forwarded_for_does_not_change_the_address(client, officer_chengde, settings):
    """Without declared proxies, X-Forwarded-For is the client's own claim: ignored, so a
    sprayer cannot give every attempt a fresh address."""
    assert settings.TRUSTED_PROXY_COUNT == 0
    for i in range(20):
        client.post(
            LOGIN,
            {"username": f"u{i}", "password": "x-Spring2026"},
            REMOTE_ADDR="10.9.9.9",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}",
        )
    assert set(LoginFailure.objects.values_list("address", flat=True)) == {"10.9.9.9"}
    assert address_lockout_until(address="10.9.9.9") is not None


def _writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE", "REPLACE"}
    ]


def test_a_second_page_view_within_the_minute_writes_nothing(client, officer_chengde):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    post_login(client, "officer_chengde", PASSWORD)
    assert client.get("/").status_code == 200
    stamped = client.session["last_seen"]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
        assert client.get("/places/").status_code == 200
    assert _writes(ctx.captured_queries) == []
    assert client.session["last_seen"] == stamped


def test_the_idle_stamp_is_renewed_after_a_minute(client, officer_chengde):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    post_login(client, "officer_chengde", PASSWORD)
    session = client.session
    session["last_seen"] = time.time() - 61
    session.save()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    assert any("django_session" in sql for sql in _writes(ctx.captured_queries))
    assert time.time() - client.session["last_seen"] < 5
