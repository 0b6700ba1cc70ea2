"""A county officer imports a households file in the browser: two bad rows are named, the
fixed file imports, and a household is found by the pinyin initials of its village."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from bangfu.core.excel.writing import write_xlsx
from bangfu.core.identifiers.resident_id import make_id_number
from bangfu.demo.accounts import DEMO_PASSWORD
from bangfu.registry.io.columns import H

pytestmark = pytest.mark.e2e

VILLAGE = "130821100202"  # 小兰窝村 (initials xlwc), 下板城镇, 承德县
HEADERS = [c.header for c in H.values()]


def _row(head: str, id_number: str, village: str = VILLAGE) -> list:
    values = {c.key: "" for c in H.values()}
    values.update(
        village=village,
        head_name=head,
        id_number=id_number,
        size="1",
        causes="因病",
        year_registered="2015",
        tech_help="否",
        m_name=head,
        m_id_number=id_number,
        m_relation="户主",
    )
    return [values[c.key] for c in H.values()]


def _ids() -> list[str]:
    return [
        make_id_number(f"1308211975{month:02d}0{day}88{n}")
        for n, (month, day) in enumerate([(3, 1), (4, 2), (5, 3)], 1)
    ]


def _write(path, rows):
    write_xlsx(path, title="承德县下板城镇小兰窝村贫困户花名册", headers=HEADERS, rows=rows)
    return path


def _sign_in(page: Page):
    page.goto("/accounts/login/")
    page.fill("#id_username", "officer_chengde")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("form:has(#id_username) button[type=submit]").click()
    expect(page.locator("[data-testid=whoami]")).to_contain_text("承德县")


def _upload(page: Page, path) -> None:
    page.goto("/data/import/households/")
    page.set_input_files("input[type=file]", str(path))
    page.locator("[data-testid=import-form] button[type=submit]").click()
    expect(page.locator("[data-testid=import-status]")).to_have_attribute(
        "data-status", re.compile("done|rejected"), timeout=30_000
    )


def test_import_bad_rows_named_then_fixed_then_found_by_village_initials(
    page: Page, tmp_path, artifacts
):
    page.set_default_timeout(15_000)
    _sign_in(page)
    a, b, c = _ids()
    wrong_check = b[:-1] + ("0" if b[-1] != "0" else "1")
    bad = _write(
        tmp_path / "花名册.xlsx",
        [
            _row("孙建国", a),
            _row("周桂兰", wrong_check),
            _row("吴振华", c, village="130828999999"),
        ],
    )
    _upload(page, bad)
    status = page.locator("[data-testid=import-status]")
    expect(status).to_have_attribute("data-status", "rejected")
    errors = page.locator("[data-testid=import-errors] tbody tr")
    rows_named = sorted(
        {errors.nth(i).locator("td").first.inner_text() for i in range(errors.count())}
    )
    assert rows_named == ["4", "5"]  # title row 1, header row 2, data from row 3
    expect(page.locator("[data-testid=import-errors]")).to_contain_text("户主身份证号")
    expect(page.locator("[data-testid=import-errors]")).to_contain_text("村代码")
    expect(page.locator("[data-testid=report-link]")).to_be_visible()
    page.screenshot(path=str(artifacts / "import_rejected.png"), full_page=True)

    fixed = _write(
        tmp_path / "花名册-改.xlsx", [_row("孙建国", a), _row("周桂兰", b), _row("吴振华", c)]
    )
    _upload(page, fixed)
    expect(status).to_have_attribute("data-status", "done")
    expect(page.locator("[data-testid=import-message]")).to_contain_text("3")

    page.goto("/registry/households/?q=xlwc")
    table = page.locator("table")
    for name in ("孙建国", "周桂兰", "吴振华"):
        expect(table).to_contain_text(name)
    expect(table).not_to_contain_text(b)  # ID numbers stay masked
    page.screenshot(path=str(artifacts / "households_by_initials.png"), full_page=True)
