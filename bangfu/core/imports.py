"""The import engine: validate every row, report every bad cell, write all or nothing.

Each registry describes its file with an `ImportSpec` (columns, how a row becomes a record,
cross-row checks, how records are written). `run_import` is the same for all of them:

1. the upload is checked before anything opens it (`excel.upload_checks.check_upload`);
2. every row is parsed and validated, and the file as a whole is checked (duplicates within
   the file, conflicts with the database), collecting every problem as (row, column, value,
   reason) in the user's language;
3. nothing is written unless the file is clean, or the user asked for the valid rows only;
4. nothing is written either when the file would clear stored values (an empty cell in a
   present column, on a record that has the value) until the user has seen how many of which
   column and confirmed exactly those numbers (`allow_clear`);
5. writing upserts by natural key in one transaction, so that importing the same file again
   changes nothing and a killed process leaves the database before or after, never between.

Columns: each is recognised by its header or one of its aliases after `excel.cells.header_key`
(spaces, brackets, "(必填)" marks ignored). A column that is absent from the file leaves its
field untouched (new records get the field's default); only an empty cell in a present column
may clear a value. A header that names no column is reported back, never dropped silently.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bangfu.core import auditing

from .excel.base import UploadError
from .excel.reading import read_table
from .excel.upload_checks import check_upload
from .excel.writing import write_xlsx
from .masking import scrub

Progress = Callable[[int, int], None]  # (rows done, rows total or 0)


_UNIT = re.compile(r"\s*[(（\[【][^()（）\[\]【】]*[)）\]】]$")


@dataclass(frozen=True)
class Column:
    """One column of a template: its Chinese header, the record key, and how to fill it.

    `aliases` are the other headers real rosters use for it; `noun` names its values in the
    cleared-values warning ("手机号": "清空 12 个已有手机号"), the header when empty."""

    header: str
    key: str
    required: bool = False
    example: Any = ""
    note: str = ""
    aliases: tuple[str, ...] = ()
    noun: str = ""

    def accepted(self) -> tuple[str, ...]:
        """The other headers this column is recognised by: its aliases and, for a header
        with a unit in brackets ("耕地面积(亩)"), the header without it."""
        names = list(self.aliases)
        bare = _UNIT.sub("", self.header)
        if bare and bare != self.header:
            names.append(bare)
        return tuple(dict.fromkeys(n for n in names if n != self.header))


@dataclass
class RowError:
    row: int
    column: str
    value: str
    reason: str

    def as_list(self) -> list:
        return [self.row, self.column, self.value, self.reason]


@dataclass
class ParsedRow:
    row: int
    data: dict[str, Any]
    group: str = ""  # rows of one household share a group key
    empty: frozenset[str] = frozenset()  # keys of present columns whose cell was empty


@dataclass
class WriteCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportResult:
    kind: str
    filename: str
    sha256: str
    rows: int = 0
    valid_rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    written: bool = False
    counts: WriteCounts = field(default_factory=WriteCounts)
    message: str = ""
    ignored: list[str] = field(default_factory=list)  # headers that name no column
    absent: list[str] = field(default_factory=list)  # optional columns not in the file
    clears: dict[str, int] = field(default_factory=dict)  # column header -> values cleared
    clear_words: dict[str, str] = field(default_factory=dict)  # header -> its noun
    needs_confirmation: bool = False

    @property
    def ok(self) -> bool:
        return self.written and not self.errors

    def notes(self) -> list[str]:
        """What the user should know besides the problems: columns ignored or absent, values
        cleared (or that would be)."""
        lines = []
        if self.ignored:
            lines.append(
                _("Ignored columns: %(names)s (not recognised).")
                % {"names": "、".join(self.ignored)}
            )
        if self.absent:
            lines.append(
                _("Not in the file, so left as stored: %(names)s.")
                % {"names": "、".join(self.absent)}
            )
        if self.clears:
            lines.append(clears_text(self.clears, self.clear_words, done=self.written))
        return lines


def clears_text(clears: dict[str, int], words: dict[str, str], *, done: bool) -> str:
    parts = "、".join(
        _("%(n)d stored %(what)s") % {"n": n, "what": words.get(header) or f"“{header}”"}
        for header, n in clears.items()
    )
    if done:
        return _("Cleared %(parts)s (empty cells in the file).") % {"parts": parts}
    return _("Empty cells in this file would clear %(parts)s.") % {"parts": parts}


class ImportSpec:
    """What one registry's file looks like and how its rows become records."""

    kind: str = ""
    title: str = ""
    columns: list[Column] = []

    def required_headers(self) -> list[str]:
        return [c.header for c in self.columns if c.required]

    def optional_headers(self) -> list[str]:
        return [c.header for c in self.columns if not c.required]

    def aliases(self) -> dict[str, str]:
        return {alias: c.header for c in self.columns for alias in c.accepted()}

    def template_notes(self) -> list[str]:
        """The notes sheet of the template: each column, required or not, what to write and
        the other headers it is recognised by; then the rules of absent and empty columns."""
        lines = []
        for c in self.columns:
            need = _("required") if c.required else _("optional")
            line = f"{c.header}：{need}"
            if c.note:
                line += f"；{c.note}"
            if c.accepted():
                line += "；" + _("also recognised as: %(names)s") % {
                    "names": "、".join(c.accepted())
                }
            lines.append(line)
        lines += [
            "",
            _(
                "Headers are matched ignoring spaces, brackets and marks such as (必填); a "
                "header that is not recognised is named in the result and its column ignored."
            ),
            _(
                "An optional column left out of the file leaves that field of existing records "
                "as it is. An empty cell in a column that is present clears the stored value; "
                "before anything is written you are told how many values would be cleared and "
                "asked to confirm."
            ),
        ]
        return lines

    def parse(
        self, row: int, cells: dict[str, str], ctx: dict
    ) -> tuple[ParsedRow | None, list[RowError]]:
        raise NotImplementedError

    def check(self, rows: list[ParsedRow], ctx: dict) -> list[RowError]:
        """Problems that only the whole file shows (duplicates, conflicts with the database).
        `ctx["bad_groups"]` holds the groups that already failed row checks: group checks
        skip them, so that one bad row is one problem, not a cascade."""
        return []

    def clears(self, rows: list[ParsedRow], ctx: dict) -> Counter:
        """How many stored values writing `rows` would clear, by column header: an empty
        cell (a key in `row.empty`) over a record whose stored value differs from it."""
        return Counter()

    def write(self, rows: list[ParsedRow], ctx: dict, progress: Progress | None) -> WriteCounts:
        raise NotImplementedError

    def export_rows(self, queryset, *, full_numbers: bool, viewer=None) -> Iterator[list]:
        """The export's rows. `viewer` is the user the file is for: contact numbers in it
        follow `accounts.contacts.phone_for` (None, as for the operator's command: masked unless
        `full_numbers`)."""
        raise NotImplementedError


