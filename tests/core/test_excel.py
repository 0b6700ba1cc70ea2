"""The spreadsheet layer: upload checks, reading messy files, writing exports and reports.

Fixture files are built in tmp_path: .xlsx with XlsxWriter/openpyxl, .xls with a tiny
BIFF8 writer below (no maintained library writes .xls and LibreOffice is not installed),
zip bombs and renamed files from raw bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from decimal import Decimal

import openpyxl
import pytest
import xlsxwriter
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bangfu.core.excel.base import UploadError
from bangfu.core.excel.cells import header_key, normalize_cell, parse_date
from bangfu.core.excel.reading import read_table
from bangfu.core.excel.upload_checks import check_upload
from bangfu.core.excel.writing import stream_csv, template_xlsx, write_xlsx

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _xlsx(path, rows, *, merges=(), sheet="Sheet1", extra_sheets=()):
    """Write rows (lists, None for blank) with openpyxl, which also writes merged ranges."""
    workbook = openpyxl.Workbook()
    for name, sheet_rows in [*extra_sheets, (sheet, rows)]:
        worksheet = workbook.create_sheet(name)
        for r, values in enumerate(sheet_rows, start=1):
            for c, value in enumerate(values, start=1):
                if value is not None:
                    worksheet.cell(row=r, column=c, value=value)
        for merge in merges if name == sheet else ():
            worksheet.merge_cells(merge)
    del workbook["Sheet"]
    workbook.save(path)
    return path


def _read(path, required, **kwargs):
    kind = check_upload(path, filename=str(path), max_bytes=100 * MB)
    table = read_table(path, kind=kind, required_headers=required, **kwargs)
    return table, list(table)


# --------------------------------------------------------------------------- .xls writer


def _record(typ: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", typ, len(data)) + data


def _xls(path, cells: dict, merges=(), sheet_name="Sheet1"):
    path.write_bytes(_xls_bytes(cells, merges, sheet_name))
    return path


def _xls_bytes(cells: dict, merges=(), sheet_name="Sheet1", dimensions=None) -> bytes:
    """A minimal BIFF8 workbook (one sheet) in an OLE2 compound file.

    cells maps (row, col) 0-based to str | float | date; merges are (first_row,
    last_row, first_col, last_col). Two XF records: 0 = General, 1 = date (format 14).
    """
    xfs = b"".join(_record(0x00E0, struct.pack("<HH", 0, ifmt) + bytes(16)) for ifmt in (0, 14))
    head = (
        _record(0x0809, struct.pack("<4H", 0x0600, 0x0005, 0, 0))
        + _record(0x0042, struct.pack("<H", 1200))
        + xfs
    )
    name = sheet_name.encode("utf-16-le")
    sheet_offset = len(head) + (4 + 8 + len(name)) + 4
    stream = head + _record(
        0x0085, struct.pack("<IBBBB", sheet_offset, 0, 0, len(sheet_name), 1) + name
    )
    stream += _record(0x000A)
    assert len(stream) == sheet_offset
    stream += _record(0x0809, struct.pack("<4H", 0x0600, 0x0010, 0, 0))
    if dimensions:  # DIMENSIONS: first row, last row + 1, first column, last column + 1
        stream += _record(0x0200, struct.pack("<IIHHH", 0, dimensions[0], 0, dimensions[1], 0))
    for (row, col), value in sorted(cells.items()):
        if isinstance(value, str):
            text = struct.pack("<HB", len(value), 1) + value.encode("utf-16-le")
            stream += _record(0x0204, struct.pack("<3H", row, col, 0) + text)
        elif isinstance(value, dt.date):
            serial = float((value - dt.date(1899, 12, 30)).days)
            stream += _record(0x0203, struct.pack("<3Hd", row, col, 1, serial))
        else:
            stream += _record(0x0203, struct.pack("<3Hd", row, col, 0, float(value)))
    if merges:
        ranges = b"".join(struct.pack("<4H", *merge) for merge in merges)
        stream += _record(0x00E5, struct.pack("<H", len(merges)) + ranges)
    stream += _record(0x000A)
    return _compound_file(stream)


def _compound_file(stream: bytes) -> bytes:
    """An OLE2 (CFB v3) file holding one "Workbook" stream of >= 4096 bytes."""
    end, free, fat_sector_mark, none = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    size = max(len(stream), 4096)
    stream = stream.ljust(-(-size // 512) * 512, b"\0")
    sectors = len(stream) // 512

    def entry(name, kind, child, start, length):
        raw = (name + "\0").encode("utf-16-le") if name else b""
        return (
            raw.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(raw), kind, 1, none, none, child)
            + bytes(36)
            + struct.pack("<IQ", start, length)
        )

    directory = entry("Root Entry", 5, 1, end, 0) + entry("Workbook", 2, none, 0, size)
    directory += entry("", 0, none, 0, 0) * 2
    fat = [*range(1, sectors), end, end, fat_sector_mark]
    fat_block = struct.pack("<128I", *fat, *([free] * (128 - len(fat))))
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + bytes(16)
        + struct.pack("<5H", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<9I", 0, 1, sectors, 0, 4096, end, 0, end, 0)
        + struct.pack("<109I", sectors + 1, *([free] * 108))
    )
    return header + stream + directory + fat_block


# --------------------------------------------------------------------------- raw zips


def _raw_zip(entries):
    """A zip from (name, data, declared_size) whose directory may lie about sizes."""
    body, central = b"", b""
    for name, data, declared in entries:
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        packed = packer.compress(data) + packer.flush()
        crc = zlib.crc32(data)
        raw_name = name.encode()
        offset = len(body)
        body += struct.pack(
            "<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(packed), declared,
            len(raw_name), 0,
        ) + raw_name + packed  # fmt: skip
        central += struct.pack(
            "<4s6H3I5HII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, len(packed), declared,
            len(raw_name), 0, 0, 0, 0, 0, offset,
        ) + raw_name  # fmt: skip
    end = struct.pack(
        "<4s4H2IH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(body), 0
    )
    return body + central + end


MINIMAL_PARTS = [
    (
        "[Content_Types].xml",
        b'<Types xmlns="x"><Default Extension="xml" ContentType="a/b"/></Types>',
    ),
    ("xl/workbook.xml", b"<workbook/>"),
]


def _zip_parts(path, parts):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            archive.writestr(name, data)
    return path


# --------------------------------------------------------------------------- reading


def test_title_rows_above_the_header_are_skipped(tmp_path):
    path = _xlsx(
        tmp_path / "villages.xlsx",
        [
            ["承德县贫困村名单"],
            ["填报单位：承德县扶贫办", None, "2017年4月"],
            [],
            ["序号", "村名称", "村代码", "备注"],
            [1, "东营子村", 130821100201, "x"],
            [2, "西营子村", 130821100202, None],
        ],
        merges=["A1:D1"],
    )
    table, rows = _read(path, ["村名称", "村代码"])
    assert table.headers == ["村名称", "村代码"]
    assert table.header_row == 4
    assert table.sheet_name == "Sheet1"
    assert rows == [
        (5, {"村名称": "东营子村", "村代码": "130821100201"}),
        (6, {"村名称": "西营子村", "村代码": "130821100202"}),
    ]


def test_header_normalisation_aliases_and_optional_columns(tmp_path):
    path = _xlsx(
        tmp_path / "households.xlsx",
        [
            ["*户主 姓名", "证件号码\n（必填）", "家庭人口(选填)", "Remark"],
            ["张三", "130821199001011234", 3, "ignored"],
        ],
    )
    table, rows = _read(
        path,
        ["户主姓名", "身份证号"],
        header_aliases={"证件号码": "身份证号"},
        optional_headers=["家庭人口", "联系电话"],
    )
    assert table.headers == ["户主姓名", "身份证号", "家庭人口"]
    assert table.ignored == ["Remark"]  # named back to the user, never dropped silently
    assert rows == [(2, {"户主姓名": "张三", "身份证号": "130821199001011234", "家庭人口": "3"})]


def test_full_width_digits_and_spaces_are_normalised(tmp_path):
    path = _xlsx(
        tmp_path / "fw.xlsx",
        [["姓名", "电话"], ["\u3000王\u3000五\u3000", "１３８１２３４１２３４"]],
    )
    _table, rows = _read(path, ["姓名", "电话"])
    assert rows == [(2, {"姓名": "王 五", "电话": "13812341234"})]


def test_merged_cells_are_filled_down_in_data_columns(tmp_path):
    path = _xlsx(
        tmp_path / "merged.xlsx",
        [
            ["乡镇", "村名称", "人口"],
            ["城关镇", "东村", 120],
            [None, "西村", 80],
            [None, "南村", None],
            [None, None, None],
            ["岗子乡", "北村", 50],
            ["备注", None, None],
        ],
        # A2:A5 covers a row that is otherwise empty: it stays skipped.
        # B7:C7 is a horizontal merge: its value is not spread sideways.
        merges=["A2:A5", "B7:C7"],
    )
    _table, rows = _read(path, ["乡镇", "村名称"], optional_headers=["人口"])
    assert rows == [
        (2, {"乡镇": "城关镇", "村名称": "东村", "人口": "120"}),
        (3, {"乡镇": "城关镇", "村名称": "西村", "人口": "80"}),
        (4, {"乡镇": "城关镇", "村名称": "南村", "人口": ""}),
        (6, {"乡镇": "岗子乡", "村名称": "北村", "人口": "50"}),
        (7, {"乡镇": "备注", "村名称": "", "人口": ""}),
    ]


def test_two_row_header_with_vertically_merged_cells(tmp_path):
    path = _xlsx(
        tmp_path / "two_rows.xlsx",
        [
            ["序号", "村名称", "帮扶责任人", None],
            [None, None, "姓名", "电话"],
            [1, "东村", "李四", "13812341234"],
        ],
        merges=["A1:A2", "B1:B2", "C1:D1"],
    )
    table, rows = _read(path, ["序号", "村名称", "姓名", "电话"])
    assert table.header_row == 2
    assert rows == [(3, {"序号": "1", "村名称": "东村", "姓名": "李四", "电话": "13812341234"})]


def test_empty_rows_are_skipped_but_row_numbers_are_kept(tmp_path):
    path = _xlsx(
        tmp_path / "gaps.xlsx",
        [["姓名", "年龄"], ["甲", 30], [], [None, "  "], ["乙", 40], [], [], ["丙", None]],
    )
    _table, rows = _read(path, ["姓名", "年龄"])
    assert [number for number, _row in rows] == [2, 5, 8]
    assert rows[-1] == (8, {"姓名": "丙", "年龄": ""})


def test_numbers_from_calamine_become_integer_strings(tmp_path):
    path = _xlsx(
        tmp_path / "numbers.xlsx",
        [
            ["代码", "人数", "面积", "身份证号", "金额"],
            [130821100201, 3, 3.5, 1.30821199001011e17, 0.1 + 0.2],
            ["130821100202", 3.0, -2.25, "130821199001011234", 1e-05],
        ],
    )
    _table, rows = _read(path, ["代码", "人数", "面积", "身份证号", "金额"])
    assert rows == [
        (
            2,
            {
                "代码": "130821100201",
                "人数": "3",
                "面积": "3.5",
                # Excel keeps 15 significant digits; the ID validator refuses this value.
                "身份证号": "130821199001011000",
                "金额": "0.3",
            },
        ),
        (
            3,
            {
                "代码": "130821100202",
                "人数": "3",
                "面积": "-2.25",
                "身份证号": "130821199001011234",
                "金额": "0.00001",
            },
        ),
    ]


def test_dates_in_cells_come_back_as_iso_text(tmp_path):
    path = _xlsx(
        tmp_path / "dates.xlsx",
        [
            ["日期", "时间"],
            [dt.date(2017, 4, 20), dt.datetime(2017, 4, 20, 8, 30)],
            ["2017年4月20日", "20170420"],
        ],
    )
    _table, rows = _read(path, ["日期", "时间"])
    assert rows == [
        (2, {"日期": "2017-04-20", "时间": "2017-04-20 08:30:00"}),
        (3, {"日期": "2017年4月20日", "时间": "20170420"}),
    ]
    assert {parse_date(row["日期"]) for _n, row in rows} == {dt.date(2017, 4, 20)}
    assert {parse_date(row["时间"]) for _n, row in rows} == {dt.date(2017, 4, 20)}


def test_the_sheet_holding_the_header_is_used(tmp_path):
    path = _xlsx(
        tmp_path / "sheets.xlsx",
        [["姓名", "电话"], ["甲", "1"]],
        sheet="数据",
        extra_sheets=[("填表说明", [["请按要求填写"]]), ("空", [])],
    )
    table, rows = _read(path, ["姓名", "电话"])
    assert table.sheet_name == "数据"
    assert rows == [(2, {"姓名": "甲", "电话": "1"})]


def test_missing_header_names_the_missing_columns(tmp_path):
    path = _xlsx(tmp_path / "missing.xlsx", [["姓名", "性别"], ["甲", "男"]])
    with pytest.raises(UploadError) as error:
        _read(path, ["姓名", "身份证号", "联系电话"])
    assert str(error.value) == (
        "The file is missing the required columns: “身份证号”, “联系电话”. Check that the "
        "header row is within the first rows of the sheet."
    )


def test_header_beyond_the_scan_window_is_not_found(tmp_path):
    path = _xlsx(tmp_path / "deep.xlsx", [*[["说明"]] * 5, ["姓名"], ["甲"]])
    assert _read(path, ["姓名"], max_scan_rows=6)[0].header_row == 6
    with pytest.raises(UploadError, match="missing the required columns: “姓名”"):
        _read(path, ["姓名"], max_scan_rows=5)


def test_other_template_is_recognised(tmp_path):
    path = _xlsx(
        tmp_path / "helpers.xlsx",
        [["帮扶单位名称", "统一社会信用代码", "联系人"], ["某公司", "91130800MA07L2XXXX", "王"]],
    )
    with pytest.raises(UploadError) as error:
        _read(
            path,
            ["户主姓名", "身份证号"],
            template_name="贫困户",
            other_templates={
                "贫困村": ["村名称", "村代码"],
                "帮扶单位": ["帮扶单位名称", "统一社会信用代码"],
            },
        )
    assert str(error.value) == (
        "This file looks like the “帮扶单位” template, not this one; import it there instead. "
        "Missing columns: “户主姓名”, “身份证号”."
    )


def test_a_column_twice_is_refused(tmp_path):
    path = _xlsx(tmp_path / "twice.xlsx", [["姓名", "证件号码", "身份证号"], ["甲", "1", "2"]])
    with pytest.raises(UploadError) as error:
        _read(path, ["姓名", "身份证号"], header_aliases={"证件号码": "身份证号"})
    assert str(error.value) == (
        "The headers “证件号码” and “身份证号” are both the column “身份证号”; "
        "keep only one of them."
    )


def test_the_same_header_twice_is_refused(tmp_path):
    path = _xlsx(tmp_path / "twice.xlsx", [["姓名", "身份证号", "身份证号 "], ["甲", "1", "2"]])
    with pytest.raises(UploadError) as error:
        _read(path, ["姓名", "身份证号"])
    assert str(error.value) == (
        "The column “身份证号” appears more than once in the header row; keep only one."
    )


def test_csv_names_its_unrecognised_headers(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("序号,姓名,身份证号码,手机号码\n1,甲,130821199001011234,13812345678\n")
    with read_table(path, kind="csv", required_headers=["姓名"]) as table:
        assert (table.headers, table.ignored) == (["姓名"], ["序号", "身份证号码", "手机号码"])


def test_xls_is_read_with_merged_cells_and_dates(tmp_path):
    path = _xls(
        tmp_path / "old.xls",
        {
            (0, 0): "2017年帮扶台账",
            (2, 0): "乡镇",
            (2, 1): "村代码",
            (2, 2): "结对日期",
            (3, 0): "城关镇",
            (3, 1): 130821100201,
            (3, 2): dt.date(2017, 4, 20),
            (4, 1): "１３０８２１１００２０２",
            (6, 0): "岗子乡",
            (6, 1): 3.5,
        },
        merges=[(0, 0, 0, 2), (3, 4, 0, 0)],
    )
    assert check_upload(path, filename="old.xls", max_bytes=MB) == "xls"
    table, rows = _read(path, ["乡镇", "村代码"], optional_headers=["结对日期"])
    assert table.header_row == 3
    assert rows == [
        (4, {"乡镇": "城关镇", "村代码": "130821100201", "结对日期": "2017-04-20"}),
        (5, {"乡镇": "城关镇", "村代码": "130821100202", "结对日期": ""}),
        (7, {"乡镇": "岗子乡", "村代码": "3.5", "结对日期": ""}),
    ]


def test_xlsx_renamed_to_xls_is_read_by_content(tmp_path):
    path = _xlsx(tmp_path / "really_xlsx.xls", [["姓名"], ["甲"]])
    assert check_upload(path, filename="really_xlsx.xls", max_bytes=MB) == "xlsx"
    assert list(read_table(path, kind="xlsx", required_headers=["姓名"])) == [(2, {"姓名": "甲"})]


# --------------------------------------------------------------------------- csv


def test_gbk_csv(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes("县扶贫办报表\r\n姓名,身份证号\r\n张三,130821199001011234\r\n".encode("gbk"))
    assert check_upload(path, filename="gbk.csv", max_bytes=MB) == "csv"
    table, rows = _read(path, ["姓名", "身份证号"])
    assert table.header_row == 2
    assert rows == [(3, {"姓名": "张三", "身份证号": "130821199001011234"})]


def test_utf8_bom_csv_with_quoted_newlines(tmp_path):
    path = tmp_path / "bom.csv"
    content = '\ufeff姓名,备注\n"李四","第一行\n第二行"\n\n王五,"a,b"\n'
    path.write_bytes(content.encode("utf-8"))
    table, rows = _read(path, ["姓名", "备注"])
    assert table.headers == ["姓名", "备注"]
    assert rows == [
        (2, {"姓名": "李四", "备注": "第一行\n第二行"}),
        (4, {"姓名": "王五", "备注": "a,b"}),
    ]


def test_utf16_tab_separated_text_from_excel(tmp_path):
    path = tmp_path / "unicode.txt"
    path.write_bytes("姓名\t年龄\r\n甲\t3\r\n".encode("utf-16"))
    assert check_upload(path, filename="unicode.txt", max_bytes=MB) == "csv"
    assert _read(path, ["姓名", "年龄"])[1] == [(2, {"姓名": "甲", "年龄": "3"})]


def test_file_objects_are_accepted(tmp_path):
    data = "姓名,年龄\n甲,3\n".encode("gb18030")
    upload = io.BytesIO(data)
    assert check_upload(upload, filename="a.csv", max_bytes=MB) == "csv"
    assert upload.tell() == 0
    table = read_table(upload, kind="csv", required_headers=["姓名"])
    assert list(table) == list(table) == [(2, {"姓名": "甲"})]
    path = _xlsx(tmp_path / "b.xlsx", [["姓名"], ["乙"]])
    with open(path, "rb") as upload:  # a real file whose buffer is ahead of its descriptor
        upload.read(10)
        assert check_upload(upload, filename="b.xlsx", max_bytes=MB) == "xlsx"
        assert upload.tell() == 10
        assert list(read_table(upload, kind="xlsx", required_headers=["姓名"])) == [
            (2, {"姓名": "乙"})
        ]
    workbook = io.BytesIO(path.read_bytes())
    assert check_upload(workbook, filename="b.xlsx", max_bytes=MB) == "xlsx"
    assert list(read_table(workbook, kind="xlsx", required_headers=["姓名"])) == [
        (2, {"姓名": "乙"})
    ]


# --------------------------------------------------------------------------- refusals


def test_text_named_xlsx_is_refused(tmp_path):
    path = tmp_path / "data.xlsx"
    path.write_text("姓名,身份证号\n张三,1\n", encoding="utf-8")
    with pytest.raises(UploadError) as error:
        check_upload(path, filename="数据.XLSX", max_bytes=MB)
    assert "not a real Excel file" in str(error.value)


def test_html_named_xls_is_refused(tmp_path):
    path = tmp_path / "export.xls"
    path.write_bytes("<html><table><tr><td>姓名</td></tr></table></html>".encode("gbk"))
    with pytest.raises(UploadError, match="not a real Excel file"):
        check_upload(path, filename="export.xls", max_bytes=MB)


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    with pytest.raises(UploadError) as error:
        check_upload(path, filename="empty.xlsx", max_bytes=MB)
    assert str(error.value) == "The file is empty."


def test_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "big.xlsx"
    with open(path, "wb") as fh:  # sparse: nothing is written
        fh.truncate(50 * MB)
    with pytest.raises(UploadError) as error:
        check_upload(path, filename="big.xlsx", max_bytes=20 * MB)
    assert str(error.value) == "The file is 50 MB, larger than the 20 MB limit."


def test_binary_that_is_not_a_spreadsheet_is_refused(tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    with pytest.raises(UploadError) as error:
        check_upload(path, filename="photo.csv", max_bytes=MB)
    assert str(error.value) == "The file is not a spreadsheet: upload an .xlsx, .xls or .csv file."


def test_zip_bomb_by_total_size_is_refused(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in MINIMAL_PARTS:
            archive.writestr(name, data)
        chunk = bytes(MB)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            for _ in range(300):
                part.write(chunk)
    assert path.stat().st_size < MB
    with pytest.raises(UploadError) as error:
        check_upload(path, filename="bomb.xlsx", max_bytes=20 * MB)
    assert str(error.value) == (
        "The workbook unpacks to more than 200 MB; it is refused as unsafe. Split it into "
        "smaller files."
    )


def test_zip_bomb_by_compression_ratio_is_refused(tmp_path):
    path = _zip_parts(
        tmp_path / "ratio.xlsx", [*MINIMAL_PARTS, ("xl/sharedStrings.xml", bytes(8 * MB))]
    )
    with pytest.raises(UploadError, match="compressed far more than a real spreadsheet"):
        check_upload(path, filename="ratio.xlsx", max_bytes=MB)
    # The same entry passes when the caller allows a higher ratio.
    assert check_upload(path, filename="ratio.xlsx", max_bytes=MB, max_ratio=10_000) == "xlsx"


def test_zip_entry_lying_about_its_size_is_refused(tmp_path):
    entries = [(name, data, len(data)) for name, data in MINIMAL_PARTS]
    # 20 MB of zeros that declares 100 kB: ratio and total look harmless in the directory.
    entries.append(("xl/worksheets/sheet1.xml", bytes(20 * MB), 100_000))
    path = tmp_path / "liar.xlsx"
    path.write_bytes(_raw_zip(entries))
    with pytest.raises(UploadError, match="compressed far more than a real spreadsheet"):
        check_upload(path, filename="liar.xlsx", max_bytes=MB)


def test_too_many_zip_entries_are_refused(tmp_path):
    parts = [*MINIMAL_PARTS, *((f"xl/media/{i}.xml", b"x") for i in range(60))]
    path = _zip_parts(tmp_path / "many.xlsx", parts)
    with pytest.raises(UploadError) as error:
        check_upload(path, filename="many.xlsx", max_bytes=MB, max_entries=50)
    assert str(error.value) == "The workbook has more than 50 parts; it is refused as unsafe."


def _real_xlsx(path):
    workbook = xlsxwriter.Workbook(path)
    workbook.add_worksheet().write_row(0, 0, ["姓名"])
    workbook.close()
    return path


def test_macro_enabled_workbook_is_refused(tmp_path):
    path = _real_xlsx(tmp_path / "macro.xlsm")
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really")
    with pytest.raises(UploadError) as error:
        check_upload(path, filename="macro.xlsm", max_bytes=MB)
    assert str(error.value) == (
        "Macro-enabled workbooks are not accepted. Save the file as a plain .xlsx workbook "
        "(without macros) and upload it again."
    )


def test_macro_content_type_is_refused(tmp_path):
    content_types = (
        b'<Types xmlns="x"><Override PartName="/xl/workbook.xml" '
        b'ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>'
    )
    path = _zip_parts(
        tmp_path / "m.xlsx", [("[Content_Types].xml", content_types), MINIMAL_PARTS[1]]
    )
    with pytest.raises(UploadError, match="Macro-enabled"):
        check_upload(path, filename="m.xlsx", max_bytes=MB)


def test_external_links_are_refused_unless_allowed(tmp_path):
    path = _real_xlsx(tmp_path / "linked.xlsx")
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/externalLinks/externalLink1.xml", b"<externalLink/>")
    with pytest.raises(UploadError, match="links to other workbooks"):
        check_upload(path, filename="linked.xlsx", max_bytes=MB)
    assert check_upload(path, filename="linked.xlsx", max_bytes=MB, allow_external_links=True) == (
        "xlsx"
    )


def test_xml_with_entities_is_refused(tmp_path):
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><Types>&b;</Types>'
    )
    path = _zip_parts(tmp_path / "xxe.xlsx", [("[Content_Types].xml", bomb), MINIMAL_PARTS[1]])
    with pytest.raises(UploadError, match="could not be read as a spreadsheet"):
        check_upload(path, filename="xxe.xlsx", max_bytes=MB)


def test_zip_that_is_not_a_workbook_is_refused(tmp_path):
    path = _zip_parts(tmp_path / "docs.xlsx", [("readme.txt", b"hello")])
    with pytest.raises(UploadError, match="zip archive but not an Excel workbook"):
        check_upload(path, filename="docs.xlsx", max_bytes=MB)
    xlsb = _zip_parts(tmp_path / "b.xlsx", [MINIMAL_PARTS[0], ("xl/workbook.bin", b"\0")])
    with pytest.raises(UploadError, match=r"\.xlsb"):
        check_upload(xlsb, filename="b.xlsb", max_bytes=MB)


def test_damaged_workbooks_raise_upload_error(tmp_path):
    good = _real_xlsx(tmp_path / "good.xlsx").read_bytes()
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good[: len(good) // 2])
    with pytest.raises(UploadError, match="could not be read"):
        check_upload(truncated, filename="t.xlsx", max_bytes=MB)
    ole = tmp_path / "garbage.xls"
    ole.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(1000))
    assert check_upload(ole, filename="garbage.xls", max_bytes=MB) == "xls"
    with pytest.raises(UploadError, match="could not be read"):
        read_table(ole, kind="xls", required_headers=["姓名"])


# --------------------------------------------------------------------------- cells and dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("", ""),
        ("  abc \n", "abc"),
        ("１３０８２１", "130821"),
        ("\u3000张\u3000三\u3000", "张 三"),
        ("Ａｂｃ（备注）", "Abc(备注)"),
        ("a\u200bb\ufeff", "ab"),
        ("\xa0x\xa0", "x"),
        (130821100201.0, "130821100201"),
        (3.0, "3"),
        (3.5, "3.5"),
        (-0.0, "0"),
        (0.1 + 0.2, "0.3"),
        (1e-05, "0.00001"),
        (7, "7"),
        (True, "TRUE"),
        (Decimal("12.50"), "12.50"),
        (dt.date(2017, 4, 20), "2017-04-20"),
        (dt.datetime(2017, 4, 20), "2017-04-20"),
        (dt.datetime(2017, 4, 20, 8, 30), "2017-04-20 08:30:00"),
        (dt.time(8, 30), "08:30:00"),
    ],
)
def test_normalize_cell(value, expected):
    assert normalize_cell(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (" *身份证号\n（必填）", "身份证号"),
        ("户主　姓名(选填)", "户主姓名"),
        ("【必填】联系电话【必填】", "联系电话"),
        ("面积（亩）", "面积亩"),
        ("面积[亩]", "面积亩"),
        ("手机号码：", "手机号码"),
        ("ID Number (Required)", "idnumber"),
    ],
)
def test_header_key(value, expected):
    assert header_key(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2017, 4, 20), dt.date(2017, 4, 20)),
        (dt.datetime(2017, 4, 20, 23, 59), dt.date(2017, 4, 20)),
        (42845, dt.date(2017, 4, 20)),
        (42845.75, dt.date(2017, 4, 20)),
        (Decimal("42845"), dt.date(2017, 4, 20)),
        ("42845", dt.date(2017, 4, 20)),
        (1, dt.date(1900, 1, 1)),
        (59, dt.date(1900, 2, 28)),
        (61, dt.date(1900, 3, 1)),
        (20170420, dt.date(2017, 4, 20)),
        ("2017-04-20", dt.date(2017, 4, 20)),
        ("2017/4/20", dt.date(2017, 4, 20)),
        ("2017.4.20", dt.date(2017, 4, 20)),
        ("2017年4月20日", dt.date(2017, 4, 20)),
        ("2017年04月20号", dt.date(2017, 4, 20)),
        ("20170420", dt.date(2017, 4, 20)),
        ("２０１７－０４－２０", dt.date(2017, 4, 20)),
        (" 2017-04-20 00:00:00 ", dt.date(2017, 4, 20)),
        ("2017/4/20 8:30", dt.date(2017, 4, 20)),
        ("2016-02-29", dt.date(2016, 2, 29)),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    ["", "abc", "2017-02-30", "2017-13-01", "2017-4/20", "17-4-20", "2017年4月", 60, 0, -5,
     3_000_000, True, None, "123456", "2017-04-20 noon"],
)  # fmt: skip
def test_parse_date_refuses(value):
    with pytest.raises(ValueError, match="is not a date"):
        parse_date(value)


# --------------------------------------------------------------------------- writing


def test_write_xlsx_round_trip(tmp_path):
    path = tmp_path / "export.xlsx"
    count = write_xlsx(
        path,
        title="承德县贫困户名单",
        headers=["户主姓名", "身份证号", "村代码", "人口", "收入", "登记日期", "备注"],
        rows=[
            ["张三", "130821199001011234", 130821100201, 3, Decimal("4321.50"), dt.date(2017, 4, 20), "=1+1"],
            ["李四", "13082119900101123X", "130821100202", 2, 3.5, None, "@SUM(A1)"],
        ],
        notes=["数据截至2017年4月"],
    )  # fmt: skip
    assert count == 2
    table, rows = _read(
        path,
        ["户主姓名", "身份证号"],
        optional_headers=["村代码", "人口", "收入", "登记日期", "备注"],
    )
    assert table.header_row == 3
    assert rows == [
        (4, {"户主姓名": "张三", "身份证号": "130821199001011234", "村代码": "130821100201",
             "人口": "3", "收入": "4321.5", "登记日期": "2017-04-20", "备注": "'=1+1"}),
        (5, {"户主姓名": "李四", "身份证号": "13082119900101123X", "村代码": "130821100202",
             "人口": "2", "收入": "3.5", "登记日期": "", "备注": "'@SUM(A1)"}),
    ]  # fmt: skip
    sheet = openpyxl.load_workbook(path).active
    assert sheet["A1"].value == "承德县贫困户名单"
    assert [str(cells) for cells in sheet.merged_cells.ranges] == ["A1:G1"]
    assert sheet.freeze_panes == "A4"
    assert sheet["A3"].font.b is True
    assert sheet["B4"].data_type == "s"  # the ID stays text
    assert sheet["C4"].data_type == "s"  # a 12-digit code given as a number is written as text
    assert sheet["D4"].value == 3
    assert sheet["E4"].number_format == "0.00"
    assert sheet["F4"].value == dt.datetime(2017, 4, 20)
    assert sheet["F4"].number_format == "yyyy-mm-dd"
    assert sheet["G4"].value == "'=1+1"
    assert sheet["G4"].data_type == "s"


def test_error_report_marks_bad_cells_with_comments(tmp_path):
    path = tmp_path / "errors.xlsx"
    write_xlsx(
        path,
        title=None,
        headers=["姓名", "身份证号", "电话"],
        rows=[["张三", "130821199001011235", "138"], ["李四", "130821199001011234"]],
        bad_cells={(0, 1): "身份证号校验位错误", (1, 2): "缺少电话"},
    )
    sheet = openpyxl.load_workbook(path).active
    assert sheet["B2"].comment.text == "身份证号校验位错误"
    assert sheet["B2"].fill.fgColor.rgb == "FFFFC7CE"
    assert sheet["C3"].comment.text == "缺少电话"
    assert sheet["C3"].value is None
    assert sheet["C3"].fill.fgColor.rgb == "FFFFC7CE"
    assert sheet["A2"].comment is None
    assert sheet["A2"].fill.fgColor.rgb != "FFFFC7CE"
    assert sheet.freeze_panes == "A2"


def test_write_xlsx_to_a_stream_with_column_widths(tmp_path):
    stream = io.BytesIO()
    write_xlsx(stream, title="t", headers=["a", "b"], rows=[[1, 2]], column_widths=[20, None])
    sheet = openpyxl.load_workbook(io.BytesIO(stream.getvalue())).active
    assert sheet.column_dimensions["A"].width == pytest.approx(20.71, abs=0.01)
    assert sheet["A3"].value == 1


def test_stream_csv():
    chunks = list(
        stream_csv(
            ["姓名", "=cmd"],
            [
                ["+86 138", dt.date(2017, 4, 20)],
                [None, 3.0],
                ["a,b", Decimal("1.50")],
                ["-1", -1],
            ],
        )
    )
    assert chunks == [
        "\ufeff姓名,'=cmd\r\n",
        "'+86 138,2017-04-20\r\n",
        ",3\r\n",
        '"a,b",1.50\r\n',
        "'-1,-1\r\n",
    ]


def test_template_xlsx(tmp_path):
    path = tmp_path / "template.xlsx"
    template_xlsx(
        path,
        title="贫困户信息导入模板",
        headers=["户主姓名", "身份证号", "登记日期", "人口"],
        example_row=["张三", "130821199001011234", dt.date(2017, 4, 20), 3],
        required={"户主姓名", "身份证号"},
        notes=["带*的列必须填写", "身份证号填18位"],
        sheet_name="贫困户",
        notes_sheet_name="填写说明",
    )
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["贫困户", "填写说明"]
    sheet = workbook["贫困户"]
    assert [cell.value for cell in sheet[2]] == ["*户主姓名", "*身份证号", "登记日期", "人口"]
    assert sheet["B3"].value == "130821199001011234"
    assert sheet["A3"].comment.text == "Example row: delete it before importing."
    assert sheet.column_dimensions["B"].width > 20
    assert [row[0].value for row in workbook["填写说明"].iter_rows()] == [
        "带*的列必须填写",
        "身份证号填18位",
    ]
    table, rows = _read(path, ["户主姓名", "身份证号"], optional_headers=["登记日期", "人口"])
    assert table.header_row == 2
    assert rows == [
        (3, {"户主姓名": "张三", "身份证号": "130821199001011234", "登记日期": "2017-04-20",
             "人口": "3"})
    ]  # fmt: skip


# --------------------------------------------------------------------------- fuzzing


def _only_upload_errors(data: bytes, filename: str, kinds=()) -> None:
    """check_upload, then read_table and full iteration, may only raise UploadError."""
    try:
        kind = check_upload(io.BytesIO(data), filename=filename, max_bytes=MB)
    except UploadError:
        kind = None
    for each in {kind, *kinds} - {None}:
        try:
            for _row in read_table(io.BytesIO(data), kind=each, required_headers=["姓名"]):
                pass
        except UploadError:
            pass


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=2048), st.sampled_from(["a.xlsx", "a.xls", "a.csv", "a"]))
def test_random_bytes_raise_only_upload_error(data, filename):
    _only_upload_errors(data, filename, kinds=("xlsx", "xls", "csv"))


@FUZZ
@given(
    st.sampled_from([b"PK\x03\x04", bytes.fromhex("D0CF11E0A1B11AE1"), b"\xef\xbb\xbf"]),
    st.binary(max_size=4096),
)
def test_random_bytes_behind_magic_numbers_raise_only_upload_error(magic, data):
    _only_upload_errors(magic + data, "a.xlsx", kinds=("xlsx", "xls"))


@FUZZ
@given(st.text(max_size=500), st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_random_text_raises_only_upload_error(text, encoding):
    _only_upload_errors(text.encode(encoding), "a.csv", kinds=("csv",))


def _seed_workbook() -> bytes:
    stream = io.BytesIO()
    write_xlsx(
        stream, title="t", headers=["姓名", "x"], rows=[["甲", 1], ["乙", dt.date(2017, 1, 1)]]
    )
    return stream.getvalue()


SEED_XLSX = _seed_workbook()
SEED_XLS = _xls_bytes({(0, 0): "姓名", (1, 0): "甲", (1, 1): 3.0, (2, 1): "x"}, [(1, 2, 0, 0)])


def _flip(seed: bytes, flips) -> bytes:
    data = bytearray(seed)
    for position, value in flips:
        data[position % len(data)] = value
    return bytes(data)


FLIPS = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8)


@FUZZ
@given(FLIPS)
def test_damaged_xlsx_raises_only_upload_error(flips):
    _only_upload_errors(_flip(SEED_XLSX, flips), "a.xlsx", kinds=("xlsx",))


@FUZZ
@given(FLIPS)
def test_damaged_xls_raises_only_upload_error(flips):
    _only_upload_errors(_flip(SEED_XLS, flips), "a.xls", kinds=("xls",))


def test_sparse_cell_bomb_is_refused_without_killing_the_process(tmp_path):
    # Two values, in A1 and XFD1048576: a 5 kB file whose dense grid would need ~700 GB.
    # In-process, python-calamine aborts the whole interpreter on this file.
    path = tmp_path / "far.xlsx"
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet()
    sheet.write_string(0, 0, "姓名")
    sheet.write_string(1_048_575, 16_383, "x")
    workbook.close()
    assert check_upload(path, filename="far.xlsx", max_bytes=MB) == "xlsx"
    with pytest.raises(UploadError) as error:
        read_table(path, kind="xlsx", required_headers=["姓名"])
    assert str(error.value).startswith("The sheet is too large to read")


def test_xls_with_absurd_dimensions_is_refused_without_killing_the_process(tmp_path):
    # A DIMENSIONS record claiming 4 billion rows x 65535 columns: calamine reserves the
    # cells up front and, in-process, the failed allocation aborts the interpreter.
    path = tmp_path / "dims.xls"
    path.write_bytes(_xls_bytes({(0, 0): "姓名", (1, 0): "甲"}, dimensions=(2**32 - 1, 65535)))
    assert check_upload(path, filename="dims.xls", max_bytes=MB) == "xls"
    with pytest.raises(UploadError, match="too large to read"):
        read_table(path, kind="xls", required_headers=["姓名"])
    # The same file with honest dimensions reads normally.
    path.write_bytes(_xls_bytes({(0, 0): "姓名", (1, 0): "甲"}, dimensions=(2, 1)))
    assert list(read_table(path, kind="xls", required_headers=["姓名"])) == [(2, {"姓名": "甲"})]


def test_table_close_releases_the_workbook_dump(tmp_path):
    path = _xlsx(tmp_path / "c.xlsx", [["姓名"], ["甲"]])
    with read_table(path, kind="xlsx", required_headers=["姓名"]) as table:
        assert list(table) == [(2, {"姓名": "甲"})]
    with pytest.raises(ValueError, match="closed"):
        list(table)


# A stand-in for the child parser: it sends a header and 30 rows at once (more than the
# header search reads), then works on (the rest of a large workbook) for `pause` seconds and
# ends with `code`.
_SLOW_CHILD = r"""
import marshal, sys, time
def write(record):
    data = marshal.dumps(record)
    sys.stdout.buffer.write(len(data).to_bytes(4, "little") + data)
    sys.stdout.buffer.flush()
