"""The spreadsheet layer that every registry import and export uses (SECURITY.md §15-17).

County offices exchange real, messy Excel files. This module is the single place that

* checks an upload *before* anything parses it (`check_upload`): size, content sniffing,
  zip-bomb limits, macros, external links, safe XML;
* reads .xlsx/.xls (python-calamine) and .csv (the csv module) into a `Table` of
  normalised text cells (`read_table`), tolerating title rows, merged cells, empty rows,
  numbers stored as text and text stored as numbers, full-width characters;
* parses the date spellings that offices type (`parse_date`);
* writes exports, error reports and templates with XlsxWriter (`write_xlsx`,
  `template_xlsx`) and streamed CSV (`stream_csv`), escaping formula-like text with
  `bangfu.core.io.safe_cell`.

What python-calamine 0.9 does and does not give us:

* It parses a whole worksheet into memory on the Rust side when the sheet is opened
  (about 40-60 MB for 100,000 x 12 cells); `iter_rows()` then creates the Python objects
  one row at a time, so the Python side stays flat.
* `iter_rows()` yields absolute rows from spreadsheet row 1 (leading empty rows come back
  as empty lists), but the columns start at the first used column of the sheet.
* Numbers come back as floats (130821100201 -> 130821100201.0); date-formatted cells as
  `date`/`datetime`; error cells (#N/A, #DIV/0!) and blanks as "".
* `merged_cell_ranges` lists merged ranges as absolute 0-based ((row, col), (row, col))
  for .xlsx and .xls (None for other formats); only the top-left cell holds the value.
  We fill a vertical merge down its first column in data rows, and use a vertical merge as
  the header of the rows it covers; horizontal merges in data rows are *not* spread
  sideways (the value belongs to the first column only).
* Hidden rows and columns, cell comments and cell formats are not exposed; a hidden row
  is read like any other row.
* The grid is dense, from the top-left to the bottom-right used cell: a 5 kB .xlsx with
  values in A1 and XFD1048576 asks for ~700 GB, and a forged DIMENSIONS record in an .xls
  for petabytes. The failed allocation *aborts the process* (SIGABRT, no exception), and
  damaged .xls files make the Rust side panic. So workbooks are parsed in a child process
  (`_CHILD`: the same interpreter, python-calamine only, address space limited to
  `READ_MEMORY_LIMIT` and CPU to `READ_TIME_LIMIT`), which streams the cells as marshal
  batches into an unlinked temporary file that the `Table` replays. A file that kills the
  child costs a refused upload, never a web or task worker. The overhead on 100,000 x 12
  cells is about 0.3 s (process start, marshal) on top of calamine's own ~0.7 s.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import io
import marshal
import math
import os
import re
import signal
import struct
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any, Literal
from xml.etree.ElementTree import ParseError

import xlsxwriter
from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from django.utils import timezone
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from bangfu.core.io import Echo, safe_cell

__all__ = [
    "MAX_COMPRESSION_RATIO",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_ZIP_ENTRIES",
    "Kind",
    "Table",
    "UploadError",
    "check_upload",
    "header_key",
    "normalize_cell",
    "parse_date",
    "read_table",
    "stream_csv",
    "template_xlsx",
    "write_xlsx",
]

Kind = Literal["xlsx", "xls", "csv"]
Source = str | os.PathLike[str] | IO[bytes]

MB = 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * MB
MAX_ZIP_ENTRIES = 10_000
MAX_COMPRESSION_RATIO = 100
#: Entries smaller than this are not held to the compression-ratio limit: small, very
#: repetitive XML parts (styles, empty sheets) legitimately compress more than 100x.
RATIO_CHECK_MIN_BYTES = 1 * MB
#: [Content_Types].xml larger than this is not a real workbook's.
MAX_CONTENT_TYPES_BYTES = 1 * MB

OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".et")
_CHUNK = 1024 * 1024

# --------------------------------------------------------------------------- errors


def _interpolate(message: Any, params: Mapping[str, Any]) -> str:
    return str(message) % {key: str(value) for key, value in params.items()}


_lazy_interpolate = lazy(_interpolate, str)


def _msg(message: Any, **params: Any) -> Any:
    """A lazily translated message with %-style parameters filled in when rendered."""
    return _lazy_interpolate(message, params) if params else message


class UploadError(Exception):
    """A file that cannot be accepted; `message` is user-facing (lazily translated)."""

    def __init__(self, message: Any) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


UNREADABLE = _(
    "The file could not be read as a spreadsheet: it may be damaged or password-protected. "
    "Open it in Excel or WPS, save it as .xlsx and upload it again."
)
NOT_A_SPREADSHEET = _("The file is not a spreadsheet: upload an .xlsx, .xls or .csv file.")


def _mb(size: int, *, up: bool = False) -> str:
    """Megabytes with one decimal at most (rounded up for a file's size, so that a file
    just over the limit never shows the limit's own number)."""
    tenths = math.ceil(size * 10 / MB) if up else round(size * 10 / MB)
    return f"{tenths / 10:.1f}".removesuffix(".0")


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f"“{name}”" for name in names)


