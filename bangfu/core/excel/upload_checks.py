"""Checking an uploaded spreadsheet before anything parses it (`check_upload`).

Size, content sniffing, zip-bomb limits, macros, external links, safe XML (SECURITY.md
§15-17).
"""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from typing import IO
from xml.etree.ElementTree import ParseError

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from django.utils.translation import gettext_lazy as _

from .base import (
    CHUNK,
    MB,
    NOT_A_SPREADSHEET,
    OLE2_MAGIC,
    UNREADABLE,
    ZIP_MAGICS,
    Kind,
    Source,
    UploadError,
    lazy_format,
    megabytes,
    open_binary,
    text_encoding,
)

MAX_UNCOMPRESSED_BYTES = 200 * MB
MAX_ZIP_ENTRIES = 10_000
MAX_COMPRESSION_RATIO = 100
#: Entries smaller than this are not held to the compression-ratio limit: small, very
#: repetitive XML parts (styles, empty sheets) legitimately compress more than 100x.
RATIO_CHECK_MIN_BYTES = 1 * MB
#: [Content_Types].xml larger than this is not a real workbook's.
MAX_CONTENT_TYPES_BYTES = 1 * MB

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".et")


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
    with open_binary(source) as fh:
        size = _size(fh)
        if size == 0:
            raise UploadError(_("The file is empty."))
        if size > max_bytes:
            raise UploadError(
                lazy_format(
                    _("The file is %(size)s MB, larger than the %(limit)s MB limit."),
                    size=megabytes(size, up=True),
                    limit=megabytes(max_bytes),
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
        if text_encoding(fh) is None:
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
                    lazy_format(
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
                        lazy_format(
                            _(
                                "The workbook unpacks to more than %(limit)s MB; it is refused "
                                "as unsafe. Split it into smaller files."
                            ),
                            limit=megabytes(max_uncompressed),
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
        chunk = fh.read(min(CHUNK, remaining))
        if not chunk:
            raise UploadError(UNREADABLE)
        remaining -= len(chunk)
        pending = chunk
        while True:
            out = inflater.decompress(pending, CHUNK)
            produced += len(out)
            if produced > declared:
                raise UploadError(_ZIP_BOMB)
            pending = inflater.unconsumed_tail
            if inflater.eof or (not pending and len(out) < CHUNK):
                break
    return produced
