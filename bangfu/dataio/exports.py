"""Exports of the registries, in their templates' columns so that an export imports back."""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone

from bangfu.accounts import audit
from bangfu.core.excel.writing import stream_csv, write_xlsx

from .kinds import queryset_for, specs


def export_to_file(
    kind: str, path: Path, *, user=None, filters: dict | None = None, full_numbers: bool = False
) -> int:
    """Write `kind` to .xlsx or .csv (by suffix); returns the rows written. Audited."""
    spec = specs()[kind]
    qs = queryset_for(kind, user=user, filters=filters)
    headers = [c.header for c in spec.columns]
    rows = spec.export_rows(qs, full_numbers=full_numbers)
    path = Path(path)
    if path.suffix.lower() == ".csv":
        count = 0
        with open(path, "w", encoding="utf-8", newline="") as fh:
            for i, line in enumerate(stream_csv(headers, rows)):
                fh.write(line)
                count = i
    else:
        title = f"{spec.title}（导出于 {timezone.localtime():%Y-%m-%d %H:%M}）"
        count = write_xlsx(path, title=title, headers=headers, rows=rows)
    audit.record(
        event="export",
        object_type=f"registry.{kind}",
        detail=f"{path.name}: {count} rows, full numbers: {'yes' if full_numbers else 'no'}, filters {filters or {}}",
    )
    return count
