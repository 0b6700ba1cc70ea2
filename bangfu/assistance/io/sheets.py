"""The forms' .xlsx layout: styles, header rows with column groups, totals, notes, printing."""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from bangfu.core.excel.printing import set_up_printing, signature_line, stamp_line
from bangfu.core.io import safe_cell
from bangfu.core.periods import Period

from .scope import zh_date


@dataclass(frozen=True)
class Column:
    header: str
    unit: str = ""  # the units row; "" for a text column
    width: float = 10
    kind: str = "int"  # index (序号), text, center, int, money, date
    group: str | None = None


FONT = "宋体"
_BASE = {"font_name": FONT, "font_size": 10, "valign": "vcenter"}
_CELL = {**_BASE, "border": 1}
STYLES = {
    "title": {**_BASE, "font_size": 18, "bold": True, "align": "center"},
    "info": {**_BASE, "font_size": 11, "align": "left"},
    "info_right": {**_BASE, "font_size": 11, "align": "right"},
    "head": {**_CELL, "bold": True, "align": "center", "text_wrap": True},
    "unit": {**_CELL, "font_size": 9, "align": "center"},
    "text": {**_CELL, "align": "left", "text_wrap": True},
    "center": {**_CELL, "align": "center"},
    "index": {**_CELL, "align": "center", "num_format": "0"},
    "int": {**_CELL, "align": "right", "num_format": "#,##0"},
    "money": {**_CELL, "align": "right", "num_format": "#,##0.00"},
    "date": {**_CELL, "align": "center", "num_format": "yyyy-mm-dd"},
    "note": {**_BASE, "font_size": 9, "align": "left", "text_wrap": True, "valign": "top"},
    "foot": {**_BASE, "font_size": 11, "align": "left"},
}


class Formats:
    def __init__(self, workbook):
        self.workbook = workbook
        self.cache: dict[tuple[str, bool], Any] = {}

    def __call__(self, kind: str, total: bool = False):
        key = (kind, total)
        if key not in self.cache:
            style = dict(STYLES[kind])
            if total:
                style["bold"] = True
            self.cache[key] = self.workbook.add_format(style)
        return self.cache[key]


def open_workbook(target):
    import xlsxwriter

    return xlsxwriter.Workbook(
        os.fspath(target) if isinstance(target, os.PathLike) else target,
        {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def cell_text(value) -> str:
    return safe_cell(str(value if value is not None else ""))


def write_value(sheet, fmt, row: int, col: int, column: Column, value, total: bool) -> None:
    style = fmt(column.kind, total)
    if value is None or value == "":
        sheet.write_blank(row, col, None, style)
    elif column.kind in ("text", "center"):
        sheet.write_string(row, col, cell_text(value), style)
    elif column.kind == "date":
        sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), style)
    else:
        sheet.write_number(row, col, float(value), style)


def header_spans(columns: list[Column]) -> list[tuple[int, int, str]]:
    """Runs of consecutive columns of the same group: (first, last, group)."""
    spans: list[tuple[int, int, str]] = []
    for col, column in enumerate(columns):
        if column.group and spans and spans[-1][2] == column.group and spans[-1][1] == col - 1:
            spans[-1] = (spans[-1][0], col, column.group)
        elif column.group:
            spans.append((col, col, column.group))
    return spans


def write_form(
    workbook,
    fmt: Formats,
    *,
    sheet_name: str,
    title: str,
    unit: str,
    period_text: str,
    scope_text: str,
    columns: list[Column],
    rows: list[list],
    total: list,
    notes: list[str],
) -> None:
    """One sheet in the form's layout: merged title, filing unit and period, header rows
    (column groups, names, units), data rows, 合计, notes and the signature line; printed
    landscape on A4, fitted to the page width, header rows repeated on every page."""
    sheet = workbook.add_worksheet(sheet_name)
    last = len(columns) - 1
    half = max(1, last // 2)
    sheet.set_row(0, 36)
    sheet.merge_range(0, 0, 0, last, title, fmt("title"))
    sheet.set_row(1, 20)
    sheet.merge_range(1, 0, 1, half, cell_text(stamp_line(unit)), fmt("info"))
    sheet.merge_range(
        1, half + 1, 1, last, cell_text(f"统计期间：{period_text}"), fmt("info_right")
    )
    sheet.set_row(2, 20)
    sheet.merge_range(2, 0, 2, last, cell_text(f"统计范围：{scope_text}"), fmt("info"))

    grouped = any(c.group for c in columns)
    first = 3  # the first header row
    names = first + 1 if grouped else first
    units = names + 1
    if grouped:
        sheet.set_row(first, 22)
    sheet.set_row(names, 44)
    sheet.set_row(units, 18)
    for col, column in enumerate(columns):
        top = names if column.group else first
        bottom = units if not column.unit else names
        if top == bottom:
            sheet.write_string(top, col, column.header, fmt("head"))
        else:
            sheet.merge_range(top, col, bottom, col, column.header, fmt("head"))
        if column.unit:
            sheet.write_string(units, col, column.unit, fmt("unit"))
    for a, b, group in header_spans(columns):
        if a == b:
            sheet.write_string(first, a, group, fmt("head"))
        else:
            sheet.merge_range(first, a, first, b, group, fmt("head"))

    row = units
    for values in rows:
        row += 1
        for col, (column, value) in enumerate(zip(columns, values, strict=True)):
            write_value(sheet, fmt, row, col, column, value, total=False)
    row += 1
    label_end = next(i for i, c in enumerate(columns) if c.unit) - 1
    if label_end > 0:
        sheet.merge_range(row, 0, row, label_end, "合计", fmt("center", True))
    else:
        sheet.write_string(row, 0, "合计", fmt("center", True))
    for col in range(label_end + 1, len(columns)):
        write_value(sheet, fmt, row, col, columns[col], total[col], total=True)
    total_row = row

    row += 1
    per_line = sum(c.width for c in columns) * 11 / 9  # display width at the notes' size
    for note in notes:
        row += 1
        lines = 1 + int(display_width(note) // per_line)
        sheet.set_row(row, 14 * lines + 4)
        sheet.merge_range(row, 0, row, last, cell_text(note), fmt("note"))
    row += 2
    sheet.set_row(row, 20)
    sheet.merge_range(row, 0, row, last, signature_line(timezone.localdate()), fmt("foot"))

    for col, column in enumerate(columns):
        sheet.set_column(col, col, column.width)
    sheet.freeze_panes(units + 1, 0)
    set_up_printing(
        sheet,
        widths=[c.width for c in columns],
        header_rows=(first, units),
        print_area=(0, 0, row, last),
    )
    sheet.ignore_errors({"number_stored_as_text": f"A{units + 2}:XFD{total_row + 1}"})


def period_label(period: Period) -> str:
    return f"{period.label_zh}（{zh_date(period.start)}—{zh_date(period.end)}）"


def cumulative_label(period: Period) -> str:
    from bangfu.places.models import Programme

    programme = Programme.objects.filter(is_current=True).first()
    since = f"自{programme.start_year}年行动开始" if programme else "自行动开始"
    return f"累计，{since}至{zh_date(period.end)}（截至{period.label_zh}末）"
