"""What a county files: each form made from the data bangfu already holds, never re-typed.

`build(submission)` writes the form exactly as it would be downloaded (the same writers as
the forms' own pages and `bangfu export_data`) and reads the cells back as plain text, so the
filing keeps both the file and a JSON copy of what it said: the page shows the copy, the
download serves the file, and neither changes when the data changes later.

`for_viewer(...)` is what every page and download shows of a form (the draft or a filing):
as written for the offices whose numbers it holds, with mobile and ID numbers masked for
everyone else (docs/DECISIONS.md "Filings: the record as filed, masked copies for others").
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
    Report.FIRST_VILLAGES: "首批结对帮扶贫困村名单",
    Report.ROSTER: "领导小组名单及联络人",
    Report.DEMONSTRATION: "示范村推荐表",
    Report.PAIRINGS: "村企结对帮扶名单",
    Report.PROGRESS: "村企结对帮扶进度表",
    Report.STATISTICS: "帮扶统计表",
    Report.SUMMARY: "年度工作总结",
}


MASKED_SUFFIX = "（号码已隐去）"


@dataclass
class Form:
    data: bytes
    name: str
    content_type: str
    content: dict
    masked: bool = False


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
    """The workbook's cells as text and numbers, dates as the cells show them, and its merged
    ranges (0-based first row, first column, last row, last column), so that a page shows
    the form in the file's layout: {"sheets": [{"name", "rows", "merges"}]}."""
    from openpyxl import load_workbook

    # not read-only: a read-only sheet does not know its merged cells
    book = load_workbook(io.BytesIO(data), data_only=True)
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
        merges = [
            [r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1]
            for r in sheet.merged_cells.ranges
            if r.min_row <= len(rows)
        ]
        sheets.append({"name": sheet.title, "rows": rows, "merges": sorted(merges)})
    book.close()
    return {"sheets": sheets}


def _workbook(submission: Submission) -> bytes:
    out = io.BytesIO()
    county = submission.county.code
    code = submission.report.code
    programme = submission.report.programme
    if code == Report.FIRST_VILLAGES:
        from .first_villages import write

        write(out, submission)
    elif code == Report.PAIRINGS:
        from bangfu.pairing.io import write_pairing_list

        write_pairing_list(out, county=county)
    elif code == Report.STATISTICS:
        from bangfu.assistance.io.statistics import write_statistics

        write_statistics(out, period=submission.period, county=county)
    elif code == Report.PROGRESS:
        from bangfu.assistance.io.progress import write_progress

        write_progress(out, period=submission.period, county=county)
    elif code == Report.ROSTER:
        from bangfu.groups import io as group_io

        group_io.write_roster(out, group_io.roster_table(programme, submission.county))
    elif code == Report.DEMONSTRATION:
        from bangfu.groups import io as group_io

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


# --------------------------------------------------------------------------- who sees what


def in_full_for(viewer, submission: Submission) -> bool:
    """Whether `viewer` is the own office of every number a form of `submission` holds.

    The forms hold numbers of the submission's county (the leading-group roster,
    attachment 3) and the liaisons of helpers paired in that county (the pairing list,
    attachment 5). `accounts.contacts.owns_number` gives both to the city office and to the
    county's office (a helper on the county's pairing list has a pairing there); no other
    reader of filings (the institute, inspectors) owns any of them."""
    from bangfu.accounts.contacts import owns_number

    return owns_number(viewer, county_id=submission.county_id)


def _masked_value(value):
    from bangfu.core.masking import scrub

    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
        masked = scrub(text)
        return value if masked == text else masked
    if isinstance(value, list):
        return [_masked_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _masked_value(v) for k, v in value.items()}
    return value


def masked_content(content: dict) -> dict:
    """The cells (or the summary's figures and text) with every mobile and ID number masked."""
    return _masked_value(content)


def masked_workbook(data: bytes) -> bytes:
    """A copy of the workbook `data` with every mobile and ID number masked, layout kept."""
    from openpyxl import load_workbook
    from openpyxl.cell.cell import MergedCell

    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell, MergedCell) or cell.value is None:
                    continue
                masked = _masked_value(cell.value)
                if masked != cell.value:
                    cell.value = masked
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def masked_document(data: bytes) -> bytes:
    """A copy of the Word document `data` with every mobile and ID number masked."""
    from docx import Document

    from bangfu.core.masking import scrub

    document = Document(io.BytesIO(data))
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    for paragraph in paragraphs:
        for run in paragraph.runs:
            masked = scrub(run.text)
            if masked != run.text:
                run.text = masked
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _masked_name(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return f"{stem}{MASKED_SUFFIX}.{ext}" if dot else f"{name}{MASKED_SUFFIX}"


def for_viewer(viewer, submission: Submission, *, filing=None, with_file: bool = True) -> Form:
    """The form of `submission` as `viewer` may see it: `filing` as it was filed, or without
    it the draft as the data stands now (ValueError as `build`).

    The offices that own the numbers (`in_full_for`) get it exactly as written; the filing's
    stored file is never changed (its SHA-256 is the record). Everyone else gets the cells with
    mobile and ID numbers masked and, when `with_file`, a masked copy of the file made now,
    named as such. Without `with_file` only the cells are made (for the page's preview)."""
    if filing is None:
        form = build(submission)
    else:
        stored = filing.file
        data = b""
        if with_file and stored is not None:
            with stored.file.open("rb") as fh:
                data = fh.read()
        form = Form(
            data=data,
            name=stored.original_name if stored is not None else file_name(submission),
            content_type=stored.content_type if stored is not None else XLSX,
            content=filing.content,
        )
    if in_full_for(viewer, submission):
        return form
    data = b""
    if with_file and form.data:
        writer = masked_document if form.content_type == DOCX else masked_workbook
        data = writer(form.data)
    return Form(
        data=data,
        name=_masked_name(form.name),
        content_type=form.content_type,
        content=masked_content(form.content),
        masked=True,
    )