write(("sheet", "Sheet1", 0, []))
write(("rows", [["姓名"]] + [["甲"]] * 30))
time.sleep(%(pause)s)
if %(code)d == 0:
    write(("rows", [["乙"]]))
    write(("end",))
sys.exit(%(code)d)
"""


def _slow_child(monkeypatch, pause: float, code: int) -> None:
    from bangfu.core.excel import calamine

    monkeypatch.setattr(calamine, "_CHILD", _SLOW_CHILD % {"pause": pause, "code": code})


def test_the_rows_are_read_while_the_workbook_is_still_being_parsed(tmp_path, monkeypatch):
    _slow_child(monkeypatch, pause=1.0, code=0)
    path = _xlsx(tmp_path / "s.xlsx", [["姓名"], ["甲"]])
    with read_table(path, kind="xlsx", required_headers=["姓名"]) as table:
        assert table._resource._process.poll() is None  # the header found, the child at work
        rows = [(n, {"姓名": "甲"}) for n in range(2, 32)] + [(32, {"姓名": "乙"})]
        assert list(table) == rows
        assert list(table) == rows  # replayed


def test_a_child_that_dies_after_the_header_refuses_the_file(tmp_path, monkeypatch):
    _slow_child(monkeypatch, pause=0.3, code=4)
    path = _xlsx(tmp_path / "s.xlsx", [["姓名"], ["甲"]])
    table = read_table(path, kind="xlsx", required_headers=["姓名"])
    with pytest.raises(UploadError, match="too large to read"):
        list(table)
    assert table._resource.closed


def test_a_table_closed_early_stops_the_child(tmp_path, monkeypatch):
    _slow_child(monkeypatch, pause=30, code=0)
    path = _xlsx(tmp_path / "s.xlsx", [["姓名"], ["甲"]])
    table = read_table(path, kind="xlsx", required_headers=["姓名"])
    process = table._resource._process
    table.close()
    assert process.returncode is not None  # killed and reaped, not left running
