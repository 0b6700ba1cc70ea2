"""An evaluation year from the self-check to the notices, through the pages: the city office
starts 2020's evaluation, proposes the cross-check rotation and assigns the inspector to every
county; 承德县's office submits its self-check; the inspector submits the cross-checks and the
city office the spot checks; the city office finalises the year, drafts a commendation, names
the first county, edits the notice and the entry before issuing it, and issues it. Once
issued, the notice no longer changes: its edit buttons are gone and its edit page sends the
city office back with the reason."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.signing_in import sign_in

pytestmark = pytest.mark.e2e

YEAR = 2020  # the demo evaluates 2017–2019; the programme runs to 2020


def _board(page: Page) -> None:
    """The year's board (the page shows the latest year when YEAR has no checklist)."""
    page.goto(f"/oversight/evaluations/?year={YEAR}")
    expect(page.locator("h1")).to_contain_text(str(YEAR))
    expect(page.locator("[data-testid=evaluation-board]")).to_be_visible()


def _evaluation_urls(page: Page) -> dict[str, str]:
    _board(page)
    links = page.locator("[data-testid=evaluation-board] tbody a")
    return {
        links.nth(i).inner_text(): links.nth(i).get_attribute("href") for i in range(links.count())
    }


def _score(page: Page, url: str, kind: str, share: float) -> None:
    """Open the evaluation, score every item `share` of its points and submit."""
    page.goto(url)
    page.locator(f"[data-testid=score-{kind}]").click()
    rows = page.locator("form tbody tr")
    for i in range(rows.count()):
        row = rows.nth(i)
        points = float(row.locator("td").nth(1).inner_text())
        row.locator("input[name^=score_]").fill(f"{points * share:.1f}")
    page.locator("[data-testid=submit]").click()
    page.wait_for_url(url)


def _start_the_year(city: Page) -> None:
    city.goto("/oversight/evaluations/")
    if city.locator(".nav-tabs a", has_text=str(YEAR)).count() == 0:
        city.fill("#new-year", str(YEAR))
        city.locator("[data-testid=new-checklist]").click()
    _board(city)
    city.goto(f"/oversight/evaluations/years/{YEAR}/rotation/")
    if city.locator("[data-testid=propose]").count():
        city.locator("[data-testid=propose]").click()
    city.goto(f"/oversight/evaluations/years/{YEAR}/inspectors/")
    city.locator("#id_inspector").select_option(label="督导员 孙伟")
    for box in city.locator("input[name=counties]").all():
        box.check()
    city.locator("[data-testid=submit]").click()
    expect(city.locator("[data-testid=rotation]")).to_be_visible()


def _notice(city: Page) -> str:
    city.goto("/oversight/notices/")
    city.locator("[data-testid=new-notice]").click()
    city.locator("#id_kind").select_option("commendation")
    city.fill("#id_year", str(YEAR))
    city.fill("#id_subject", f"{YEAR}年度先进单位")
    city.locator("[data-testid=submit]").click()
    expect(city.locator("[data-testid=add-entry]")).to_be_visible()
    notice_url = city.url
    city.locator("[data-testid=add-entry]").click()
    city.locator("#id_subject").select_option("unit")
    city.fill("#id_name", "承德县扶贫开发办公室")
    city.fill("#id_reason", "年度考评成绩突出。")
    city.locator("[data-testid=submit]").click()
    city.wait_for_url(notice_url)
    return notice_url


def test_an_evaluation_year_from_self_check_to_notices(new_context, artifacts):
    size = {"viewport": {"width": 1280, "height": 900}}
    city = new_context(**size).new_page()
    city.set_default_timeout(20_000)
    sign_in(city, "city_officer")
    _start_the_year(city)
    urls = _evaluation_urls(city)
    assert len(urls) == 5
    assert "承德县" in urls

    county = new_context(**size).new_page()
    county.set_default_timeout(20_000)
    sign_in(county, "officer_chengde")
    _score(county, urls["承德县"], "self", 0.95)

    inspector = new_context(**size).new_page()
    inspector.set_default_timeout(20_000)
    sign_in(inspector, "inspector")
    for name, url in urls.items():
        _score(inspector, url, "cross", 0.9 if name == "承德县" else 0.8)
    for name, url in urls.items():
        _score(city, url, "spot", 0.92 if name == "承德县" else 0.75)

    _board(city)
    city.locator("[data-testid=finalise]").click()
    chengde = city.locator("[data-testid=evaluation-board] tbody tr", has_text="承德县")
    expect(chengde.locator("td").first).to_have_text("1")  # the best scores of the year
    city.screenshot(path=str(artifacts / "evaluation-year-final.png"), full_page=True)

    notice_url = _notice(city)
    # before it is issued the notice and its entry are edited
    city.locator("[data-testid=edit-notice]").click()
    city.fill("#id_subject", f"{YEAR}年度“科企帮万村”精准扶贫行动先进单位")
    city.fill("#id_number", f"津合办〔{YEAR + 1}〕5号")
    city.locator("[data-testid=submit]").click()
    city.wait_for_url(notice_url)
    expect(city.locator("h1")).to_contain_text("精准扶贫行动先进单位的表彰通报")
    city.locator("[data-testid=edit-entry]").first.click()
    city.fill("#id_reason", "年度考评得分第1名，组织健全、协议规范、资料完整。")
    city.locator("[data-testid=submit]").click()
    city.wait_for_url(notice_url)
    expect(city.locator("[data-testid=entries]")).to_contain_text("年度考评得分第1名")
    expect(city.locator("[data-testid=history]")).to_contain_text("年度考评成绩突出。")
    city.screenshot(path=str(artifacts / "evaluation-notice-edited.png"), full_page=True)

    city.locator("[data-testid=issue]").click()
    expect(city.locator("dl.row").first).not_to_contain_text("草稿")
    expect(city.locator("[data-testid=edit-notice]")).to_have_count(0)
    expect(city.locator("[data-testid=edit-entry]")).to_have_count(0)
    city.goto(notice_url.rstrip("/") + "/edit/")
    city.wait_for_url(notice_url)
    expect(city.locator(".alert-danger", has_text="不能再修改")).to_be_visible()
    city.screenshot(path=str(artifacts / "evaluation-notice-issued.png"), full_page=True)

    # the county office reads the issued notice among the year's notices
    county.goto("/oversight/notices/")
    expect(county.locator("table").first).to_contain_text("精准扶贫行动先进单位的表彰通报")
