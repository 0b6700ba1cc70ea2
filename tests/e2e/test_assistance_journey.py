"""A helper liaison records a training in its village, the county officer confirms it, and
the dashboard's trained-persons figure for that county goes up by the record's number."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from bangfu.demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

PERIOD = "2019H2"  # the record is dated inside it; the demo's pairings were active then
TRAINED = 37


def _sign_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("form:has(#id_username) button[type=submit]").click()
    expect(page.locator("[data-testid=whoami]")).to_be_visible()


def _trained(page: Page) -> int:
    page.goto(f"/dashboard/?period={PERIOD}&county=130821")
    value = page.locator("[data-testid=figure-persons_trained]").get_attribute("data-value")
    return int(value)


def test_liaison_records_county_confirms_dashboard_counts(new_context, artifacts):
    officer = new_context(viewport={"width": 1280, "height": 900}).new_page()
    _sign_in(officer, "officer_chengde")
    before = _trained(officer)

    liaison = new_context(viewport={"width": 1280, "height": 900}).new_page()
    _sign_in(liaison, "helper_liaison")
    liaison.goto("/pairings/?status=active")
    liaison.locator("table a[href^='/pairings/KQ']").first.click()
    liaison.locator("[data-testid=record-assistance]").click()
    liaison.fill("#id_on", "2019-12-01")
    liaison.select_option("#id_pathway", "technology")
    liaison.select_option("#id_kind", "training")
    liaison.fill("#id_description", "冬季设施蔬菜种植技术培训")
    liaison.fill("#id_persons_trained", str(TRAINED))
    liaison.fill("#id_poor_trained", "12")
    liaison.locator("[data-testid=save-submit]").click()
    number = liaison.locator("[data-testid=number]").inner_text()
    expect(liaison.locator("[data-testid=status]").first).to_have_text("已提交")
    # the liaison cannot confirm its own record
    expect(liaison.locator("[data-testid=confirm]")).to_have_count(0)

    officer.goto("/assistance/confirm/")
    expect(officer.locator("h1")).to_be_visible()
    officer.goto(f"/assistance/{number}/")  # the queue holds the demo's submitted records too
    officer.locator("[data-testid=confirm]").click()
    expect(officer.locator("[data-testid=status]").first).to_have_text("已确认")

    assert _trained(officer) == before + TRAINED
    officer.screenshot(path=str(artifacts / "dashboard-after-confirm.png"), full_page=True)
