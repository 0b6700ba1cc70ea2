"""Smoke run of bench.statistics at the smallest size: its raw statement and bangfu's agree."""

from __future__ import annotations

import datetime as dt

import pytest

from bench import statistics as bench

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("start", [dt.date(2017, 6, 21), None])
def test_the_benchmark_sides_agree_on_the_test_data(data, start):
    from django.db import connection

    end = dt.date(2017, 12, 21)
    ours = bench.run_bangfu(start, end)
    theirs = bench.run_raw(connection.vendor, start, end)
    check = bench.compare(ours, theirs, connection.vendor, "smoke")
    assert ours["total"]["records"] > 0
    assert check["figures"] >= 2 * len(bench.INDICATORS)  # a county row and the total
