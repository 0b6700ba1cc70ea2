"""Reading the .xlsx forms back: sheets, data rows and the total, figures by indicator."""

from __future__ import annotations

from decimal import Decimal

from openpyxl import load_workbook

from bangfu.assistance import indicators

CODES = [i.code for i in indicators.INDICATORS]
FIRST = 2  # attachment 7: 序号, unit name, then the indicators in INDICATORS order


def sheets(source) -> dict[str, list[tuple]]:
    book = load_workbook(source, data_only=True)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def body(rows: list[tuple]) -> tuple[list[tuple], tuple]:
    """The data rows (numbered) and the 合计 row of a form sheet."""
    data = [r for r in rows if isinstance(r[0], int)]
    total = next(r for r in rows if r[0] == "合计")
    return data, total


def as_figures(row: tuple) -> dict:
    out = {}
    for code, value in zip(CODES, row[FIRST:], strict=False):
        out[code] = (
            Decimal(str(value)).quantize(Decimal("0.01"))
            if indicators.BY_CODE[code].money
            else value
        )
    return out


def assert_sheet_matches(rows, units, unit, *, start, end, **scope):
    """Every row equals figures_by for its unit, the total equals figures over the scope."""
    records = indicators.counted_records(start=start, end=end, **scope)
    by_unit = indicators.figures_by(records, unit)
    data, total = body(rows)
    assert [r[1] for r in data] == [u[1] for u in units]
    for row, (pk, _name) in zip(data, units, strict=True):
        expected = by_unit.get(pk) or dict.fromkeys(CODES, 0)
        assert as_figures(row) == {c: expected[c] for c in CODES}, _name
    assert as_figures(total) == indicators.figures(records)
    return data, total
