"""Every sheet bangfu writes prints on A4, one page wide; forms are also ruled and signed."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from bangfu.core.excel.writing import template_xlsx, write_xlsx
from tests.printing import assert_xlsx_prints


def _write(headers, widths=None, form=False):
    out = io.BytesIO()
    write_xlsx(
        out,
        title="表",
        headers=headers,
        rows=[["一" * 30 for _ in headers]],
        column_widths=widths,
        form=form,
    )
    return out.getvalue()


def test_a_narrow_export_prints_portrait_and_a_wide_one_landscape():
    narrow = assert_xlsx_prints(_write(["甲", "乙"], [10, 20]))[0]
    assert narrow.page_setup.orientation == "portrait"
    wide = assert_xlsx_prints(_write(["甲", "乙", "丙"], [40, 40, 40]))[0]
    assert wide.page_setup.orientation == "landscape"
    assert wide.print_title_rows == "$2:$2"  # the header row under the title


def test_a_form_has_wrapped_ruled_cells_taller_rows_and_the_signature_line():
    sheet = load_workbook(io.BytesIO(_write(["甲", "乙"], [10, 20], form=True))).active
    cell = sheet["A3"]
    assert cell.alignment.wrap_text
    assert cell.border.left.style == "thin"
    assert sheet.row_dimensions[3].height == 15 * 7  # 60 wide in a 10 wide column: 7 lines
    assert sheet.cell(row=sheet.max_row, column=1).value.startswith("填表人：")
    plain = load_workbook(io.BytesIO(_write(["甲", "乙"], [10, 20]))).active
    assert not str(plain.cell(row=plain.max_row, column=1).value).startswith("填表人：")


def test_an_import_template_prints_on_a4_too():
    out = io.BytesIO()
    template_xlsx(out, headers=["姓名", "身份证号"], example_row=["张三", "1"])
    sheet = load_workbook(io.BytesIO(out.getvalue())).worksheets[0]
    assert int(sheet.page_setup.paperSize) == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
