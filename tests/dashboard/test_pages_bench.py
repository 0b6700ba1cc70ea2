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
    kept = pages.time_pages(client, [pages.ANCHOR, "/dashboard/"], rounds=1)
    assert kept["/dashboard/"]["queries"] < got["/dashboard/"]["queries"]  # figures kept
    for url in got:
        got[url].update(kept=kept[url]["seconds"], kept_queries=kept[url]["queries"])
    text = pages.table({"results": {"city_officer": got}})
    assert "÷ list" in text
    assert "kept" in text
    assert "`/dashboard/`" in text