def take(errors: list[RowError], row: int, col: Column, raw: str, parse, *args, **kwargs):
    """Parse one cell with `parse`, or record why not and return None."""
    try:
        return parse(raw, *args, **kwargs)
    except ValueError as exc:
        errors.append(error(row, col, raw, exc))
    except ValidationError as exc:
        errors.append(error(row, col, raw, "；".join(exc.messages)))
    return None


def duplicates(rows: list[ParsedRow], key: str, col: Column, reason) -> list[RowError]:
    """A row whose `key` an earlier row of the file already has; `reason` takes %(row)d, the
    first row that has it."""
    seen: dict[str, int] = {}
    errors = []
    for r in rows:
        value = r.data[key]
        if value in seen:
            errors.append(error(r.row, col, value, reason % {"row": seen[value]}))
        else:
            seen[value] = r.row
    return errors


def count_clears(
    counter: Counter, columns: dict[str, Column], stored, new: dict, empty: Iterable[str]
) -> None:
    """Add to `counter` each key of `empty` (a present column's empty cell) whose new value
    replaces a different stored one on `stored`, an existing record (None: a new record)."""
    if stored is None:
        return
    for key in empty:
        if key in new and getattr(stored, key) != new[key]:
            counter[columns[key].header] += 1


def present_keys(cells: dict, columns: dict[str, Column]) -> set[str]:
    """The keys of the columns the file has (the cells of a row hold exactly those)."""
    return {key for key, col in columns.items() if col.header in cells}


