"""Checks that a generated document prints as an office files it: A4, one page wide.

Used by the document tests of every app that writes a form or a Word document
(tests/reporting/test_printed_forms.py and the evaluation and support tests).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

A4_MM = (210, 297)
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"  # gitignored


def assert_xlsx_prints(data: bytes) -> list:
    """Every sheet: A4, fitted to one page wide (any number of pages down), landscape when
    its columns are wider than a portrait page, header rows repeated. Returns the sheets."""
    from openpyxl import load_workbook

    from bangfu.core.excel.printing import PORTRAIT_WIDTH

    book = load_workbook(io.BytesIO(data))
    for ws in book.worksheets:
        setup = ws.page_setup
        assert int(setup.paperSize) == 9, ws.title  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert setup.fitToWidth in (None, 1), ws.title  # 1 is the default, left out
        assert int(setup.fitToHeight) == 0, ws.title
        widths = sum(  # openpyxl keeps a run of equal widths as one dimension
            (d.width or 8) * ((d.max or d.min or 1) - (d.min or 1) + 1)
            for d in ws.column_dimensions.values()
        )
        wide = widths > PORTRAIT_WIDTH
        assert setup.orientation == ("landscape" if wide else "portrait"), (ws.title, widths)
        assert ws.print_title_rows, ws.title  # the header rows on every page
    return book.worksheets


def assert_docx_a4(data: bytes, *, label: str | None = None, stamp: bool = True):
    """Every section A4 portrait; `label` (附件8) the first paragraph; a （盖章） line."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    for section in doc.sections:
        assert round(section.page_width.mm) == A4_MM[0]
        assert round(section.page_height.mm) == A4_MM[1]
    texts = [p.text for p in doc.paragraphs]
    if label:
        assert texts[0] == label
    if stamp:
        assert any("（盖章）" in t for t in texts)
    return doc


def libreoffice_or_skip() -> str:
    from django.conf import settings

    exe = getattr(settings, "SOFFICE_PATH", "") or shutil.which("soffice")
    missing = [n for n, f in (("soffice", exe), ("pdfinfo", shutil.which("pdfinfo"))) if not f]
    if missing:
        message = f"{', '.join(missing)} not installed (scripts/ensure-libreoffice.sh)"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    return exe


def to_pdf(data: bytes, ext: str, exe: str) -> bytes:
    """Convert with headless LibreOffice in its own profile."""
    with tempfile.TemporaryDirectory(prefix="bangfu-test-print-") as tmp:
        work = Path(tmp)
        (work / f"form.{ext}").write_bytes(data)
        subprocess.run(
            [
                exe,
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work / "out"),
                str(work / f"form.{ext}"),
            ],
            check=True,
            capture_output=True,
            timeout=180,
            env={"PATH": os.environ.get("PATH", ""), "HOME": str(work), "LANG": "C.UTF-8"},
        )
        return (work / "out" / "form.pdf").read_bytes()


def pdf_pages(pdf: bytes) -> tuple[int, list[tuple[float, float]]]:
    """The number of pages and each page's size in points (pdfinfo)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(pdf)
        fh.flush()
        out = subprocess.run(
            ["pdfinfo", "-f", "1", "-l", "999", fh.name],
            capture_output=True,
            check=True,
            text=True,
            timeout=60,
        ).stdout
    pages = int(next(line for line in out.splitlines() if line.startswith("Pages:")).split()[1])
    sizes = []
    for line in out.splitlines():
        if line.startswith("Page") and "size:" in line:
            numbers = line.split("size:")[1].split()
            sizes.append((float(numbers[0]), float(numbers[2])))
    return pages, sizes


def pdf_page_text(pdf: bytes, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode("utf-8")


def is_a4(size: tuple[float, float]) -> bool:
    """595 × 842 pt (portrait) or 842 × 595 (landscape)."""
    short, long = sorted(size)
    return abs(short - 595.3) < 2 and abs(long - 841.9) < 2


def save_page_png(pdf: bytes, page: int, target: Path, dpi: int = 110) -> Path:
    """Page `page` of `pdf` as a PNG at `target` (pdftoppm), to look at."""
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(dpi),
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            "-",
            str(target.with_suffix("")),
        ],
        input=pdf,
        check=True,
        capture_output=True,
        timeout=60,
    )
    return target
