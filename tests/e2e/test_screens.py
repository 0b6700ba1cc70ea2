"""Screenshots of every main page at the offices' laptop size (1366×768) and a phone's
(390×844), into test-artifacts/screens/, for a reviewer to look at in one place; and the
checks the screens must pass: the top bar fits 1280 and 1366 px with the account menu on
screen, and on a phone a liaison's pairings, records and plan read as cards, without a
sideways scroll."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.signing_in import sign_in

pytestmark = pytest.mark.e2e

SIZES = {"1366x768": (1366, 768), "390x844": (390, 844)}
# (file name, path) of the main pages, by the account that sees them
PAGES = {
    "officer_chengde": [
        ("home", "/"),
        ("dashboard", "/dashboard/"),
        ("places", "/places/"),
        ("villages", "/registry/villages/"),
        ("households", "/registry/households/"),
        ("monitoring", "/registry/monitoring/"),
        ("helpers", "/helpers/"),
        ("pairings", "/pairings/"),
        ("coverage", "/pairings/coverage/"),
        ("assistance", "/assistance/"),
        ("to-confirm", "/assistance/confirm/"),
        ("households-reached", "/assistance/?indicator=households_reached&status=confirmed"),
        ("reporting-board", "/reporting/"),
        ("submissions", "/reporting/submissions/"),
        ("oversight", "/oversight/"),
        ("visits", "/oversight/visits/"),
        ("evaluations", "/oversight/evaluations/"),
        ("notifications", "/notifications/"),
    ],
    "helper_liaison": [
        ("liaison-home", "/"),
        ("liaison-pairings", "/pairings/"),
        ("liaison-records", "/assistance/"),
    ],
    "city_officer": [
        ("city-dashboard", "/dashboard/"),
        ("city-reporting-board", "/reporting/"),
    ],
}


def _no_sideways_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("username", list(PAGES))
def test_screenshots_of_the_main_pages(username, new_context, artifacts):
    folder = artifacts / "screens"
    folder.mkdir(exist_ok=True)
    page = new_context(viewport={"width": 1366, "height": 768}).new_page()
    sign_in(page, username)  # once: the city's authenticator code may not be used twice
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        for name, path in PAGES[username]:
            page.goto(path)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(folder / f"{name}-{size}.png"))
        if username == "officer_chengde":  # a filing page, with attachment 7's preview
            page.goto("/reporting/submissions/?county=130821&report=statistics&period=2019H2")
            page.locator("[data-testid=submissions] tbody a").first.click()
            expect(page.locator("[data-testid=preview]").first).to_be_visible()
            page.screenshot(path=str(folder / f"filing-attachment-7-{size}.png"))
        if username == "helper_liaison":  # a pairing's page: its plan is the liaison's to-do
            page.goto("/pairings/")
            page.locator("[data-testid=pairings] tbody a").first.click()
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(folder / f"liaison-pairing-{size}.png"))


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1366, 768)])
@pytest.mark.parametrize("username", ["officer_chengde", "city_officer", "institute_staff"])
def test_the_top_bar_fits_and_the_account_menu_is_reachable(
    username, width, height, new_context, artifacts
):
    page = new_context(viewport={"width": width, "height": height}).new_page()
    sign_in(page, username)
    page.goto("/")
    bar = page.locator("nav.navbar")
    assert page.evaluate(
        "(() => { const n = document.querySelector('nav.navbar');"
        " return n.scrollWidth <= n.clientWidth && n.offsetHeight < 80; })()"
    ), "the top bar wraps or overflows"
    whoami = page.locator("[data-testid=whoami]")
    box = whoami.bounding_box()
    assert box["x"] + box["width"] <= width
    whoami.click()
    sign_out = page.locator("[data-testid=sign-out]")
    expect(sign_out).to_be_visible()
    out = sign_out.bounding_box()
    assert out["x"] >= 0
    assert out["x"] + out["width"] <= width
    expect(page.locator("[data-testid=language-en]")).to_be_visible()
    if username == "city_officer" and width == 1366:
        bar.page.screenshot(path=str(artifacts / "screens" / "account-menu-1366x768.png"))


def test_a_liaisons_lists_are_cards_on_a_phone(new_context):
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(page, "helper_liaison")
    for path, table in (("/pairings/", "pairings"), ("/assistance/", "records")):
        page.goto(path)
        rows = page.locator(f"[data-testid={table}] tbody tr")
        expect(rows.first).to_be_visible()
        assert page.locator(f"[data-testid={table}] thead").is_hidden()
        assert rows.first.evaluate("r => getComputedStyle(r).display") == "block"
        assert _no_sideways_scroll(page), path
    page.locator("[data-testid=records] tbody a").first.click()
    page.goto("/pairings/")
    page.locator("[data-testid=pairings] tbody a").first.click()
    plan = page.locator("[data-testid=plan] tbody tr")
    if plan.count():
        assert plan.first.evaluate("r => getComputedStyle(r).display") == "block"
    assert _no_sideways_scroll(page)