def upsert(model, items, existing: dict, counts: WriteCounts) -> None:
    """Write (key, values, new_kwargs) items: changed records saved one by one (each change
    audited with its fields), unchanged ones left alone, new ones bulk-created."""
    new = []
    for key, values, new_kwargs in items:
        obj = existing.get(key)
        if obj is None:
            new.append(model(**new_kwargs, **values))
            counts.created += 1
        elif all(getattr(obj, k) == v for k, v in values.items()):
            counts.unchanged += 1
        else:
            for k, v in values.items():
                setattr(obj, k, v)
            obj.save()
            counts.updated += 1
    model.objects.bulk_create(new, batch_size=500)


def error(row: int, column: Column | str, value: Any, reason: Any) -> RowError:
    """A problem of one cell. ID and mobile numbers in it are masked: error lists are shown,
    stored with the import job and written to the problem-rows workbook, and the row number
    is enough to find the cell in the user's own file."""
    header = column.header if isinstance(column, Column) else column
    text = "" if value is None else str(value)[:200]
    return RowError(row=row, column=header, value=scrub(text), reason=scrub(str(reason)))


def validation_reasons(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def run_import(
    spec: ImportSpec,
    path: Path,
    *,
    filename: str,
    user=None,
    valid_only: bool = False,
    other_specs: Iterable[ImportSpec] = (),
    progress: Progress | None = None,
    report_path: Path | None = None,
    allow_clear: bool | dict[str, int] = False,
) -> ImportResult:
    """Import one file all-or-nothing (or its valid rows only, when asked).

    With `report_path`, a file with problems also gets an error report there: the bad rows
    in the template's columns, each bad cell marked with its reason.

    A file that would clear stored values is not written (`result.needs_confirmation`, the
    counts in `result.clears`) unless `allow_clear` is True (the operator's `--allow-clear`)
    or exactly the counts the user was shown and confirmed: if the file or the stored records
    changed since, the new counts are shown again instead of being written.
    """
    path = Path(path)
    result = ImportResult(kind=spec.kind, filename=filename, sha256=file_sha256(path))
    try:
        kind = check_upload(path, filename=filename, max_bytes=settings.IMPORT_MAX_BYTES)
        table = read_table(
            path,
            kind=kind,
            required_headers=spec.required_headers(),
            optional_headers=spec.optional_headers(),
            header_aliases=spec.aliases(),
            other_templates={
                o.title: o.required_headers() for o in other_specs if o.kind != spec.kind
            },
            template_name=spec.title,
        )
    except UploadError as exc:
        result.message = str(exc)
        return result
    result.ignored = list(table.ignored)
    result.absent = [c.header for c in spec.columns if c.header not in table.headers]
    result.clear_words = {c.header: c.noun for c in spec.columns if c.noun}
    ctx: dict = {"user": user, "present": set(table.headers)}
    try:
        return _validate_and_write(
            spec, table, result, ctx, valid_only, progress, report_path, allow_clear
        )
    except UploadError as exc:
        result.message = str(exc)
        return result
    finally:
        table.close()


def _validate_and_write(
    spec, table, result, ctx, valid_only, progress, report_path, allow_clear
) -> ImportResult:
    parsed: list[ParsedRow] = []
    bad_rows: set[int] = set()
    ctx["bad_groups"] = bad_groups = set()
    for row_no, cells in table:
        result.rows += 1
        record, errors = spec.parse(row_no, cells, ctx)
        if errors:
            result.errors.extend(errors)
            bad_rows.add(row_no)
            if record is not None and record.group:
                bad_groups.add(record.group)  # the rest of its group is skipped with it
        elif record is not None:
            parsed.append(record)
        if progress and result.rows % 1000 == 0:
            progress(result.rows, 0)
    if result.rows == 0:
        result.message = _("The file has a header but no data rows.")
        return result
    cross = spec.check(parsed, ctx)
    result.errors.extend(cross)
    bad_rows |= {e.row for e in cross}
    bad_groups |= {p.group for p in parsed if p.row in bad_rows and p.group}
    good = [
        p for p in parsed if p.row not in bad_rows and (not p.group or p.group not in bad_groups)
    ]
    result.valid_rows = len(good)
    result.errors.sort(key=lambda e: (e.row, e.column))
    if result.errors and report_path is not None:
        write_error_report(report_path, spec, table, result)
    if result.errors and not valid_only:
        result.message = _(
            "%(n)d problem(s) found; nothing was imported. Correct the file and upload it again."
        ) % {"n": len(result.errors)}
        return result
    cleared = spec.clears(good, ctx)
    result.clears = {c.header: cleared[c.header] for c in spec.columns if cleared[c.header]}
    if result.clears and not (allow_clear is True or allow_clear == result.clears):
        result.needs_confirmation = True
        result.message = _(
            "Nothing has been written yet: %(clears)s Confirm to import and clear them, or "
            "correct the file."
        ) % {"clears": clears_text(result.clears, result.clear_words, done=False)}
        if result.errors:
            result.message += " " + _("%(n)d problem(s) will be skipped.") % {
                "n": len(result.errors)
            }
        return result
    with transaction.atomic():
        result.counts = spec.write(good, ctx, progress)
        result.written = True
        cleared = ",".join(f"{h}:{n}" for h, n in result.clears.items())
        auditing.record(
            event="import",
            object_type=f"registry.{spec.kind}",
            detail=(
                f"{result.filename} sha256={result.sha256[:16]} rows={result.rows} valid={result.valid_rows} "
                f"created={result.counts.created} updated={result.counts.updated} "
                f"unchanged={result.counts.unchanged} skipped_errors={len(result.errors)}"
                + (f" cleared={cleared}" if cleared else "")
            ),
        )
    c = result.counts
    result.message = _(
        "Imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged."
    ) % {
        "created": c.created,
        "updated": c.updated,
        "unchanged": c.unchanged,
    }
    if result.errors:
        result.message += " " + _("%(n)d problem(s) skipped.") % {"n": len(result.errors)}
    return result


def write_error_report(target, spec: ImportSpec, table, result: ImportResult) -> None:
    """The bad rows again, in the template's columns, each bad cell marked with its reason."""
    by_row: dict[int, list[RowError]] = {}
    for e in result.errors:
        by_row.setdefault(e.row, []).append(e)
    headers = [_("Row"), *(c.header for c in spec.columns), _("Problems")]
    col_of = {c.header: i + 1 for i, c in enumerate(spec.columns)}
    bad: dict[tuple[int, int], str] = {}
    rows: list[list] = []
    for row_no, cells in table:
        errs = by_row.get(row_no)
        if not errs:
            continue
        index = len(rows)
        rows.append(
            [
                row_no,
                *(cells.get(c.header, "") for c in spec.columns),
                "；".join(e.reason for e in errs),
            ]
        )
        for e in errs:
            col = col_of.get(e.column)
            if col is not None:
                bad[(index, col)] = "；".join(x.reason for x in errs if x.column == e.column)
    write_xlsx(
        target,
        title=_("Problems in %(file)s") % {"file": result.filename},
        headers=headers,
        rows=rows,
        bad_cells=bad,
    )