# --------------------------------------------------------------------------- upload checks


@contextmanager
def _binary(source: Source) -> Iterator[IO[bytes]]:
    """Open a path, or rewind a binary file object (restoring its position afterwards)."""
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as fh:
            yield fh
        return
    position = source.tell()
    source.seek(0)
    try:
        yield source
    finally:
        source.seek(position)


def _size(fh: IO[bytes]) -> int:
    fh.seek(0, os.SEEK_END)
    size = fh.tell()
    fh.seek(0)
    return size


def check_upload(
    source: Source,
    *,
    filename: str,
    max_bytes: int,
    max_uncompressed: int = MAX_UNCOMPRESSED_BYTES,
    max_entries: int = MAX_ZIP_ENTRIES,
    max_ratio: float = MAX_COMPRESSION_RATIO,
    allow_external_links: bool = False,
) -> Kind:
    """Check an uploaded file before anything parses it and return its kind.

    The kind is sniffed from the content, never from the name: an OLE2 compound file is
    "xls", a zip holding ``[Content_Types].xml`` and ``xl/workbook.xml`` is "xlsx", and
    text that decodes as UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030/GBK
    without NUL bytes is "csv". A file *named* like an Excel file that is really text
    (a renamed CSV, or the HTML "xls" that web systems export) is refused.

    For .xlsx the zip directory is checked without extracting anything (entry count,
    total declared size, per-entry compression ratio, encryption, duplicate names,
    macros, external links); then each entry is inflated as a stream and discarded, to
    catch entries that lie about their size. ``[Content_Types].xml`` is parsed with
    defusedxml. An .xls file is only sniffed here; `read_table` reports damage.

    Raises `UploadError` with a user-facing message.
    """
    with _binary(source) as fh:
        size = _size(fh)
        if size == 0:
            raise UploadError(_("The file is empty."))
        if size > max_bytes:
            raise UploadError(
                _msg(
                    _("The file is %(size)s MB, larger than the %(limit)s MB limit."),
                    size=_mb(size, up=True),
                    limit=_mb(max_bytes),
                )
            )
        head = fh.read(8)
        fh.seek(0)
        if head.startswith(OLE2_MAGIC):
            return "xls"
        if head.startswith(ZIP_MAGICS):
            _check_xlsx(
                fh,
                max_uncompressed=max_uncompressed,
                max_entries=max_entries,
                max_ratio=max_ratio,
                allow_external_links=allow_external_links,
            )
            return "xlsx"
        if _text_encoding(fh) is None:
            raise UploadError(NOT_A_SPREADSHEET)
        if filename.lower().endswith(EXCEL_SUFFIXES):
            raise UploadError(
                _(
                    "This file is named like an Excel file but is not a real Excel file: it "
                    "contains plain text (perhaps a CSV or web page that was renamed). Open it "
                    "in Excel or WPS, save it as .xlsx and upload it again."
                )
            )
        return "csv"


def _check_xlsx(
    fh: IO[bytes],
    *,
    max_uncompressed: int,
    max_entries: int,
    max_ratio: float,
    allow_external_links: bool,
) -> None:
    try:
        archive = zipfile.ZipFile(fh)
    except _ZIP_ERRORS as exc:
        raise UploadError(UNREADABLE) from exc
    with archive:
        try:
            infos = archive.infolist()
            if len(infos) > max_entries:
                raise UploadError(
                    _msg(
                        _("The workbook has more than %(limit)s parts; it is refused as unsafe."),
                        limit=max_entries,
                    )
                )
            names = {info.filename for info in infos}
            lower_names = {name.lower() for name in names}
            if len(names) != len(infos):
                raise UploadError(UNREADABLE)
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                if "xl/workbook.bin" in names:
                    raise UploadError(
                        _(
                            "Binary Excel workbooks (.xlsb) are not accepted. Open the file in "
                            "Excel, save it as .xlsx and upload it again."
                        )
                    )
                raise UploadError(
                    _(
                        "The file is a zip archive but not an Excel workbook. Upload an .xlsx, "
                        ".xls or .csv file."
                    )
                )
            total = 0
            for info in infos:
                if info.flag_bits & 0x1:
                    raise UploadError(UNREADABLE)
                if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise UploadError(UNREADABLE)
                total += info.file_size
                if total > max_uncompressed:
                    raise UploadError(
                        _msg(
                            _(
                                "The workbook unpacks to more than %(limit)s MB; it is refused "
                                "as unsafe. Split it into smaller files."
                            ),
                            limit=_mb(max_uncompressed),
                        )
                    )
                if info.file_size >= RATIO_CHECK_MIN_BYTES and info.file_size > max_ratio * max(
                    info.compress_size, 1
                ):
                    raise UploadError(_ZIP_BOMB)
            if any(name.endswith("vbaproject.bin") for name in lower_names):
                raise UploadError(_MACROS)
            has_external = any(name.startswith("xl/externallinks/") for name in lower_names)
            content_types = _content_types(archive)
            if any("macroenabled" in ct or "vbaproject" in ct for ct in content_types):
                raise UploadError(_MACROS)
            has_external = has_external or any("externallink" in ct for ct in content_types)
            if has_external and not allow_external_links:
                raise UploadError(
                    _(
                        "The workbook links to other workbooks (external links), so its values "
                        "may be out of date. Copy the data and use Paste Special → Values into a "
                        "new workbook, then upload that."
                    )
                )
        except UploadError:
            raise
        except _ZIP_ERRORS as exc:
            raise UploadError(UNREADABLE) from exc
        _verify_inflated_sizes(fh, infos)


