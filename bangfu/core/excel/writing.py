"""Writing workbooks and CSV: exports, error reports and import templates.

XlsxWriter for .xlsx, the csv module for streamed CSV; every text cell is escaped with
`bangfu.core.io.safe_cell`.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import IO, Any

import xlsxwriter
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from bangfu.core.io import Echo, safe_cell

from .cells import normalize_cell, number_text
from .printing import set_up_printing, signature_line

_HEADER_STYLE = {
    "bold": True,
    "bg_color": "#DDEBF7",
    "border": 1,
    "text_wrap": True,
    "align": "center",
    "valign": "vcenter",
}
_TITLE_STYLE = {"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"}
_BAD_STYLE = {"bg_color": "#FFC7CE", "font_color": "#9C0006"}
_EXAMPLE_STYLE = {"italic": True, "font_color": "#808080"}
_FOOT_STYLE = {"align": "left", "valign": "vcenter"}
#: The body cells of a form: ruled and wrapped, so that long text stays inside its column.
_FORM_CELL_STYLE = {"border": 1, "text_wrap": True, "valign": "vcenter"}
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
#: Integers with this many digits or more are written as text: Excel shows 12+ digit
#: numbers in scientific notation and keeps only 15 significant digits.
LONG_NUMBER_DIGITS = 12


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class _CellWriter:
    """Writes one value with the right Excel type and a cached format."""

    def __init__(self, workbook: xlsxwriter.Workbook, extra: Mapping[str, Any] | None = None):
        self.workbook = workbook
        self.extra = dict(extra or {})
        self.formats: dict[tuple[str, bool], Any] = {}

    def format(self, kind: str, bad: bool = False) -> Any:
        key = (kind, bad)
        if key not in self.formats:
            properties: dict[str, Any] = dict(self.extra)
            if kind == "date":
                properties["num_format"] = DATE_FORMAT
            elif kind == "datetime":
                properties["num_format"] = DATETIME_FORMAT
            elif kind.startswith("decimal"):
                places = int(kind.removeprefix("decimal"))
                properties["num_format"] = "0." + "0" * places if places else "0"
            elif kind == "text":
                properties["num_format"] = "@"
            if bad:
                properties.update(_BAD_STYLE)
            self.formats[key] = self.workbook.add_format(properties) if properties else None
        return self.formats[key]

    def write(self, sheet: Any, row: int, col: int, value: Any, bad: bool = False) -> str:
        """Write `value`; returns the text it shows (for column widths)."""
        if isinstance(value, Promise):
            value = str(value)
        if value is None or value == "":
            if bad or self.extra:
                sheet.write_blank(row, col, None, self.format("general", bad))
            return ""
        if isinstance(value, str):
            value = safe_cell(value)
            sheet.write_string(row, col, value, self.format("general", bad))
            return value
        if isinstance(value, bool):
            sheet.write_boolean(row, col, value, self.format("general", bad))
            return "TRUE" if value else "FALSE"
        if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
            number = int(value)
            if len(str(abs(number))) >= LONG_NUMBER_DIGITS:
                sheet.write_string(row, col, str(number), self.format("general", bad))
                return str(number)
            sheet.write_number(row, col, number, self.format("general", bad))
            return str(number)
        if isinstance(value, float):
            sheet.write_number(row, col, value, self.format("general", bad))
            return number_text(value)
        if isinstance(value, Decimal):
            try:
                places = max(0, -int(value.as_tuple().exponent))
            except (TypeError, ValueError, InvalidOperation):
                places = 0
            places = min(places, 10)
            sheet.write_number(row, col, float(value), self.format(f"decimal{places}", bad))
            return format(value, "f")
        if isinstance(value, dt.datetime):
            if value.tzinfo is not None:
                value = timezone.localtime(value).replace(tzinfo=None)
            sheet.write_datetime(row, col, value, self.format("datetime", bad))
            return "2017-04-20 00:00:00"
        if isinstance(value, dt.date):
            sheet.write_datetime(row, col, value, self.format("date", bad))
            return "2017-04-20"
        text = safe_cell(str(value))
        sheet.write_string(row, col, text, self.format("general", bad))
        return text


def _workbook(target: str | os.PathLike[str] | IO[bytes], constant_memory: bool) -> Any:
    return xlsxwriter.Workbook(
        os.fspath(target) if isinstance(target, os.PathLike) else target,
        {
            "constant_memory": constant_memory,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )


def _lines(values: Sequence[Any], widths: Mapping[int, float]) -> int:
    """How many lines the tallest wrapped text cell of a row takes."""
    lines = 1
    for col, value in enumerate(values):
        if isinstance(value, str) and col in widths:
            per_line = max(1.0, widths[col] - 1)
            lines = max(lines, -int(-_display_width(value) // per_line))
    return lines


def _widths(
    column_widths: Sequence[float | None] | Mapping[int, float] | None,
    measured: list[int],
) -> dict[int, float]:
    if isinstance(column_widths, Mapping):
        given = dict(column_widths)
    elif column_widths is not None:
        given = {i: w for i, w in enumerate(column_widths) if w is not None}
    else:
        given = {}
    return {
        col: given.get(col, float(min(max(8, width + 2), 60))) for col, width in enumerate(measured)
    }


def write_xlsx(
    target: str | os.PathLike[str] | IO[bytes],
    *,
    title: str | None,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    notes: Sequence[str] | None = None,
    column_widths: Sequence[float | None] | Mapping[int, float] | None = None,
    bad_cells: Mapping[tuple[int, int], str] | None = None,
    sheet_name: str | None = None,
    form: bool = False,
) -> int:
    """Write one sheet: optional merged title, note lines, a header row and the rows.

    XlsxWriter runs in constant_memory mode (each row is flushed to a temporary file as it
    is written, so memory stays flat however many rows there are; cell comments still work
    in this mode). Strings pass through `safe_cell`; numbers are numbers; dates use
    yyyy-mm-dd; integers of 12+ digits are written as text, and the "number stored as text"
    warning is switched off. `bad_cells` maps (row index in `rows`, column index), both
    0-based, to a reason: the cell gets a red fill and a comment with the reason (the
    downloadable error report). The header row is frozen. Without `column_widths`, widths
    come from the header and the first 200 rows. Notes go below the title, above the
    header, so that the file can be imported again after corrections. Every sheet prints
    on A4, one page wide, with the header row repeated (`printing.set_up_printing`); a
    `form` (the attachments an office files) also gets ruled, wrapped cells and the
    填表人 / 审核人 / 日期 line below the rows.

    Returns the number of data rows written.
    """
    workbook = _workbook(target, constant_memory=True)
    sheet = workbook.add_worksheet(sheet_name)
    ncols = max(len(headers), 1)
    row = 0
    if title:
        title_format = workbook.add_format(_TITLE_STYLE)
        sheet.set_row(0, 24)
        if ncols > 1:
            sheet.merge_range(0, 0, 0, ncols - 1, safe_cell(str(title)), title_format)
        else:
            sheet.write_string(0, 0, safe_cell(str(title)), title_format)
        row += 1
    for note in notes or ():
        sheet.write_string(row, 0, safe_cell(str(note)))
        row += 1
    header_format = workbook.add_format(_HEADER_STYLE)
    measured = [_display_width(str(h)) for h in headers] or [8]
    for col, header in enumerate(headers):
        sheet.write_string(row, col, safe_cell(str(header)), header_format)
    header_row = row
    sheet.freeze_panes(header_row + 1, 0)
    writer = _CellWriter(workbook, _FORM_CELL_STYLE if form else None)
    bad = dict(bad_cells or {})
    count = 0
    wrap_widths = _widths(column_widths, [0] * ncols) if form and column_widths else None
    for index, values in enumerate(rows):
        row += 1
        if wrap_widths:
            lines = _lines(values, wrap_widths)
            if lines > 1:  # LibreOffice does not grow a row for wrapped text by itself
                sheet.set_row(row, 15 * lines)
        width = max(len(values), ncols if bad else 0)
        for col in range(width):
            value = values[col] if col < len(values) else None
            is_bad = (index, col) in bad
            shown = writer.write(sheet, row, col, value, is_bad)
            if is_bad:
                sheet.write_comment(
                    row, col, str(bad[(index, col)]), {"x_scale": 2, "y_scale": 1.5}
                )
            if index < 200 and col < len(measured):
                measured[col] = max(measured[col], _display_width(shown))
        count += 1
    if form:
        row += 2
        foot = signature_line(timezone.localdate())
        if ncols > 1:
            sheet.merge_range(row, 0, row, ncols - 1, foot, workbook.add_format(_FOOT_STYLE))
        else:
            sheet.write_string(row, 0, foot)
    widths = _widths(column_widths, measured)
    for col, width in widths.items():
        sheet.set_column(col, col, width)
    set_up_printing(
        sheet,
        widths=widths.values(),
        header_rows=(header_row, header_row),
        print_area=(0, 0, row, ncols - 1),
    )
    sheet.ignore_errors({"number_stored_as_text": f"A{header_row + 2}:XFD1048576"})
    workbook.close()
    return count


def stream_csv(headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """CSV lines for a streamed HTTP response (StreamingHttpResponse).

    The first chunk starts with a UTF-8 BOM so that Excel detects the encoding; every
    cell passes through `safe_cell`. Dates are written as 2017-04-20, numbers as plain
    text. Prefer `write_xlsx` for ID numbers: Excel opens long digit strings from a CSV in
    scientific notation and loses digits when the user saves.
    """
    writer = csv.writer(Echo())
    yield "\ufeff" + writer.writerow([_csv_value(value) for value in headers])
    for values in rows:
        yield writer.writerow([_csv_value(value) for value in values])


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return safe_cell(value)
    if isinstance(value, bool | int | float | Decimal | dt.date | dt.time):
        return normalize_cell(value)
    return safe_cell(str(value))


def template_xlsx(
    target: str | os.PathLike[str] | IO[bytes],
    *,
    headers: Sequence[str],
    example_row: Sequence[Any],
    notes: Sequence[str] = (),
    title: str | None = None,
    required: Collection[str] = (),
    sheet_name: str | None = None,
    notes_sheet_name: str | None = None,
) -> None:
    """Write an import template: header row, one example row and a sheet of notes.

    Required headers are marked with a leading "*" (which `header_key` ignores when the
    filled-in template comes back). The example row is grey italic with a comment asking
    to delete it. Columns whose example is text are formatted as text ("@"), so that ID
    numbers and codes typed into them stay text; date columns use yyyy-mm-dd. The notes
    go on a second sheet, one line a row.
    """
    workbook = _workbook(target, constant_memory=False)
    sheet = workbook.add_worksheet(sheet_name or str(_("Data")))
    row = 0
    ncols = max(len(headers), 1)
    if title:
        title_format = workbook.add_format(_TITLE_STYLE)
        sheet.set_row(0, 24)
        if ncols > 1:
            sheet.merge_range(0, 0, 0, ncols - 1, safe_cell(str(title)), title_format)
        else:
            sheet.write_string(0, 0, safe_cell(str(title)), title_format)
        row = 1
    header_format = workbook.add_format(_HEADER_STYLE)
    column_formats = _CellWriter(workbook)
    example = _CellWriter(workbook, _EXAMPLE_STYLE)
    for col, header in enumerate(headers):
        label = f"*{header}" if header in required else str(header)
        sheet.write_string(row, col, safe_cell(label), header_format)
        value = example_row[col] if col < len(example_row) else None
        if isinstance(value, dt.datetime):
            kind = "datetime"
        elif isinstance(value, dt.date):
            kind = "date"
        elif isinstance(value, str | Promise):
            kind = "text"
        else:
            kind = "general"
        width = max(_display_width(label), _display_width(normalize_cell(value))) + 4
        sheet.set_column(col, col, min(max(width, 10), 60), column_formats.format(kind))
        example.write(sheet, row + 1, col, value)
    sheet.write_comment(
        row + 1, 0, str(_("Example row: delete it before importing.")), {"x_scale": 2}
    )
    sheet.freeze_panes(row + 1, 0)
    set_up_printing(
        sheet,
        widths=[min(max(_display_width(str(h)) + 4, 10), 60) for h in headers],
        header_rows=(row, row),
    )
    notes_sheet = workbook.add_worksheet(notes_sheet_name or str(_("Notes")))
    notes_sheet.set_column(0, 0, 100, workbook.add_format({"text_wrap": True}))
    for index, note in enumerate(notes):
        notes_sheet.write_string(index, 0, safe_cell(str(note)))
    workbook.close()
