"""Demo accounts: one per role; those with a second factor sign in with the printed key."""

from __future__ import annotations

from binascii import unhexlify

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from bangfu.demo.accounts import DEMO_PASSWORD, DEMO_TOTP_KEY, demo_accounts

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
OTP = "/accounts/otp/"


def test_demo_accounts_sign_in_with_the_printed_demo_key(client):
    accounts = {username: role for username, role, _scope in demo_accounts()}
    assert accounts["security_admin"] == "安全管理员"
    with_key = set(
        TOTPDevice.objects.filter(key=DEMO_TOTP_KEY).values_list("user__username", flat=True)
    )
    assert with_key == {"city_officer", "sysadmin", "auditor", "security_admin"}
    client.post(LOGIN, {"username": "security_admin", "password": DEMO_PASSWORD})
    resp = client.post(OTP, {"code": f"{totp(unhexlify(DEMO_TOTP_KEY)):06d}"})
    assert resp.status_code == 302
    assert client.get("/accounts/users/").status_code == 200
