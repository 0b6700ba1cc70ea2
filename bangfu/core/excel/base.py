"""What the spreadsheet checks, readers and writers share: file kinds, sources, UploadError."""

from __future__ import annotations

import codecs
import math
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import IO, Any, Literal

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

Kind = Literal["xlsx", "xls", "csv"]
Source = str | os.PathLike[str] | IO[bytes]

MB = 1024 * 1024

OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")


def _interpolate(message: Any, params: Mapping[str, Any]) -> str:
    return str(message) % {key: str(value) for key, value in params.items()}


_lazy_interpolate = lazy(_interpolate, str)


def lazy_format(message: Any, **params: Any) -> Any:
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


def megabytes(size: int, *, up: bool = False) -> str:
    """Megabytes with one decimal at most (rounded up for a file's size, so that a file
    just over the limit never shows the limit's own number)."""
    tenths = math.ceil(size * 10 / MB) if up else round(size * 10 / MB)
    return f"{tenths / 10:.1f}".removesuffix(".0")


def quoted(names: Iterable[str]) -> str:
    return ", ".join(f"“{name}”" for name in names)


@contextmanager
def open_binary(source: Source) -> Iterator[IO[bytes]]:
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


CHUNK = 1024 * 1024  # bytes read at a time when streaming a file


def text_encoding(fh: IO[bytes]) -> str | None:
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
            while chunk := fh.read(CHUNK):
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