#: What zipfile raises on damaged archives (found by the fuzz tests, among others).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    OSError,
    ValueError,
    EOFError,
    KeyError,
    NotImplementedError,
    RuntimeError,
)


_ZIP_BOMB = _(
    "The workbook is compressed far more than a real spreadsheet (a possible zip bomb); it "
    "is refused as unsafe."
)
_MACROS = _(
    "Macro-enabled workbooks are not accepted. Save the file as a plain .xlsx workbook "
    "(without macros) and upload it again."
)


def _content_types(archive: zipfile.ZipFile) -> list[str]:
    """The lower-cased content types declared in [Content_Types].xml, parsed safely."""
    info = archive.getinfo("[Content_Types].xml")
    if info.file_size > MAX_CONTENT_TYPES_BYTES:
        raise UploadError(UNREADABLE)
    with archive.open(info) as part:
        data = part.read(MAX_CONTENT_TYPES_BYTES + 1)
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except (DefusedXmlException, ParseError, ValueError) as exc:
        raise UploadError(UNREADABLE) from exc
    return [
        element.get("ContentType", "").lower()
        for element in root.iter()
        if element.get("ContentType") is not None
    ]


_LOCAL_HEADER = struct.Struct("<4s5H3I2H")


def _verify_inflated_sizes(fh: IO[bytes], infos: list[zipfile.ZipInfo]) -> None:
    """Inflate every entry as a stream (nothing kept) and refuse one larger than it says.

    The directory checks trust the declared sizes; a crafted entry can declare a small
    size and inflate to gigabytes in a reader that does not cap its output. The total work
    here is bounded by the declared total already checked (plus one chunk per entry).
    """
    for info in infos:
        try:
            fh.seek(info.header_offset)
            header = fh.read(_LOCAL_HEADER.size)
            if len(header) != _LOCAL_HEADER.size:
                raise UploadError(UNREADABLE)
            fields = _LOCAL_HEADER.unpack(header)
            if fields[0] != b"PK\x03\x04":
                raise UploadError(UNREADABLE)
            fh.seek(fields[9] + fields[10], os.SEEK_CUR)
            if info.compress_type == zipfile.ZIP_STORED:
                if info.compress_size != info.file_size:
                    raise UploadError(UNREADABLE)
                continue
            produced = _inflated_size(fh, info.compress_size, info.file_size)
        except _ZIP_ERRORS as exc:
            raise UploadError(UNREADABLE) from exc
        if produced != info.file_size:
            raise UploadError(UNREADABLE)


