"""A table read from a spreadsheet (`Table`) and the search for its header row.

Shared by the CSV reader (`reading`) and the workbook reader (`calamine`).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext_lazy as _

from .base import UNREADABLE, UploadError, lazy_format, quoted
from .cells import header_key, header_text, normalize_cell

RowSource = Callable[[], Iterator[tuple[int, Sequence[Any]]]]


# Cell types whose normal text depends on the value alone and that never compare equal to
# a value of another type with another text (True == 1, but a bool is not remembered).
_REMEMBERED = frozenset({str, float})


class _Texts(dict):
    """{cell value: its normal text}, filled on first use (`normalize_cell`)."""

    def __missing__(self, raw: Any) -> str:
        text = self[raw] = normalize_cell(raw)
        return text


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
        # Cells repeat (a household's columns on each of its rows, vocabularies, years): each
        # distinct text or number is normalised once per pass; dropped with the pass.
        texts = _Texts()
        try:
            for number, cells in self._rows():
                if number <= self.header_row:
                    continue
                width = len(cells)
                if not fills:
                    record = {
                        name: (
                            texts[raw]
                            if type(raw := cells[column]) in _REMEMBERED
                            else normalize_cell(raw)
                        )
                        if column < width
                        else ""
                        for column, name in columns
                    }
                    if any(record.values()):
                        yield number, record
                    continue
                for column, last in fills.get(number, ()):
                    active[column] = (last, cells[column] if column < width else "")
                record = {}
                empty = True
                for column, name in columns:
                    raw = cells[column] if column < width else ""
                    text = texts[raw] if type(raw) in _REMEMBERED else normalize_cell(raw)
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
class HeaderCandidate:
    """What the header search found in one sheet."""

    sheet_name: str | None
    header_index: int | None = None  # 0-based row index of the header
    columns: list[tuple[int, str]] = field(default_factory=list)
    best_found: set[str] = field(default_factory=set)
    other_template: str | None = None
    duplicate: tuple[str, str, str] | None = None  # (column, first header, second header)
    ignored: list[str] = field(default_factory=list)  # header cells that name no column


def search_header(
    scanned: list[Sequence[Any]],
    merged: list[tuple[tuple[int, int], tuple[int, int]]],
    wanted: Mapping[str, str],
    required: list[str],
    other_templates: Mapping[str, list[str]],
    sheet_name: str | None,
) -> HeaderCandidate:
    """Find the first scanned row whose cells contain every required header.

    A header cell covered by a vertical merge from above takes the merge's value, so that
    two-row headers ("序号" merged over two rows beside sub-headers) are understood.
    """
    candidate = HeaderCandidate(sheet_name=sheet_name)
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


def missing_columns_error(
    candidates: list[HeaderCandidate], required: list[str], template_name: str | None
) -> UploadError:
    best = max(candidates, key=lambda c: len(c.best_found), default=None)
    found = best.best_found if best else set()
    missing = quoted(name for name in required if name not in found)
    other = next((c.other_template for c in candidates if c.other_template), None)
    if other is not None and other != template_name:
        return UploadError(
            lazy_format(
                _(
                    "This file looks like the “%(template)s” template, not this one; import it "
                    "there instead. Missing columns: %(missing)s."
                ),
                template=other,
                missing=missing,
            )
        )
    return UploadError(
        lazy_format(
            _(
                "The file is missing the required columns: %(missing)s. Check that the header "
                "row is within the first rows of the sheet."
            ),
            missing=missing,
        )
    )


def duplicate_column_error(duplicate: tuple[str, str, str]) -> UploadError:
    name, first, second = duplicate
    if first == second:
        return UploadError(
            lazy_format(
                _("The column “%(name)s” appears more than once in the header row; keep only one."),
                name=name,
            )
        )
    return UploadError(
        lazy_format(
            _(
                "The headers “%(first)s” and “%(second)s” are both the column “%(name)s”; "
                "keep only one of them."
            ),
            name=name,
            first=first,
            second=second,
        )
    )
