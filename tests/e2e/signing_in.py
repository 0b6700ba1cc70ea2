"""Signing a demo account in, in the browser, with the city office's second factor.

The server refuses a code of a step it has already accepted (replay), so a second sign-in
within the same 30 s waits for the next step instead of failing at random."""

from __future__ import annotations

import time
from binascii import unhexlify

from playwright.sync_api import Page, expect

from bangfu.demo.accounts import DEMO_PASSWORD

STEP = 30
_last_step = -1


def demo_code() -> str:
    from django_otp.oath import totp

    from bangfu.demo.accounts import DEMO_TOTP_KEY

    global _last_step
    now = time.time()
    if int(now // STEP) <= _last_step:
        time.sleep((_last_step + 1) * STEP - now + 0.5)
    _last_step = int(time.time() // STEP)
    return f"{totp(unhexlify(DEMO_TOTP_KEY)):06d}"


def sign_in(page: Page, username: str) -> None:
    """Sign `username` in with the demo password (and the city office's code when asked)."""
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("form:has(#id_username) button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if "/accounts/otp/" in page.url:  # the city office signs in with a second factor
        page.fill("#id_code", demo_code())
        page.locator("[data-testid=otp-submit]").click()
        page.wait_for_url(lambda url: "/accounts/otp/" not in url)
    expect(page.locator("[data-testid=whoami]")).to_have_count(1)  # in the phone's menu too
