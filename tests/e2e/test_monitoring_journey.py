"""A county officer opens an exited household, starts a relapse-monitoring case and walks
all identification steps through the pages (home visit, data comparison, village review
with a public notice of at least 5 days, township review, county approval): skipping the
notice and a 4-day notice are refused on the way, and the case ends identified."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from bangfu.demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

OPENED = dt.date.today() - dt.timedelta(days=14)


def day(n: int) -> str:
    return f"{OPENED + dt.timedelta(days=n):%Y-%m-%d}"


def _sign_in(page: Page):
    page.goto("/accounts/login/")
    page.fill("#id_username", "officer_chengde")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("form:has(#id_username) button[type=submit]").click()
    expect(page.locator("[data-testid=whoami]")).to_contain_text("承德县")


def _open_household_without_case(page: Page) -> str:
    """An exited demo household of 承德县 that has no open case yet (the demo may hold some)."""
    page.goto("/registry/households/?county=130821&status=exited")
    refs = page.locator("tr[data-ref]").evaluate_all("rows => rows.map(r => r.dataset.ref)")
    for ref in refs[:10]:
        page.goto(f"/registry/households/{ref}/")
        if page.locator("[data-testid=open-case]").count():
            return ref
    pytest.fail("no exited household of 承德县 without an open monitoring case")


def _step(page: Page, step: str, on: str, **notice) -> None:
    form = page.locator("[data-testid=step-form]")
    form.locator("select[name=step]").select_option(step)
    form.locator("input[name=done_on]").fill(on)
    if notice:
        form.locator("input[name=notice_start]").fill(notice["start"])
        form.locator("input[name=notice_end]").fill(notice["end"])
    form.locator("textarea[name=notes]").fill("核实情况属实")
    form.locator("button[type=submit]").click()


def _done(page: Page, step: str):
    expect(page.locator(f"[data-testid=steps] tr[data-step={step}]")).to_have_attribute(
        "data-done", "yes"
    )


def test_officer_walks_a_monitoring_case_to_identified(page: Page, artifacts):
    page.set_default_timeout(15_000)
    _sign_in(page)
    ref = _open_household_without_case(page)

    page.locator("[data-testid=open-case]").click()
    form = page.locator("[data-testid=case-form]")
    form.locator("select[name=group]").select_option("unstable")
    form.locator("select[name=source]").select_option("self_report")
    form.locator("textarea[name=reason]").fill("户主务工中断，家庭人均纯收入明显下降")
    form.locator("input[name=opened_on]").fill(day(0))
    form.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=case-state]")).to_have_attribute("data-state", "identifying")
    number = page.url.rstrip("/").rsplit("/", 1)[-1]

    _step(page, "home_visit", day(1))
    _done(page, "home_visit")
    _step(page, "data_check", day(2))
    _done(page, "data_check")

    # skipping the village review and public notice is refused
    _step(page, "township_review", day(9))
    # (in Chinese once the lead has compiled the catalogue, in English before)
    expect(page.locator("[data-testid=step-form]")).to_contain_text(
        re.compile("不能跳过|cannot be skipped")
    )
    expect(page.locator("[data-testid=steps] tr[data-step=township_review]")).to_have_attribute(
        "data-done", "no"
    )
    # a notice of 4 days is refused
    _step(page, "public_notice", day(3), start=day(3), end=day(6))
    expect(page.locator("[data-testid=step-form]")).to_contain_text(
        re.compile("至少5天|at least 5 days")
    )
    expect(page.locator("[data-testid=steps] tr[data-step=public_notice]")).to_have_attribute(
        "data-done", "no"
    )
    _step(page, "public_notice", day(3), start=day(3), end=day(8))
    _done(page, "public_notice")
    _step(page, "township_review", day(9))
    _done(page, "township_review")
    _step(page, "county_approval", day(10))
    _done(page, "county_approval")

    expect(page.locator("[data-testid=case-state]")).to_have_attribute("data-state", "identified")
    expect(page.locator("[data-testid=measure-form]")).to_be_visible()
    expect(page.locator("[data-testid=history] li")).not_to_have_count(0)
    page.screenshot(path=str(artifacts / "monitoring_case_identified.png"), full_page=True)

    page.goto(f"/registry/households/{ref}/")
    expect(page.locator("[data-testid=household-cases]")).to_contain_text(number)
    page.goto("/registry/monitoring/?state=identified&county=130821")
    expect(page.locator("[data-testid=cases]")).to_contain_text(number)
