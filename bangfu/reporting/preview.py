"""A form's cells laid out as its file: merged cells merged, dates as dates, figures as links.

The filing page shows what a form says (`content.for_viewer`) as a table in the file's own
layout: the merged ranges read back with the cells span rows and columns, the header rows are
headers, and in attachments 6 and 7 every figure opens the confirmed records it counts
(`indicators.records_link`, the one builder of a figure's link), for the same county,
township or pairing and the same dates as the sheet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bangfu.assistance.indicators import INDICATORS, records_link
from bangfu.core.periods import parse_period

from .models import Report

ISO_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})T00:00:00$")
MAX_ROWS = 60  # rows shown; the download has them all

# Attachment 6's figure columns (their header) and the indicator each one opens; the money
# column adds four indicators up, so it opens all the pairing's confirmed records.
PROGRESS_FIGURES = {"资金物资投入": "records", "培训人次": "persons_trained", "帮助就业": "jobs"}


@dataclass
class Cell:
    value: object
    rowspan: int = 1
    colspan: int = 1
    head: bool = False
    url: str = ""
    number: bool = False


def _text(value):
    """A cell's value as shown: an ISO date-time of an older filing as its date."""
    if isinstance(value, str):
        match = ISO_DATETIME.match(value)
        if match:
            return match.group(1)
    return value


def _figure(value, money: bool) -> str:
    """A figure as the form's cell shows it: yuan with two decimals, digits grouped."""
    if isinstance(value, (int, float)):
        return f"{value:,.2f}" if money else f"{value:,.0f}"
    return str(value)


def _first_data_row(rows: list[list]) -> int:
    """The row after the header rows: the first whose first cell is 1 (序号) or 合计."""
    for index, row in enumerate(rows):
        if row and (row[0] == 1 or row[0] == "合计"):
            return index
    return len(rows)


def grid(sheet: dict, links=None) -> list[list[Cell]]:
    """The rows of `sheet` ({"rows", "merges"}) as cells with their spans; `links(r, c, value)`
    gives a figure cell's URL (or "") and whether it is in yuan."""
    rows = sheet.get("rows") or []
    shown = rows[:MAX_ROWS]
    spans, covered = {}, set()
    width = max((len(r) for r in shown), default=0)
    for r1, c1, r2, c2 in sheet.get("merges") or []:
        if r1 >= len(shown):
            continue
        r2 = min(r2, len(shown) - 1)
        spans[(r1, c1)] = (r2 - r1 + 1, c2 - c1 + 1)
        width = max(width, c2 + 1)
        covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        covered.discard((r1, c1))
    data_from = _first_data_row(shown)
    for r, row in enumerate(shown[:data_from]):
        # a heading line written in one cell overflows into the empty cells beside it, as in
        # the spreadsheet: one cell across the row
        filled = [c for c, v in enumerate(row) if v not in (None, "")]
        alone = len(filled) == 1 and not any((r, c) in covered for c in range(width))
        if alone and (r, filled[0]) not in spans:
            spans[(r, filled[0])] = (1, width - filled[0])
            covered |= {(r, c) for c in range(filled[0] + 1, width)}
    out = []
    for r, row in enumerate(shown):
        cells = []
        for c in range(width):
            if (r, c) in covered:
                continue
            value = _text(row[c]) if c < len(row) else None
            rowspan, colspan = spans.get((r, c), (1, 1))
            url, money = links(r, c, value) if links and r >= data_from else ("", False)
            cells.append(
                Cell(
                    _figure(value, money) if url else value,
                    rowspan,
                    colspan,
                    head=r < data_from,
                    url=url,
                    number=bool(url),
                )
            )
        out.append(cells)
    return out


def _header_columns(rows: list[list], names: dict[str, str]) -> dict[int, str]:
    """Column → indicator code, read from the header rows' texts."""
    found = {}
    for row in rows[: _first_data_row(rows)]:
        for c, value in enumerate(row):
            if isinstance(value, str) and value in names:
                found[c] = names[value]
    return found


def _statistics_links(user, submission, sheet: dict):
    from bangfu.assistance.io.statistics import header_lines
    from bangfu.places.models import Division

    period = parse_period(submission.period)
    start = None if sheet["name"].startswith("累计") else period.start
    columns = _header_columns(sheet["rows"], {header_lines(i): i.code for i in INDICATORS})
    money = {i.code for i in INDICATORS if i.money}
    townships = dict(
        Division.objects.for_user(user).filter(parent=submission.county).values_list("name", "code")
    )
    county = submission.county.code

    def links(r, c, value):
        code = columns.get(c)
        row = sheet["rows"][r]
        if code is None or not isinstance(value, (int, float)) or len(row) < 2:
            return "", False
        if row[0] == "合计":
            return records_link(code, start=start, end=period.end, county=county), code in money
        township = townships.get(row[1])
        if township is None:
            return "", False
        url = records_link(code, start=start, end=period.end, county=county, township=township)
        return url, code in money

    return links


def _progress_links(user, submission, sheet: dict):
    from bangfu.assistance.io.progress import progress_table

    period = parse_period(submission.period)
    columns = _header_columns(sheet["rows"], PROGRESS_FIGURES)
    pairings = {
        (row.township, row.village, row.helper): row.number
        for row in reversed(
            progress_table(user=user, period=period, county=submission.county.code).rows
        )  # the first of two pairings of a village and helper wins
    }

    def links(r, c, value):
        code = columns.get(c)
        row = sheet["rows"][r]
        if code is None or not isinstance(value, (int, float)) or len(row) < 5:
            return "", False
        number = pairings.get((row[2], row[3], row[4]))
        if number is None:
            return "", False
        url = records_link(
            code, start=period.start, end=period.end, county=submission.county.code, pairing=number
        )
        return url, code == "records"

    return links


LINKS = {Report.STATISTICS: _statistics_links, Report.PROGRESS: _progress_links}


def sheets_of(user, submission, content: dict | None) -> list[dict]:
    """The sheets of a form's `content` for the page of `user`: name, cells in rows, rows in
    all; figure cells link to what `user` may read of the records they count."""
    if not content or not content.get("sheets"):
        return []
    make_links = LINKS.get(submission.report.code)
    return [
        {
            "name": sheet["name"],
            "rows": grid(sheet, make_links(user, submission, sheet) if make_links else None),
            "total_rows": len(sheet.get("rows") or []),
        }
        for sheet in content["sheets"]
    ]
