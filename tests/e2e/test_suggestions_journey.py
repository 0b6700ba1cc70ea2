"""A county officer runs the pairing suggestions in the browser, sees an uncovered village get
a helper with its reasons, accepts it, and the village shows the proposed pairing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from bangfu.demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.e2e


def test_suggest_accept_and_see_the_pairing_on_the_village(page: Page, server_url, artifacts):
    page.goto("/accounts/login/")
    page.fill("#id_username", "officer_chengde")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("form:has(#id_username) button[type=submit]").click()
    expect(page.locator("[data-testid=whoami]")).to_contain_text("承德县")

    page.goto("/pairings/coverage/?county=130821")
    page.locator("[data-testid=suggest-link]").click()
    expect(page).to_have_url(re.compile(r"/pairings/suggestions/$"))
    page.locator("[data-testid=run-form] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/pairings/suggestions/[0-9a-f-]{36}/$"))
    run = page.locator("[data-testid=suggestion-run]")
    expect(run).to_have_attribute("data-status", "done", timeout=60_000)
    expect(page.locator("[data-testid=summary]")).to_contain_text("贪心法")

    # an uncovered village: the badge says it has no helper yet, the reasons say why this one
    row = page.locator("[data-testid=suggestions] tbody tr", has_text="尚无帮扶").first
    expect(row).to_be_visible()
    village_code = row.get_attribute("data-village")
    reasons = row.locator("[data-testid=reasons]")
    expect(reasons).to_contain_text("该村尚无帮扶主体")
    expect(reasons).to_contain_text(re.compile("同县|同乡镇|产业对口|对症致贫原因"))
    helper_name = row.locator("td").nth(2).inner_text().strip()
    row.locator("input[type=checkbox]").check()
    page.locator("[data-testid=accept-selected]").click()
    expect(page.locator(".alert-success")).to_contain_text("已生成 1 条拟结对")
    number = re.search(r"KQ\d+", page.locator(".alert-success").inner_text()).group(0)
    page.screenshot(path=str(artifacts / "suggestions-accepted.png"), full_page=True)

    page.goto(f"/registry/villages/{village_code}/")
    expect(page.locator("body")).to_contain_text(number)
    expect(page.locator("body")).to_contain_text(helper_name)
