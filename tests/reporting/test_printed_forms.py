"""Every form a county files prints as it is: A4, one page wide, headed, signed and stamped.

Attachments 3–7 (.xlsx) and 8 (.docx) are built as a filing builds them
(`reporting.content.build`); the checks are in tests/printing.py. With LibreOffice installed
(scripts/ensure-libreoffice.sh), each is also converted to PDF: A4 pages, and every sheet one
page wide (each sheet of this small data fits one page, with the last column on it).
"""

from __future__ import annotations

import pytest

from bangfu.reporting import content
from bangfu.reporting.models import Report, Submission
from tests import printing

pytestmark = pytest.mark.django_db

CODES = [
    Report.ROSTER,
    Report.DEMONSTRATION,
    Report.PAIRINGS,
    Report.PROGRESS,
    Report.STATISTICS,
    Report.SUMMARY,
]


@pytest.fixture
def forms(calendar, roster_chengde, pairing, training):
    """Each report's first filing of 承德县, built now."""
    built = {}
    for code in CODES:
        submission = (
            Submission.objects.filter(
                report__programme=calendar, report__code=code, county__code="130821"
            )
            .order_by("period")
            .first()
        )
        built[code] = (submission, content.build(submission))
    return built


def test_every_form_is_a4_one_page_wide_with_headers_signatures_and_stamp(forms):
    for code, (submission, form) in forms.items():
        if code == Report.SUMMARY:
            printing.assert_docx_a4(form.data, label=f"附件{submission.report.attachment}")
            continue
        for ws in printing.assert_xlsx_prints(form.data):
            texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
            assert any(t.startswith("填报单位（盖章）") for t in texts), (code, ws.title)
            assert any(t.startswith("填表人：") and "审核人：" in t for t in texts), (
                code,
                ws.title,
            )


def test_attachment_7_states_its_definitions_in_words(forms):
    _submission, form = forms[Report.STATISTICS]
    cells = [c for sheet in form.content["sheets"] for row in sheet["rows"] for c in row]
    notes = " ".join(c for c in cells if isinstance(c, str) and c.startswith(("说明", "指标口径")))
    assert "docs/" not in notes
    assert ".md" not in notes
    assert "受益贫困户——已确认记录所列受益户" in notes


@pytest.mark.e2e
def test_every_form_converts_to_a4_pages_one_page_wide(forms):
    exe = printing.libreoffice_or_skip()
    for code, (_submission, form) in forms.items():
        ext = "docx" if code == Report.SUMMARY else "xlsx"
        pdf = printing.to_pdf(form.data, ext, exe)
        pages, sizes = printing.pdf_pages(pdf)
        assert sizes, code
        assert all(printing.is_a4(s) for s in sizes), (code, sizes)
        if code == Report.PAIRINGS:  # attachment 5's first page, to look at
            printing.save_page_png(pdf, 1, printing.ARTIFACTS / "attachment5-page1.png")
        if ext == "docx":
            continue
        sheets = form.content["sheets"]
        assert pages == len(sheets), (code, pages)  # no sheet spills onto a second page across
        for number, sheet in enumerate(sheets, 1):
            header = next(r for r in sheet["rows"] if r and r[0] == "序号")
            last = "".join(str(header[-1] or "").split())
            assert last in "".join(printing.pdf_page_text(pdf, number).split()), (code, last)