def _inflated_size(fh: IO[bytes], compressed: int, declared: int) -> int:
    """Inflate `compressed` raw-deflate bytes; stop as soon as the output passes `declared`."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    produced = 0
    remaining = compressed
    while remaining > 0 and not inflater.eof:
        chunk = fh.read(min(_CHUNK, remaining))
        if not chunk:
            raise UploadError(UNREADABLE)
        remaining -= len(chunk)
        pending = chunk
        while True:
            out = inflater.decompress(pending, _CHUNK)
            produced += len(out)
            if produced > declared:
                raise UploadError(_ZIP_BOMB)
            pending = inflater.unconsumed_tail
            if inflater.eof or (not pending and len(out) < _CHUNK):
                break
    return produced


def _text_encoding(fh: IO[bytes]) -> str | None:
    """The encoding a text file decodes with, or None when it is not text.

    UTF-16 needs its BOM (Excel's "Unicode Text"); otherwise UTF-8 (BOM optional) is tried
    first and GB18030 (a superset of GBK, what Chinese Excel writes) second. Text with NUL
    bytes is binary. The whole file is decoded as a stream, a chunk at a time.
    """
    fh.seek(0)
    bom = fh.read(2)
    candidates = ["utf-16"] if bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else []
    candidates += ["utf-8-sig", "gb18030"]
    for encoding in candidates:
        fh.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while chunk := fh.read(_CHUNK):
                if encoding != "utf-16" and b"\0" in chunk:
                    return None
                text = decoder.decode(chunk)
                if "\0" in text:
                    return None
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        finally:
            fh.seek(0)
        return encoding
    return None


# --------------------------------------------------------------------------- cells

_WIDTH_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {
    0x3000: " ",
    0x00A0: " ",
    0x200B: None,
    0xFEFF: None,
}

_NEEDS_FOLD = re.compile("[\uff01-\uff5e\u3000\u00a0\u200b\ufeff]")


_EXACT_FLOAT_INTEGERS = 2.0**53


def _number_text(value: float) -> str:
    if -_EXACT_FLOAT_INTEGERS < value < _EXACT_FLOAT_INTEGERS and value.is_integer():
        return str(int(value))
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    text = f"{value:.15g}"
    if "e" in text:
        text = format(Decimal(text), "f")
    return text


def normalize_cell(value: Any) -> str:
    """Turn any cell value into clean text.

    Full-width ASCII (U+FF01-U+FF5E: digits, Latin letters, punctuation such as
    "（", "，") becomes ASCII, U+3000 and no-break spaces become spaces, zero-width spaces
    and stray BOMs are removed, and the result is stripped. Integral floats (calamine
    returns every number as a float) lose their ".0": 130821100201.0 -> "130821100201",
    3.0 -> "3"; 3.5 stays "3.5"; other floats keep 15 significant digits, like Excel.
    Integers too large for a float to hold exactly (an 18-digit ID typed as a number) are
    shown with 15 significant digits, as Excel shows them: 1.30821199001011E+17 ->
    "130821199001011000"; the ID validator then refuses them.
    Dates become "2017-04-20" (with " 08:30:00" when there is a time of day).
    """
    kind = type(value)
    if kind is str:  # the common cases first: this runs once per cell
        if value.isascii() or _NEEDS_FOLD.search(value) is None:
            return value.strip()
        return value.translate(_WIDTH_FOLD).strip()
    if kind is float:
        return _number_text(value)
    if value is None:
        return ""
    if isinstance(value, str):
        return value.translate(_WIDTH_FOLD).strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return _number_text(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = timezone.localtime(value)
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    return str(value).translate(_WIDTH_FOLD).strip()


_REQUIRED_MARK = re.compile(
    r"[(\[【]\s*(必填|必填项|必须填写|选填|可选|非必填|required|optional)\s*[)\]】]"
)
_BRACKETS = re.compile(r"[()\[\]【】<>《》]")
_SPACES = re.compile(r"\s+")


def header_key(value: Any) -> str:
    """The comparable form of a header cell.

    Spaces (including full-width and newlines inside wrapped headers), asterisks and a
    trailing colon are removed, "(必填)"-style markers are dropped wherever they stand, and
    then every bracket (full-width ones are folded to ASCII first), so that "面积（亩）",
    "面积(亩)" and "面积[亩]" are one header; Latin letters are case-folded:
    " *身份证号\\n（必填）" -> "身份证号".
    """
    text = _SPACES.sub("", normalize_cell(value)).replace("*", "").replace("※", "").casefold()
    text = _REQUIRED_MARK.sub("", text)
    return _BRACKETS.sub("", text).rstrip(":")


def header_text(value: Any) -> str:
    """A header cell as it is shown back to the user (spaces tidied, "*" marks removed)."""
    return _SPACES.sub(" ", normalize_cell(value)).replace("*", "").strip()


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MAX_SERIAL = 2_958_465  # 9999-12-31
_TIME_SUFFIX = re.compile(r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$")
_DATE_PATTERNS = (
    re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})"),
    re.compile(r"(\d{4})(年)(\d{1,2})月(\d{1,2})[日号]?"),
    re.compile(r"(\d{4})()(\d{2})(\d{2})"),
)
_SERIAL = re.compile(r"\d{1,5}(?:\.\d+)?")


def _not_a_date(value: Any) -> ValueError:
    return ValueError(_msg(_("“%(value)s” is not a date; write it like 2017-04-20."), value=value))


def _from_serial(serial: float, original: Any) -> dt.date:
    """Excel's 1900 date system, with its phantom 1900-02-29 (serial 60) refused."""
    days = int(serial)
    if not 1 <= days <= _MAX_SERIAL or days == 60:
        raise _not_a_date(original)
    if days < 60:
        days += 1
    return _EXCEL_EPOCH + dt.timedelta(days=days)


def parse_date(value: Any) -> dt.date:
    """Parse a date the way county offices write them.

    Accepts `date`/`datetime` objects, Excel serial numbers of the 1900 date system (as
    numbers, or as text of up to 5 digits: "42845"), and text like "2017-04-20",
    "2017/4/20", "2017.4.20", "2017年4月20日" and "20170420" (also as the number
    20170420), optionally followed by a time of day, with full-width digits allowed.
    Raises ValueError (with a user-facing message) for anything else.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool) or value is None:
        raise _not_a_date(value)
    if isinstance(value, int | float | Decimal):
        number = float(value)
        if number.is_integer() and 19000101 <= number <= 99991231:
            return parse_date(str(int(number)))
        return _from_serial(number, value)
    if not isinstance(value, str):
        raise _not_a_date(value)
    text = _TIME_SUFFIX.sub("", _SPACES.sub(" ", normalize_cell(value)))
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            year, _sep, month, day = match.groups()
            try:
                return dt.date(int(year), int(month), int(day))
            except ValueError:
                raise _not_a_date(value) from None
    if _SERIAL.fullmatch(text):
        return _from_serial(float(text), value)
    raise _not_a_date(value)


# --------------------------------------------------------------------------- reading

RowSource = Callable[[], Iterator[tuple[int, Sequence[Any]]]]


@dataclass
class Table:
    """A table read from a spreadsheet: its recognised columns and its data rows.

    `headers` are the canonical names of the recognised columns, in the file's order
    (optional columns that are absent are not listed). `ignored` are the header cells, as
    written, that name no column: the caller reports them, so none is dropped silently.
    `header_row` is the 1-based row number of the header in the spreadsheet (the record
    number in a CSV). Iterating gives ``(row_number, {canonical header: text})`` for each
    data row, with empty rows skipped and row numbers as the user sees them. A table can
    be iterated more than once, one pass at a time; each pass streams the rows again.
    A workbook's table holds an unlinked temporary file with its cells: use it as a
    context manager or call `close()` (garbage collection also releases it).
    """

    headers: list[str]
    header_row: int
    sheet_name: str | None
    _columns: list[tuple[int, str]] = field(repr=False)
    _rows: RowSource = field(repr=False)
    _fills: dict[int, list[tuple[int, int]]] = field(default_factory=dict, repr=False)
    _resource: IO[bytes] | None = field(default=None, repr=False)
    ignored: list[str] = field(default_factory=list)

    def close(self) -> None:
        """Release the temporary file holding a workbook's cells (also done on collection)."""
        if self._resource is not None:
            self._resource.close()

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        if self._resource is not None and self._resource.closed:
            raise ValueError("the table is closed")
        return self._iter_rows()

    def _iter_rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        columns = self._columns
        fills = self._fills
        active: dict[int, tuple[int, Any]] = {}  # column -> (last row number, value)
        try:
            for number, cells in self._rows():
                if number <= self.header_row:
                    continue
                width = len(cells)
                if fills:
                    for column, last in fills.get(number, ()):
                        active[column] = (last, cells[column] if column < width else "")
                record: dict[str, str] = {}
                empty = True
                for column, name in columns:
                    raw = cells[column] if column < width else ""
                    text = normalize_cell(raw)
                    if text:
                        empty = False
                    elif column in active:
                        last, value = active[column]
                        if number <= last:
                            text = normalize_cell(value)
                    record[name] = text
                if not empty:  # a row holding only merged values filled down is empty
                    yield number, record
        except (csv.Error, UnicodeDecodeError, OSError, EOFError, ValueError) as exc:
            raise UploadError(UNREADABLE) from exc

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """The data rows; the same as iterating the table."""
        return iter(self)


@dataclass
class _Candidate:
    """What the header search found in one sheet."""

    sheet_name: str | None
    header_index: int | None = None  # 0-based row index of the header
    columns: list[tuple[int, str]] = field(default_factory=list)
    best_found: set[str] = field(default_factory=set)
    other_template: str | None = None
    duplicate: tuple[str, str, str] | None = None  # (column, first header, second header)
    ignored: list[str] = field(default_factory=list)  # header cells that name no column


def _search_header(
    scanned: list[Sequence[Any]],
    merged: list[tuple[tuple[int, int], tuple[int, int]]],
    wanted: Mapping[str, str],
    required: list[str],
    other_templates: Mapping[str, list[str]],
    sheet_name: str | None,
) -> _Candidate:
    """Find the first scanned row whose cells contain every required header.

    A header cell covered by a vertical merge from above takes the merge's value, so that
    two-row headers ("序号" merged over two rows beside sub-headers) are understood.
    """
    candidate = _Candidate(sheet_name=sheet_name)
    above: dict[tuple[int, int], tuple[int, int]] = {}
    for (top, left), (bottom, _right) in merged:
        if top < len(scanned):
            for row in range(top + 1, min(bottom, len(scanned) - 1) + 1):
                above[(row, left)] = (top, left)
    required_set = set(required)
    for index, cells in enumerate(scanned):
        keys: list[str] = []
        texts: list[str] = []
        for column, cell in enumerate(cells):
            key, text = header_key(cell), header_text(cell)
            if not key and (index, column) in above:
                top, left = above[(index, column)]
                source = scanned[top]
                cell = source[left] if left < len(source) else ""
                key, text = header_key(cell), header_text(cell)
            keys.append(key)
            texts.append(text)
        present = set(keys)
        columns: list[tuple[int, str]] = []
        seen: dict[str, str] = {}  # column -> the header text that named it
        duplicate = None
        ignored: list[str] = []
        for column, key in enumerate(keys):
            name = wanted.get(key)
            if name is None:
                if key:
                    ignored.append(texts[column])
                continue
            if name in seen:
                duplicate = duplicate or (name, seen[name], texts[column])
                continue
            seen[name] = texts[column]
            columns.append((column, name))
        found = set(seen) & required_set
        if found == required_set:
            candidate.header_index = index
            candidate.columns = columns
            candidate.duplicate = duplicate
            candidate.ignored = ignored
            return candidate
        if len(found) > len(candidate.best_found):
            candidate.best_found = found
        if candidate.other_template is None:
            for template, template_headers in other_templates.items():
                template_keys = {header_key(h) for h in template_headers}
                if template_keys and template_keys <= present:
                    candidate.other_template = template
                    break
    return candidate


def _missing_error(
    candidates: list[_Candidate], required: list[str], template_name: str | None
) -> UploadError:
    best = max(candidates, key=lambda c: len(c.best_found), default=None)
    found = best.best_found if best else set()
    missing = _quoted(name for name in required if name not in found)
    other = next((c.other_template for c in candidates if c.other_template), None)
    if other is not None and other != template_name:
        return UploadError(
            _msg(
                _(
                    "This file looks like the “%(template)s” template, not this one; import it "
                    "there instead. Missing columns: %(missing)s."
                ),
                template=other,
                missing=missing,
            )
        )
    return UploadError(
        _msg(
            _(
                "The file is missing the required columns: %(missing)s. Check that the header "
                "row is within the first rows of the sheet."
            ),
            missing=missing,
        )
    )


def read_table(
    source: Source,
    *,
    kind: Kind,
    required_headers: list[str],
    header_aliases: Mapping[str, str] | None = None,
    optional_headers: list[str] | None = None,
    max_scan_rows: int = 20,
    other_templates: Mapping[str, list[str]] | None = None,
    template_name: str | None = None,
    sheet: str | None = None,
) -> Table:
    """Read a checked upload (see `check_upload`) into a `Table`.

    The header row is the first row within `max_scan_rows` that holds every one of
    `required_headers` once compared with `header_key`; title and note rows above it are
    skipped. `optional_headers` are recognised when present; `header_aliases` maps other
    spellings to canonical names ({"证件号码": "身份证号"}). Columns that are neither are
    ignored. In a workbook the first visible worksheet holding the header is used, unless
    `sheet` names one.

    When the header is not found, the `UploadError` names the missing columns and, when
    a scanned row matches all headers of one of `other_templates` ({template name: its
    required headers}), says which template the file looks like (`template_name` is this
    import's own name, so that it is never suggested).
    """
    wanted: dict[str, str] = {}
    for name in [*required_headers, *(optional_headers or [])]:
        wanted[header_key(name)] = name
    for alias, name in (header_aliases or {}).items():
        wanted.setdefault(header_key(alias), name)
    others = dict(other_templates or {})
    if kind == "csv":
        return _read_csv(source, wanted, required_headers, others, template_name, max_scan_rows)
    if kind not in ("xlsx", "xls"):
        raise ValueError(f"unknown kind {kind!r}")
    with _binary(source) as fh:
        head = fh.read(8)
    if not head.startswith(OLE2_MAGIC if kind == "xls" else ZIP_MAGICS):
        raise UploadError(UNREADABLE)
    return _read_workbook(
        source, wanted, required_headers, others, template_name, max_scan_rows, sheet
    )


#: Address-space limit of the process that parses a workbook. python-calamine builds a
#: dense grid from the top-left to the bottom-right used cell, so a 5 kB file with values
#: in A1 and XFD1048576 asks for ~700 GB and the allocation failure aborts the process;
#: a damaged .xls can do the same. Parsing therefore runs in a child process with this
#: limit, and such a file costs a refused upload instead of a dead worker.
READ_MEMORY_LIMIT = 2048 * MB
#: CPU seconds (and, doubled, wall-clock seconds) allowed for parsing one workbook.
READ_TIME_LIMIT = 300
_BATCH = 1000

# The child program: it imports python-calamine only (no Django), limits itself, parses
# the workbook from stdin and writes marshal records to stdout (a temporary file):
# ("sheet", name, first_column, merged_ranges), ("rows", [row, ...])..., ("end",) per
# sheet, where dates, times and durations are sent as tagged tuples ("rowsx" batches);
# each record is framed by its length (4 bytes, little-endian).
_CHILD = r"""
import marshal, resource, sys
memory, cpu = int(sys.argv[1]), int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
import datetime as dt, io, python_calamine as pc

def tagged(v):
    t = type(v)
    if t is str or t is float or t is bool or t is int:
        return v
    if t is dt.datetime:
        return ("T", v.isoformat())
    if t is dt.date:
        return ("D", v.isoformat())
    if t is dt.time:
        return ("t", v.isoformat())
    if t is dt.timedelta:
        return ("S", v.total_seconds())
    return str(v)

def flush(batch, out):
    try:
        data = marshal.dumps(("rows", batch))
    except ValueError:
        data = marshal.dumps(("rowsx", [[tagged(v) for v in row] for row in batch]))
    write(data, out)

def write(data, out):
    out.write(len(data).to_bytes(4, "little"))
    out.write(data)

out = sys.stdout.buffer
try:
    book = pc.CalamineWorkbook.from_filelike(io.BytesIO(sys.stdin.buffer.read()))
    if len(sys.argv) > 3:
        names = [sys.argv[3]]
        if names[0] not in book.sheet_names:
            sys.exit(5)
    else:
        names = [m.name for m in book.sheets_metadata
                 if m.typ == pc.SheetTypeEnum.WorkSheet
                 and m.visible == pc.SheetVisibleEnum.Visible]
    for name in names:
        sheet = book.get_sheet_by_name(name)
        start = sheet.start
        merged = [list(map(list, r)) for r in (sheet.merged_cell_ranges or [])]
        write(marshal.dumps(("sheet", name, start[1] if start else 0, merged)), out)
        if start is not None:
            batch = []
            for row in sheet.iter_rows():
                batch.append(row)
                if len(batch) >= %(batch)d:
                    flush(batch, out)
                    batch = []
            if batch:
                flush(batch, out)
        write(marshal.dumps(("end",)), out)
        del sheet
    out.flush()
except MemoryError:
    sys.exit(4)
""".replace("%(batch)d", str(_BATCH))

_TAGS: dict[str, Callable[[Any], Any]] = {
    "T": dt.datetime.fromisoformat,
    "D": dt.date.fromisoformat,
    "t": dt.time.fromisoformat,
    "S": lambda seconds: dt.timedelta(seconds=seconds),
}

TOO_LARGE = _(
    "The sheet is too large to read: it has more cells than the server reads at once, or a "
    "stray value far below or to the right of the data. Delete the rows and columns after "
    "the data (or copy the data to a new workbook) and upload it again."
)


def _untag(row: list[Any]) -> list[Any]:
    return [_TAGS[v[0]](v[1]) if type(v) is tuple else v for v in row]


def _parse_in_child(source: Source, sheet: str | None) -> IO[bytes]:
    """Run the child parser; return the (unlinked) temporary file holding its records."""
    command = [sys.executable, "-I", "-c", _CHILD, str(READ_MEMORY_LIMIT), str(READ_TIME_LIMIT)]
    if sheet is not None:
        command.append(sheet)
    output = tempfile.TemporaryFile()  # noqa: SIM115 - owned by the Table
    run = functools.partial(
        subprocess.run,
        command,
        stdout=output,
        stderr=subprocess.PIPE,
        timeout=READ_TIME_LIMIT * 2,
        check=False,
    )
    try:
        if isinstance(source, str | os.PathLike):
            with open(source, "rb") as fh:  # a fresh descriptor at offset 0 for the child
                result = run(stdin=fh)
        else:  # a file object's buffered position and its descriptor's offset may differ
            with _binary(source) as fh:
                data = fh.read()
            result = run(input=data)
    except subprocess.TimeoutExpired as exc:
        output.close()
        raise UploadError(TOO_LARGE) from exc
    except BaseException:
        output.close()
        raise
    if result.returncode != 0:
        output.close()
        if result.returncode == 5:
            raise UploadError(_msg(_("The workbook has no sheet named “%(name)s”."), name=sheet))
        died = result.returncode in (4, -signal.SIGABRT, -signal.SIGKILL, -signal.SIGXCPU)
        if died or b"memory allocation" in result.stderr:
            raise UploadError(TOO_LARGE)
        raise UploadError(UNREADABLE)
    output.seek(0)
    return output


def _load(dump: IO[bytes]) -> Any:
    """One record from the child's output: a temporary file only we and our child wrote."""
    size = dump.read(4)
    if not size:
        raise EOFError
    data = dump.read(int.from_bytes(size, "little"))
    return marshal.loads(data)  # noqa: S302 - trusted: written by _CHILD, never by a user


def _replay(dump: IO[bytes], offset: int) -> Iterator[tuple[int, Sequence[Any]]]:
    """The rows of the sheet whose batches start at `offset`, numbered from 1."""
    dump.seek(offset)
    number = 0
    while True:
        record = _load(dump)
        if record[0] == "end":
            return
        untag = record[0] == "rowsx"
        for cells in record[1]:
            number += 1
            yield number, _untag(cells) if untag else cells


def _read_workbook(
    source: Source,
    wanted: Mapping[str, str],
    required: list[str],
    others: Mapping[str, list[str]],
    template_name: str | None,
    max_scan_rows: int,
    sheet_name: str | None,
) -> Table:
    dump = _parse_in_child(source, sheet_name)
    try:
        return _find_in_dump(dump, wanted, required, others, template_name, max_scan_rows)
    except BaseException:
        dump.close()
        raise


def _find_in_dump(
    dump: IO[bytes],
    wanted: Mapping[str, str],
    required: list[str],
    others: Mapping[str, list[str]],
    template_name: str | None,
    max_scan_rows: int,
) -> Table:
    candidates: list[_Candidate] = []
    try:
        while True:
            try:
                header = _load(dump)
            except EOFError:
                break
            _tag, name, first_column, ranges = header
            offset = dump.tell()
            scanned: list[Sequence[Any]] = []
            ended = False
            while len(scanned) < max_scan_rows:
                record = _load(dump)
                if record[0] == "end":
                    ended = True
                    break
                untag = record[0] == "rowsx"
                scanned.extend(_untag(cells) if untag else cells for cells in record[1])
            del scanned[max_scan_rows:]
            merged = [
                ((top, left - first_column), (bottom, right - first_column))
                for (top, left), (bottom, right) in ranges
                if left >= first_column
            ]
            candidate = _search_header(scanned, merged, wanted, required, others, name)
            if candidate.header_index is None:
                candidates.append(candidate)
                while not ended:  # skip the rest of this sheet
                    ended = _load(dump)[0] == "end"
                continue
            if candidate.duplicate:
                raise _duplicate_error(candidate.duplicate)
            header_index = candidate.header_index
            mapped = {column for column, _name in candidate.columns}
            fills: dict[int, list[tuple[int, int]]] = {}
            for (top, left), (bottom, _right) in merged:
                if top > header_index and bottom > top and left in mapped:
                    fills.setdefault(top + 1, []).append((left, bottom + 1))
            return Table(
                headers=[column_name for _column, column_name in candidate.columns],
                header_row=header_index + 1,
                sheet_name=name,
                _columns=candidate.columns,
                _rows=lambda offset=offset: _replay(dump, offset),
                _fills=fills,
                _resource=dump,
                ignored=candidate.ignored,
            )
    except (EOFError, ValueError, TypeError, KeyError) as exc:
        raise UploadError(UNREADABLE) from exc
    raise _missing_error(candidates, required, template_name)


def _duplicate_error(duplicate: tuple[str, str, str]) -> UploadError:
    name, first, second = duplicate
    if first == second:
        return UploadError(
            _msg(
                _("The column “%(name)s” appears more than once in the header row; keep only one."),
                name=name,
            )
        )
    return UploadError(
        _msg(
            _(
                "The headers “%(first)s” and “%(second)s” are both the column “%(name)s”; "
                "keep only one of them."
            ),
            name=name,
            first=first,
            second=second,
        )
    )


@contextmanager
def _text(source: Source, encoding: str) -> Iterator[IO[str]]:
    """A text stream over a path or a binary file object (left open for its owner)."""
    if isinstance(source, str | os.PathLike):
        with open(source, encoding=encoding, newline="") as fh:
            yield fh
        return
    source.seek(0)
    wrapper = io.TextIOWrapper(source, encoding=encoding, newline="")  # type: ignore[arg-type]
    try:
        yield wrapper
    finally:
        wrapper.detach()


def _read_csv(
    source: Source,
    wanted: Mapping[str, str],
    required: list[str],
    others: Mapping[str, list[str]],
    template_name: str | None,
    max_scan_rows: int,
) -> Table:
    with _binary(source) as fh:
        encoding = _text_encoding(fh)
    if encoding is None:
        raise UploadError(NOT_A_SPREADSHEET)

    def records(delimiter: str) -> Iterator[tuple[int, Sequence[Any]]]:
        with _text(source, encoding) as fh:
            yield from enumerate(csv.reader(fh, delimiter=delimiter), start=1)

    candidates = []
    for delimiter in (",", "\t", ";"):
        try:
            scanned = [cells for _number, cells in _take(records(delimiter), max_scan_rows)]
        except csv.Error as exc:
            raise UploadError(UNREADABLE) from exc
        candidate = _search_header(scanned, [], wanted, required, others, None)
        if candidate.header_index is None:
            candidates.append(candidate)
            continue
        if candidate.duplicate:
            raise _duplicate_error(candidate.duplicate)
        return Table(
            headers=[name for _column, name in candidate.columns],
            header_row=candidate.header_index + 1,
            sheet_name=None,
            _columns=candidate.columns,
            _rows=lambda delimiter=delimiter: records(delimiter),
            ignored=candidate.ignored,
        )
    raise _missing_error(candidates, required, template_name)


def _take[T](iterator: Iterator[T], count: int) -> list[T]:
    taken = []
    for item in iterator:
        taken.append(item)
        if len(taken) >= count:
            break
    if hasattr(iterator, "close"):
        iterator.close()
    return taken


# --------------------------------------------------------------------------- writing

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
            return _number_text(value)
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
    header, so that the file can be imported again after corrections.

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
    writer = _CellWriter(workbook)
    bad = dict(bad_cells or {})
    count = 0
    for index, values in enumerate(rows):
        row += 1
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
    for col, width in _widths(column_widths, measured).items():
        sheet.set_column(col, col, width)
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
    notes_sheet = workbook.add_worksheet(notes_sheet_name or str(_("Notes")))
    notes_sheet.set_column(0, 0, 100, workbook.add_format({"text_wrap": True}))
    for index, note in enumerate(notes):
        notes_sheet.write_string(index, 0, safe_cell(str(note)))
    workbook.close()
