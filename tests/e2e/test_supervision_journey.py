"""A county officer records a supervision visit, raises a follow-up on it and closes it with a
note, then corrects the visit: the correction shows in the visit's history, and a second tab
still holding the page from before is refused (已被他人修改) with what it typed kept."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.signing_in import sign_in

pytestmark = pytest.mark.e2e

FINDINGS = "中药材基地长势良好，贫困户参与种植积极。"
CORRECTED = "中药材基地长势良好，已种植150亩，贫困户参与种植积极。"
PROBLEM = "灌溉水源不足，部分地块无法保苗"
NOTE = "已协调县水务局打机井一眼，灌溉问题解决。"


def _record_visit(page: Page) -> str:
    page.goto("/oversight/visits/new/")
    page.fill("#id_participants", "承德县扶贫办督导组 李强")
    page.locator("#id_villages").select_option(index=0)
    page.fill("#id_findings", FINDINGS)
    page.fill("#id_problems", PROBLEM)
    page.locator("[data-testid=submit]").click()
    expect(page.locator("[data-testid=add-followup]")).to_be_visible()
    return page.url


def _raise_follow_up(page: Page, visit_url: str) -> None:
    page.locator("[data-testid=add-followup]").click()
    page.fill("#id_problem", PROBLEM)
    page.fill("#id_owner_name", "下板城镇政府")
    page.fill("#id_due_on", f"{dt.date.today() + dt.timedelta(days=30):%Y-%m-%d}")
    page.locator("[data-testid=submit]").click()
    page.wait_for_url(visit_url)
    expect(page.locator("body")).to_contain_text(PROBLEM)


def _close_follow_up(page: Page) -> None:
    page.locator(f"table a:has-text('{PROBLEM[:10]}')").first.click()
    expect(page.locator("h1")).to_contain_text(PROBLEM[:10])
    page.fill("#id_note", NOTE)
    page.locator("[data-testid=close]").click()
    expect(page.locator("h1 .badge")).to_have_text("已办结")
    expect(page.locator("[data-testid=closing-note]")).to_contain_text(NOTE)


def test_visit_follow_up_closed_then_the_visit_corrected(new_context, artifacts):
    ctx = new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, "officer_chengde")

    visit_url = _record_visit(page)
    _raise_follow_up(page, visit_url)
    _close_follow_up(page)

    # the visit is corrected although its only follow-up is closed
    page.goto(visit_url)
    page.locator("[data-testid=edit-visit]").click()
    expect(page.locator("[data-testid=all-closed]")).to_be_visible()
    edit_url = page.url
    other = ctx.new_page()  # a second tab opens the same edit page before the save
    other.goto(edit_url)
    page.fill("#id_findings", CORRECTED)
    page.locator("[data-testid=submit]").click()
    page.wait_for_url(visit_url)
    expect(page.locator("dl.row").first).to_contain_text(CORRECTED)
    history = page.locator("[data-testid=history]")
    expect(history).to_contain_text(CORRECTED)
    expect(history).to_contain_text(FINDINGS)
    expect(page.locator("body")).to_contain_text(PROBLEM[:10])  # its follow-up is still there
    page.screenshot(path=str(artifacts / "supervision-visit-corrected.png"), full_page=True)

    # the stale tab is refused; what it typed is still there
    other.fill("#id_participants", "市合作交流办 王明")
    other.locator("[data-testid=submit]").click()
    expect(other.locator(".alert-danger")).to_contain_text("已被他人修改")
    expect(other.locator("#id_participants")).to_have_value("市合作交流办 王明")
    other.screenshot(path=str(artifacts / "supervision-visit-stale-edit.png"), full_page=True)
    page.reload()
    expect(page.locator("dl.row").first).not_to_contain_text("市合作交流办 王明")
