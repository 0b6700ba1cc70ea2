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


@pytest.mark.parametrize("table", sorted(bench.RAW_TABLES))
def test_the_benchmark_writes_every_column_the_database_requires(table):
    """The generator writes rows raw (COPY / executemany): no model default fills a column."""
    from django.apps import apps
    from django.db.models import NOT_PROVIDED, AutoField

    model = next(m for m in apps.get_models() if m._meta.db_table == table)
    columns = {f.column: f for f in model._meta.concrete_fields}
    written = set(bench.RAW_TABLES[table])
    assert written <= set(columns), f"{table}: no such column {sorted(written - set(columns))}"
    required = {
        name
        for name, f in columns.items()
        if not f.null and f.db_default is NOT_PROVIDED and not isinstance(f, AutoField)
    }
    assert required <= written, f"{table}: the benchmark leaves out {sorted(required - written)}"
