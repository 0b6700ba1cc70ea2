"""Each role's queue in the browser: a county cannot file an empty half-year without saying
why, the city office finds the filing in its review queue by county and accepts it, and a
helper's liaison records assistance on a phone starting from its home page.

Screenshots (test-artifacts/, git-ignored): the three roles' home pages at 1366×768 and
390×844, the blocked filing, and the liaison's record on the phone."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from bangfu.core.periods import period_of
from tests.e2e.signing_in import sign_in

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
COUNTY = "130881"  # 平泉市: no other journey files its current half-year
ROLES = {"city": "city_officer", "county": "officer_pingquan", "liaison": "helper_liaison"}


def _signed_in(new_context, role: str, viewport: dict) -> Page:
    page = new_context(viewport=viewport).new_page()
    sign_in(page, ROLES[role])
    return page


def test_an_empty_half_year_is_blocked_until_explained_and_the_city_finds_it_in_its_queue(
    new_context, artifacts
):
    period = period_of(timezone.localdate())
    city = _signed_in(new_context, "city", DESKTOP)
    city.goto("/reporting/calendar/")  # the demo's calendar ends in 2020: run it to this year
    city.fill("#end_year", str(max(period.year, 2020)))
    city.locator("[data-testid=calendar-years] button").click()
    expect(city.locator(".alert-success, .alert-info").first).to_be_visible()

    county = _signed_in(new_context, "county", DESKTOP)
    county.goto(f"/reporting/submissions/?county={COUNTY}&report=statistics&period={period.code}")
    county.locator("[data-testid=submissions] tbody a").first.click()
    findings = county.locator("[data-testid=findings]")
    expect(findings).to_contain_text("没有已确认的帮扶记录")
    expect(findings).to_contain_text("在下方说明中写明原因后即可报送")
    county.screenshot(path=str(artifacts / "filing-empty-blocked.png"), full_page=True)
    county.locator("[data-testid=submit]").click()  # no remarks: not filed
    expect(county.locator("[data-testid=status]")).not_to_contain_text("已提交")
    county.fill("#remarks", "本期各帮扶主体集中开展调研，未形成帮扶记录")
    county.check("#acknowledged")
    county.locator("[data-testid=submit]").click()
    expect(county.locator("[data-testid=status]")).to_contain_text("已提交")

    city.goto("/")
    queue = city.locator("[data-testid=review-queue]")
    expect(queue).to_be_visible()
    link = queue.locator("[data-testid=review-county]", has_text="平泉市")
    expect(link).to_be_visible()
    link.click()
    expect(city).to_have_url(re.compile(rf"status=submitted.*county={COUNTY}|county={COUNTY}"))
    city.locator("[data-testid=submissions] tbody a", has_text="帮扶统计表").first.click()
    expect(city.locator("[data-testid=review-form]")).to_be_visible()
    city.locator("[data-testid=accept]").click()
    expect(city.locator("[data-testid=status]")).to_contain_text("已接收")


def test_a_liaison_records_assistance_on_a_phone_from_its_home_page(new_context, artifacts):
    phone = _signed_in(new_context, "liaison", PHONE)
    phone.goto("/")
    start = phone.locator("[data-testid=liaison-start]")
    expect(start).to_be_in_viewport()
    record = start.locator("[data-testid=my-pairings] a.btn").first
    box = record.bounding_box()
    assert box["height"] >= 44
    record.click()
    expect(phone.locator("[data-testid=assistance-form]")).to_be_visible()
    assert phone.locator("#id_pathway").input_value() == ""  # no pathway chosen for the user
    phone.fill("#id_on", "2019-12-01")
    phone.select_option("#id_pathway", "technology")
    kinds = phone.locator("#id_kind option:not([disabled])").evaluate_all(
        "options => options.map(o => o.value).filter(Boolean)"
    )
    assert kinds == ["training"]
    phone.select_option("#id_kind", "training")
    expect(phone.locator("#id_persons_trained")).to_be_visible()
    expect(phone.locator("#id_loan_rate")).to_be_hidden()
    for selector in ("#id_description", "#id_persons_trained", "[data-testid=save-submit]"):
        assert phone.locator(selector).bounding_box()["height"] >= 44, selector
    phone.fill("#id_description", "手机录入：冬季设施蔬菜种植技术培训")
    phone.fill("#id_persons_trained", "21")
    phone.fill("#id_poor_trained", "9")
    phone.screenshot(path=str(artifacts / "liaison-record-phone.png"), full_page=True)
    phone.locator("[data-testid=save-submit]").click()
    expect(phone.locator("[data-testid=status]").first).to_have_text("已提交")


@pytest.mark.parametrize("role", ["city", "county", "liaison"])
def test_the_home_pages_of_the_three_roles(new_context, artifacts, role):
    page = _signed_in(new_context, role, DESKTOP)  # once: a second-factor code is used once
    first = {
        "city": "[data-testid=review-queue]",
        "county": "[data-testid=confirmation-queue]",
        "liaison": "[data-testid=liaison-start]",
    }[role]
    for name, viewport in (("1366x768", DESKTOP), ("390x844", PHONE)):
        page.set_viewport_size(viewport)
        page.goto("/")
        expect(page.locator(first)).to_be_in_viewport()
        page.screenshot(path=str(artifacts / f"home-{role}-{name}.png"))
