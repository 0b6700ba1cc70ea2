"""A county officer submits the statistics table, the city officer sends it back with a note,
the county resubmits, the city accepts, and the board shows it filed on time.

The demo's programme runs 2017–2020; a filing can only be on time before its due date, so the
city officer first extends the calendar through the current year (as the office would when
the work goes on) and the county files the half-year that is running now."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from bangfu.core.periods import period_of
from tests.e2e.signing_in import sign_in

pytestmark = pytest.mark.e2e

NOTE = "请补充本期科技培训的说明"


def _sign_in(page: Page, username: str) -> None:
    sign_in(page, username)
    expect(page.locator("[data-testid=whoami]")).to_be_visible()


def _open_submission(page: Page, period: str) -> None:
    page.goto(f"/reporting/submissions/?county=130821&report=statistics&period={period}")
    page.locator("[data-testid=submissions] tbody a").first.click()
    expect(page.locator("h1")).to_contain_text(period)


def _submit(page: Page, remarks: str) -> None:
    page.fill("#remarks", remarks)
    if page.locator("#acknowledged").count():
        page.check("#acknowledged")
    page.locator("[data-testid=submit]").click()
    expect(page.locator("[data-testid=status]")).to_contain_text("已提交")


def test_county_submits_city_sends_back_county_resubmits_city_accepts(new_context, artifacts):
    period = period_of(timezone.localdate())
    city = new_context(viewport={"width": 1280, "height": 900}).new_page()
    _sign_in(city, "city_officer")
    city.goto("/reporting/calendar/")
    city.fill("#end_year", str(max(period.year, 2020)))
    city.locator("[data-testid=calendar-years] button").click()
    expect(city.locator(".alert-success, .alert-info").first).to_be_visible()

    county = new_context(viewport={"width": 1280, "height": 900}).new_page()
    _sign_in(county, "officer_chengde")
    _open_submission(county, period.code)
    expect(county.locator("[data-testid=findings]")).to_be_visible()
    _submit(county, "首次报送")

    _open_submission(city, period.code)
    city.fill("#note", NOTE)
    city.locator("[data-testid=return]").click()
    expect(city.locator("[data-testid=status]")).to_contain_text("已退回")

    county.reload()
    expect(county.locator("[data-testid=review-note]")).to_contain_text(NOTE)
    _submit(county, "已按要求补充说明")

    city.reload()
    city.locator("[data-testid=accept]").click()
    expect(city.locator("[data-testid=status]")).to_contain_text("已接收")
    expect(city.locator("[data-testid=on-time]")).to_have_text("按时报送")
    expect(city.locator("[data-testid=filings] tbody tr")).to_have_count(2)

    city.goto(f"/reporting/?year={period.year}")
    row = city.locator("[data-testid=board] tr[data-county='130821']")
    expect(row).to_be_visible()
    on_time = int(row.locator("[data-k=on_time]").inner_text())
    assert on_time >= 1
    city.screenshot(path=str(artifacts / "reporting-board.png"), full_page=True)
