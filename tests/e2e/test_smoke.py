"""Browser smoke test: a county officer's first visit, end to end, in real Chromium.

Elements are found by data-testid, id, href or data-code, never by translated text: the
UI is Chinese by default and the wording may change. Place names are data, so they are
matched as text.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from bangfu.demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

CHENGDE = "130821"  # 承德县, officer_chengde's county
WEICHANG = "130828"  # 围场满族蒙古族自治县, another county
XIABANCHENG = "130821100"  # 下板城镇, a township of 承德县
LOGIN_PATH = "/accounts/login/"
LOCKED_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


def _login_form(page: Page):
    return page.locator("form:has(#id_username)")


def _submit_login(page: Page, username: str, password: str):
    """Fill in and post the sign-in form; returns the response to the POST."""
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.split("?")[0].endswith(LOGIN_PATH)
    ) as info:
        _login_form(page).locator("button[type=submit]").click()
    page.wait_for_load_state()
    return info.value


def _expect_login_page(page: Page, server_url: str) -> None:
    expect(page).to_have_url(re.compile(re.escape(server_url + LOGIN_PATH)))
    expect(page.locator("#id_username")).to_be_visible()
    expect(page.locator("[data-testid=whoami]")).to_have_count(0)


def test_county_officer_journey(page: Page, new_context, server_url, artifacts):
    page.set_default_timeout(10_000)

    # Anonymous: / sends us to the sign-in page.
    page.goto("/")
    _expect_login_page(page, server_url)
    expect(page).to_have_url(f"{server_url}{LOGIN_PATH}?next=/")

    # Sign in as the county officer of 承德县: the home page shows who and where.
    response = _submit_login(page, "officer_chengde", DEMO_PASSWORD)
    assert response.status == 302, response.status
    expect(page).to_have_url(f"{server_url}/")
    whoami = page.locator("[data-testid=whoami]")
    expect(whoami).to_contain_text("承德县")
    expect(page.locator("[data-testid=n-counties]")).to_have_text("1")
    # test-artifacts/home_officer_chengde.png: copy it to docs/img/home.png (the README's
    # screenshot) when the home page changes on purpose
    page.screenshot(path=artifacts / "home_officer_chengde.png", full_page=True)

    # The same home page on a phone (same session, 390px wide).
    phone = new_context(
        storage_state=page.context.storage_state(),
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    ).new_page()
    phone.goto("/")
    expect(phone).to_have_url(f"{server_url}/")
    expect(phone.locator("[data-testid=n-counties]")).to_have_text("1")
    phone.screenshot(path=artifacts / "home_phone.png", full_page=True)
    phone.close()

    # /places/ lists exactly one county: the officer's own.
    page.goto("/places/")
    counties = page.locator(".tree > ul > li[data-code]")
    expect(counties).to_have_count(1)
    expect(page.locator(f'li[data-code="{CHENGDE}"]')).to_have_count(1)
    expect(page.locator(f'li[data-code="{WEICHANG}"]')).to_have_count(0)
    expect(counties.first.locator(f'a[href="/places/{CHENGDE}/"]')).to_have_text("承德县")

    # Another county's page is "not found", not forbidden (no hint that it exists). The
    # server runs with DEBUG=1, so this is Django's technical 404 page, not 404.html.
    response = page.goto(f"/places/{WEICHANG}/")
    assert response is not None
    assert response.status == 404, response.status
    expect(page.locator("[data-testid=division-code]")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text("围场")

    # Expanding the county loads its townships with htmx.
    page.goto("/places/")
    page.locator(f'li[data-code="{CHENGDE}"] > button').click()
    township = page.locator(f'#children-{CHENGDE} li[data-code="{XIABANCHENG}"]')
    expect(township).to_contain_text("下板城镇")
    expect(township.locator(f'a[href="/places/{XIABANCHENG}/"]')).to_be_visible()
    page.screenshot(path=artifacts / "places_officer_chengde.png", full_page=True)

    # Searching by pinyin initials finds the township.
    page.goto("/places/search/")
    box = page.locator("main input[name=q]")
    box.fill("xbc")
    box.press("Enter")
    expect(page).to_have_url(f"{server_url}/places/search/?q=xbc")
    results = page.locator("[data-testid=search-results]")
    expect(results).to_contain_text("下板城镇")
    expect(results.locator(f'a[href="/places/{XIABANCHENG}/"]')).to_have_count(1)

    # Signing out (a POST from the navbar) lands on the sign-in page, and / needs it again.
    page.locator("[data-testid=whoami]").click()  # the account menu holds sign-out
    page.locator("[data-testid=sign-out]").click()
    _expect_login_page(page, server_url)
    page.goto("/")
    _expect_login_page(page, server_url)
    expect(page).to_have_url(f"{server_url}{LOGIN_PATH}?next=/")


def test_five_wrong_passwords_lock_the_username(page: Page, server_url):
    page.set_default_timeout(10_000)
    username = "inspector"  # not used by the other journey
    page.goto(LOGIN_PATH)
    error = page.locator("[data-testid=login-error]")

    for attempt in range(1, 5):
        response = _submit_login(page, username, f"wrong-password-{attempt}")
        assert response.status == 401, (attempt, response.status)
        expect(error).to_be_visible()
        assert not LOCKED_TIME.search(error.inner_text()), attempt

    # The 5th failure locks the username from this address until a stated time ...
    response = _submit_login(page, username, "wrong-password-5")
    assert response.status == 429, response.status
    expect(error).to_contain_text(LOCKED_TIME)
    locked_message = error.inner_text()

    # ... and while locked even the right password is refused, with the same message.
    response = _submit_login(page, username, DEMO_PASSWORD)
    assert response.status == 429, response.status
    expect(error).to_have_text(locked_message)
    _expect_login_page(page, server_url)
