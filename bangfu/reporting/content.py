"""What a county files: each form made from the data bangfu already holds, never re-typed.

`build(submission)` writes the form exactly as it would be downloaded (the same writers as
the forms' own pages and `bangfu export_data`) and reads the cells back as plain text, so the
filing keeps both the file and a JSON copy of what it said: the page shows the copy, the
download serves the file, and neither changes when the data changes later.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

from .models import Report, Submission

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FILE_NAMES = {
    Report.ROSTER: "领导小组名单及联络人",
    Report.DEMONSTRATION: "示范村推荐表",
    Report.PAIRINGS: "村企结对帮扶名单",
    Report.PROGRESS: "村企结对帮扶进度表",
    Report.STATISTICS: "帮扶统计表",
    Report.SUMMARY: "年度工作总结",
}


@dataclass
class Form:
    data: bytes
    name: str
    content_type: str
    content: dict


def file_name(submission: Submission) -> str:
    ext = "docx" if submission.report.code == Report.SUMMARY else "xlsx"
    return (
        f"附件{submission.report.attachment}-{FILE_NAMES[submission.report.code]}-"
        f"{submission.county.name}-{submission.period}.{ext}"
    )


def _date_text(value: dt.date, number_format: str | None) -> str:
    """A date as the cell shows it: 2017年4月30日 when the cell's format is written with 年月日,
    otherwise 2017-04-30 (the forms' yyyy-mm-dd); a time only when the format shows one."""
    fmt = (number_format or "").lower()
    shows_time = isinstance(value, dt.datetime) and ("h" in fmt or "ss" in fmt)
    if isinstance(value, dt.datetime) and not shows_time:
        value = value.date()
    if "年" in fmt:
        text = f"{value.year}年{value.month}月{value.day}日"
        return f"{text} {value:%H:%M:%S}" if shows_time else text
    if shows_time:
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return value.strftime("%Y-%m-%d")


def _cell(value, number_format: str | None = None) -> str | int | float | None:
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return _date_text(value, number_format)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def read_back(data: bytes) -> dict:
    """The workbook's cells as text and numbers, dates as the cells show them:
    {"sheets": [{"name", "rows"}]}."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheets = []
    for sheet in book.worksheets:
        rows = []
        for row in sheet.iter_rows():
            cells = [_cell(c.value, getattr(c, "number_format", None)) for c in row]
            while cells and cells[-1] in (None, ""):
                cells.pop()
            rows.append(cells)
        while rows and not rows[-1]:
            rows.pop()
        sheets.append({"name": sheet.title, "rows": rows})
    book.close()
    return {"sheets": sheets}


def _workbook(submission: Submission) -> bytes:
    out = io.BytesIO()
    county = submission.county.code
    code = submission.report.code
    programme = submission.report.programme
    if code == Report.PAIRINGS:
        from bangfu.pairing.io import write_pairing_list

        write_pairing_list(out, county=county)
    elif code == Report.STATISTICS:
        from bangfu.assistance.io import write_statistics

        write_statistics(out, period=submission.period, county=county)
    elif code == Report.PROGRESS:
        from bangfu.assistance.io import write_progress

        write_progress(out, period=submission.period, county=county)
    elif code == Report.ROSTER:
        from . import group_io

        group_io.write_roster(out, group_io.roster_table(programme, submission.county))
    elif code == Report.DEMONSTRATION:
        from . import group_io

        group_io.write_demonstration(
            out, group_io.demonstration_table(programme, county=submission.county)
        )
    else:  # pragma: no cover - every report code is above
        raise ValueError(code)
    return out.getvalue()


def build(submission: Submission) -> Form:
    """The form of `submission` as it stands now. ValueError (with a message for the user)
    when the form cannot be made, e.g. for a period that has not begun."""
    name = file_name(submission)
    if submission.report.code == Report.SUMMARY:
        from .summary import figures_paragraphs, summary_docx, year_figures

        figures = year_figures(
            submission.county, int(submission.period), programme=submission.report.programme
        )
        data = summary_docx(submission, figures)
        content = {
            "figures": figures,
            "paragraphs": figures_paragraphs(figures),
            "sections": dict(submission.sections or {}),
        }
        return Form(data, name, DOCX, content)
    data = _workbook(submission)
    return Form(data, name, XLSX, read_back(data))
