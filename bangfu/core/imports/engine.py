"""Running one import (`run_import`): check, read, validate, confirm clears, write, report."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from bangfu.core import auditing
from bangfu.core.excel.base import UploadError
from bangfu.core.excel.reading import read_table
from bangfu.core.excel.upload_checks import check_upload
from bangfu.core.excel.writing import write_xlsx
from bangfu.core.text import forget_texts

from .collector import collector_paused
from .spec import ImportSpec, ParsedRow, Progress, RowError, WriteCounts


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
        with collector_paused():
            return _validate_and_write(
                spec, table, result, ctx, valid_only, progress, report_path, allow_clear
            )
    except UploadError as exc:
        result.message = str(exc)
        return result
    finally:
        table.close()
        forget_texts()


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
