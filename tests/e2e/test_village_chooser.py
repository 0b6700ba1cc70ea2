"""The city office's village chooser in a real browser: its 1,638 villages are not in the
page; choosing a township fetches that township's villages, typing initials finds villages
on the server, and the chosen village is the filter's value."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.signing_in import sign_in

pytestmark = pytest.mark.e2e

TOWNSHIP = "130821100"  # 下板城镇, 承德县
VILLAGE = "130821100202"  # 小兰窝村 (initials xlwc)


def _options(page) -> list[str]:
    return page.evaluate(
        "() => Object.keys(document.getElementById('id_village').tomselect.options).filter(v => v)"
    )


def test_villages_are_fetched_for_the_chosen_township_and_by_initials(page, artifacts):
    sign_in(page, "city_officer")
    page.goto("/registry/households/")
    assert page.locator("#id_village option").count() == 1  # 全部 only: on demand
    page.evaluate(f"document.getElementById('id_township').tomselect.setValue('{TOWNSHIP}')")
    page.wait_for_function(
        "() => Object.keys(document.getElementById('id_village').tomselect.options).length > 1"
    )
    fetched = _options(page)
    assert VILLAGE in fetched
    assert all(code.startswith(TOWNSHIP) for code in fetched)

    page.locator("#id_village-ts-control").fill("xlwc")
    option = page.locator(f".ts-dropdown [data-value='{VILLAGE}']")
    expect(option).to_be_visible()
    page.screenshot(path=artifacts / "village-chooser-on-demand.png")
    option.click()
    assert page.locator("#id_village").input_value() == VILLAGE  # what the filter submits
