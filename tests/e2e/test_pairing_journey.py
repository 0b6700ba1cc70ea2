"""A county officer pairs a helper with a village in the browser: proposes it, downloads the
generated agreement, uploads the signed scan, activates the pairing — and is refused a sixth
helper for a village that already has five."""

from __future__ import annotations

import sqlite3
import zipfile

import pytest
from playwright.sync_api import Page, expect

from bangfu.demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _sign_in(page: Page):
    page.goto("/accounts/login/")
    page.fill("#id_username", "officer_chengde")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("form:has(#id_username) button[type=submit]").click()
    expect(page.locator("[data-testid=whoami]")).to_contain_text("承德县")


def _query(db, sql, params=()):
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute(sql, params).fetchall()


def test_pair_sign_activate_and_the_sixth_helper_refused(
    page: Page, server_url, server_var_dir, tmp_path, artifacts
):
    db = server_var_dir / "bangfu.sqlite3"
    # a helper with room left, and a full village of 承德县 (both from the demo data)
    (helper_name,) = _query(
        db,
        "SELECT h.name FROM helpers_helper h WHERE h.capacity > (SELECT count(*) FROM "
        "pairing_pairing p WHERE p.helper_id = h.id AND p.status IN "
        "('proposed','agreed','active','suspended')) ORDER BY h.id LIMIT 1",
    )[0]
    (full_code,) = _query(
        db,
        "SELECT d.code FROM pairing_pairing p JOIN places_division d ON d.id = p.village_id "
        "WHERE p.slot IS NOT NULL AND d.code LIKE '130821%' GROUP BY d.code "
        "HAVING count(*) = 5 ORDER BY d.code LIMIT 1",
    )[0]
    _sign_in(page)

    # 1. an uncovered poor village on the coverage board → propose a pairing
    page.goto("/pairings/coverage/?county=130821")
    page.locator("[data-testid=uncovered] a", has_text="找").first.click()
    page.select_option(
        "#id_helper",
        label=next(
            o
            for o in page.locator("#id_helper option").all_inner_texts()
            if o.startswith(helper_name)
        ),
    )
    page.fill("#id_focus", "中药材种植")
    page.fill("#id_content", "建设中药材种植基地，开展技术培训")
    page.locator("input[name=pathways][value=industry]").check()
    page.locator("[data-testid=submit]").click()
    expect(page.locator("[data-testid=status]").first).to_have_text("已提出")
    number = page.locator("[data-testid=number]").inner_text()

    # 2. the generated agreement
    with page.expect_download() as download:
        page.locator("[data-testid=agreement-docx]").click()
    path = tmp_path / "agreement.docx"
    download.value.save_as(path)
    with zipfile.ZipFile(path) as docx:
        body = docx.read("word/document.xml").decode()
    for text in (helper_name, number, "中药材种植"):
        assert text in body

    # 3. activation is refused without the signed scan, then the scan is uploaded
    expect(page.locator("[data-testid=activate]")).to_be_disabled()
    page.locator("[data-testid=upload-agreement]").click()
    scan = tmp_path / "签字协议.pdf"
    scan.write_bytes(PDF)
    page.set_input_files("#id_file", str(scan))
    page.locator("[data-testid=submit]").click()
    expect(page.locator("[data-testid=agreement-on-file]")).to_contain_text("签字协议.pdf")

    # 4. activate
    page.locator("[data-testid=activate]").click()
    expect(page.locator("[data-testid=status]").first).to_have_text("进行中")
    page.screenshot(path=str(artifacts / "pairing-active.png"), full_page=True)

    # 5. a sixth helper for a full village is refused, naming the five
    page.goto(f"/pairings/new/?village={full_code}")
    page.select_option("#id_helper", index=1)
    page.fill("#id_focus", "第六个重点")
    page.fill("#id_content", "内容")
    page.locator("[data-testid=submit]").click()
    error = page.locator(".invalid-feedback, .alert-danger").first
    expect(error).to_contain_text("至多")
    holders = _query(
        db,
        "SELECT h.name FROM pairing_pairing p JOIN helpers_helper h ON h.id = p.helper_id "
        "JOIN places_division d ON d.id = p.village_id "
        "WHERE d.code = ? AND p.slot IS NOT NULL",
        (full_code,),
    )
    for (name,) in holders:
        expect(error).to_contain_text(name)
    page.screenshot(path=str(artifacts / "pairing-sixth-refused.png"), full_page=True)
