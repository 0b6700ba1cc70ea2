"""The page of every Word document bangfu writes: A4, the attachment label, the stamp line.

python-docx starts from US Letter; `new_document` gives an A4 page with the margins of
official documents (GB/T 9704: 37 mm top, 35 mm bottom, 28 mm left, 26 mm right) and a
body font that has the programme's rare characters (`BODY_FONT`, with 宋体 as the East
Asian font Word looks for). `attachment_label` puts 附件N at the head of the first page;
`stamp_block` ends a document with the issuing unit, where its stamp goes, and the date.
"""

from __future__ import annotations

import datetime as dt

#: East Asian font for body text, with 宋体 where it is not installed. A character beyond both
#: (北𨟠村: U+287E0, CJK Extension B) is drawn from a font that has it (SimSun-ExtB on
#: Windows; HanaMinB, installed by scripts/ensure-libreoffice.sh, for the server's PDFs).
BODY_FONT = "Noto Serif CJK SC"
FALLBACK_FONT = "宋体"


def zh_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def set_a4(document) -> None:
    """Every section A4 portrait with the margins of official documents."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = Mm(210)
        section.page_height = Mm(297)
        section.top_margin = Mm(37)
        section.bottom_margin = Mm(35)
        section.left_margin = Mm(28)
        section.right_margin = Mm(26)


def set_font(run_or_style, name: str, east_asian: str | None = None) -> None:
    """Latin and East Asian font of a run or a style (python-docx sets only the Latin one)."""
    from docx.oxml.ns import qn

    run_or_style.font.name = name
    element = run_or_style.element if hasattr(run_or_style, "type") else run_or_style._element
    element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian or name)


def new_document(*, size: float = 12):
    """An empty A4 document whose body text is `size` pt in `BODY_FONT`."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    set_a4(document)
    normal = document.styles["Normal"]
    normal.font.size = Pt(size)
    set_font(normal, BODY_FONT)
    return document


def attachment_label(document, label: str) -> None:
    """`label` (附件8) in bold at the head of the first page, before everything else."""
    from docx.shared import Pt

    body = document.paragraphs
    paragraph = body[0].insert_paragraph_before() if body else document.add_paragraph()
    run = paragraph.add_run(label)
    run.bold = True
    run.font.size = Pt(14)


def stamp_block(document, unit: str, day: dt.date | None, *, stamp: bool = True) -> None:
    """Right-aligned at the end: the unit (with （盖章）where its stamp goes) and the date;
    a blank date line to fill in by hand when `day` is None."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document.add_paragraph()
    lines = (
        f"{unit}（盖章）" if stamp else unit,
        zh_date(day) if day else "　　　　年　　月　　日",
    )
    for text in lines:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.add_run(text)
