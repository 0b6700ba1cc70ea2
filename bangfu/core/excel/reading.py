"""Reading a checked upload into a `Table` (`read_table`): CSV here, workbooks via `calamine`."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import IO, Any

from .base import (
    NOT_A_SPREADSHEET,
    OLE2_MAGIC,
    UNREADABLE,
    ZIP_MAGICS,
    Kind,
    Source,
    UploadError,
    open_binary,
    text_encoding,
)
from .calamine import read_workbook
from .cells import header_key
from .table import Table, duplicate_column_error, missing_columns_error, search_header


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
    with open_binary(source) as fh:
        head = fh.read(8)
    if not head.startswith(OLE2_MAGIC if kind == "xls" else ZIP_MAGICS):
        raise UploadError(UNREADABLE)
    return read_workbook(
        source, wanted, required_headers, others, template_name, max_scan_rows, sheet
    )


#: Address-space limit of the process that parses a workbook. python-calamine builds a
#: dense grid from the top-left to the bottom-right used cell, so a 5 kB file with values
#: in A1 and XFD1048576 asks for ~700 GB and the allocation failure aborts the process;


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
    with open_binary(source) as fh:
        encoding = text_encoding(fh)
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
        candidate = search_header(scanned, [], wanted, required, others, None)
        if candidate.header_index is None:
            candidates.append(candidate)
            continue
        if candidate.duplicate:
            raise duplicate_column_error(candidate.duplicate)
        return Table(
            headers=[name for _column, name in candidate.columns],
            header_row=candidate.header_index + 1,
            sheet_name=None,
            _columns=candidate.columns,
            _rows=lambda delimiter=delimiter: records(delimiter),
            ignored=candidate.ignored,
        )
    raise missing_columns_error(candidates, required, template_name)


def _take[T](iterator: Iterator[T], count: int) -> list[T]:
    taken = []
    for item in iterator:
        taken.append(item)
        if len(taken) >= count:
            break
    if hasattr(iterator, "close"):
        iterator.close()
    return taken
