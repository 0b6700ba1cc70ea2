"""Smoke run of bench.pages: the pages it times answer, and it counts their queries."""

from __future__ import annotations

import pytest

from bench import pages

pytestmark = pytest.mark.django_db


def test_the_page_benchmark_times_the_dashboard_and_the_list(city_officer):
    client = pages.signed_in_client(city_officer)
    got = pages.time_pages(client, [pages.ANCHOR, "/dashboard/"], rounds=1)
    assert set(got) == {pages.ANCHOR, "/dashboard/"}
    assert all(r["seconds"] > 0 and r["queries"] > 0 for r in got.values())
    text = pages.table({"results": {"city_officer": got}})
    assert "÷ household list" in text
    assert "`/dashboard/`" in text
