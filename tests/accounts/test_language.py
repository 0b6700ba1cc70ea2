"""The pages' language: the browser's (Chinese for these offices), or the account's own
choice, kept on the account and applied at every sign-in; the demo accounts are Chinese."""

from __future__ import annotations

import pytest
from django.test import Client

from bangfu.accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _sign_in_page(client, lang=None):
    headers = {"HTTP_ACCEPT_LANGUAGE": lang} if lang else {}
    return client.get("/accounts/login/", **headers)


def test_the_pages_follow_the_browser_chinese_or_english(db):
    assert _sign_in_page(Client(), "zh-CN,zh;q=0.9")["Content-Language"] == "zh-hans"
    assert _sign_in_page(Client(), "en-US,en;q=0.8")["Content-Language"] == "en"
    assert _sign_in_page(Client())["Content-Language"] == "zh-hans"  # no preference: Chinese


def test_the_choice_is_kept_on_the_account_and_applied_at_the_next_sign_in(
    client_for, officer_chengde
):
    client = client_for(officer_chengde)
    resp = client.post(
        "/accounts/language/", {"language": "en", "next": "/"}, HTTP_ACCEPT_LANGUAGE="zh-CN"
    )
    assert resp.status_code == 302
    officer_chengde.refresh_from_db()
    assert officer_chengde.language == "en"
    # a new browser that asks for Chinese, no cookie: the account's choice wins at sign-in
    fresh = Client(HTTP_ACCEPT_LANGUAGE="zh-CN")
    resp = fresh.post(
        "/accounts/login/", {"username": officer_chengde.username, "password": PASSWORD}
    )
    assert resp.status_code == 302
    home = fresh.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert home["Content-Language"] == "en"
    assert "Sign out" in home.content.decode()
    assert fresh.cookies["django_language"].value == "en"  # and the cookie follows it


def test_without_a_choice_a_user_sees_the_browsers_language(client_for, officer_chengde):
    assert officer_chengde.language == ""
    resp = client_for(officer_chengde).get("/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert resp["Content-Language"] == "zh-hans"
    assert "退出" in resp.content.decode()


def test_a_language_not_offered_is_refused_with_a_message_and_nothing_changes(
    client_for, officer_chengde
):
    client = client_for(officer_chengde)
    resp = client.post(
        "/accounts/language/", {"language": "fr", "next": "/"}, HTTP_ACCEPT_LANGUAGE="zh-CN"
    )
    assert resp.status_code == 302
    officer_chengde.refresh_from_db()
    assert officer_chengde.language == ""
    assert "不提供该语言" in client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()


def test_the_demo_accounts_are_chinese(db):
    from bangfu.demo.accounts import DEMO_ACCOUNTS, demo_accounts

    demo_accounts()
    names = [a[0] for a in DEMO_ACCOUNTS]
    assert set(User.objects.filter(username__in=names).values_list("language", flat=True)) == {
        "zh-hans"
    }
