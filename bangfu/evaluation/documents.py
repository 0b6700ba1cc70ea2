"""Commendation and criticism notices (表彰通报 / 通报批评) as Word documents.

Built with python-docx (docxtpl's own base) rather than a template: the notice is a short
official text — number, title, the addressees, an introduction, the list of names and
reasons, the issuing office and date. Always in Chinese whatever the user's language, like
the pairing agreement (pairing/documents.py, whose text helpers it uses).
"""

from __future__ import annotations

import datetime as dt
import io

from bangfu.evaluation.models import Notice, NoticeEntry
from bangfu.pairing.documents import format_date, format_text

FONT = "仿宋"
TITLE_FONT = "宋体"
SUBJECT_LABELS = {
    NoticeEntry.Subject.UNIT: "单位",
    NoticeEntry.Subject.HELPER: "帮扶主体",
    NoticeEntry.Subject.PERSON: "个人",
}
ADDRESSEES = "各区(市)县人民政府、扶贫办，中科硅谷研究院，各帮扶企业："


def _default_intro(notice: Notice) -> str:
    if notice.kind == Notice.Kind.CRITICISM:
        return (
            f"根据“科企帮万村”精准扶贫行动{notice.year}年度考评结果，以下单位和个人工作消极被动，"
            "没有按要求完成任务，现予以通报批评，并将相关情况通报本级党委政府。"
            "请被通报单位认真整改，并将整改情况按时报送。"
        )
    return (
        f"根据“科企帮万村”精准扶贫行动{notice.year}年度考评结果，以下单位、企业和个人工作积极主动，"
        "成绩突出，经研究，决定予以表彰。希望受表彰的单位和个人再接再厉，"
        "各地各单位以先进为榜样，扎实做好结对帮扶工作。"
    )


def _run(paragraph, text: str, *, size: float = 16, bold: bool = False, font: str = FONT):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return run


def notice_docx(notice: Notice) -> bytes:
    """The notice as .docx bytes: number, title, addressees, introduction, a table of the
    units, helpers and persons named with their reasons, the issuing office and date."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from bangfu.core.word import set_a4

    doc = Document()
    set_a4(doc)
    if notice.number:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, format_text(notice.number))
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, format_text(notice.title), size=22, bold=True, font=TITLE_FONT)
    _run(doc.add_paragraph(), ADDRESSEES)
    intro = notice.intro or _default_intro(notice)
    for line in format_text(intro).split("\n"):
        p = doc.add_paragraph()
        p.paragraph_format.first_line_indent = _chars(2)
        _run(p, line)
    entries = list(notice.entries.order_by("order", "id"))
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("序号", "类别", "名称", "事由"), strict=True):
        _run(cell.paragraphs[0], text, size=14, bold=True)
    for no, entry in enumerate(entries, 1):
        cells = table.add_row().cells
        values = (str(no), SUBJECT_LABELS.get(entry.subject, ""), entry.name, entry.reason)
        for cell, text in zip(cells, values, strict=True):
            _run(cell.paragraphs[0], format_text(text), size=14)
    doc.add_paragraph()
    for text in (
        f"{notice.issuer}（盖章）",
        format_date(notice.issued_on) if notice.issued_on else "（未印发）",
    ):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(p, format_text(text))
    props = doc.core_properties
    props.title = notice.title
    props.created = props.modified = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _chars(n: int):
    from docx.shared import Pt

    return Pt(16 * n)


def notice_filename(notice: Notice) -> str:
    return f"{notice.title}-{notice.year}.docx"
