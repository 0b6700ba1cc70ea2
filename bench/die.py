"""The foil: django-import-export 4.4 importing the same households CSV.

Imported only after Django is set up (it defines a ModelResource on bangfu's models). It
lives here, not in the app: bangfu does not use django-import-export.

What it can do faithfully, and what it cannot:

* one Household per head ID number, with head_name, village (by its code through
  `ForeignKeyWidget`), id_number, size and year_registered; the model's own `save()`
  computes the county, the keyed hashes and the pinyin initials and writes the audit row,
  as every save in bangfu does;
* the ID number is stored encrypted, so the library cannot look a household up by it:
  `before_import` adds an `id_hash` column (the keyed hash of the normalised number) and
  `import_id_fields = ["id_hash"]`, which makes the import an upsert by natural key like
  bangfu's; rows of a household already imported in the same file are "skipped"
  (`skip_unchanged`);
* members, incomes, causes, phones and the template's cross-row checks (one head per
  household, size = members listed, a person in one household only) are not imported or
  checked: it does a fraction of bangfu's work per row.
"""

from __future__ import annotations

import time
from pathlib import Path

import tablib
from import_export import fields, resources, widgets

from bangfu.core import crypto
from bangfu.core.identifiers.resident_id import normalize_id_number
from bangfu.places.models import Division
from bangfu.registry.io.columns import H
from bangfu.registry.models import Household


class HouseholdResource(resources.ModelResource):
    id_hash = fields.Field(attribute="id_hash", column_name="id_hash")
    village = fields.Field(
        attribute="village",
        column_name=H["village"].header,
        widget=widgets.ForeignKeyWidget(Division, field="code"),
    )
    head_name = fields.Field(attribute="head_name", column_name=H["head_name"].header)
    id_number = fields.Field(attribute="id_number", column_name=H["id_number"].header)
    size = fields.Field(
        attribute="size", column_name=H["size"].header, widget=widgets.IntegerWidget()
    )
    year_registered = fields.Field(
        attribute="year_registered",
        column_name=H["year_registered"].header,
        widget=widgets.IntegerWidget(),
    )

    class Meta:
        model = Household
        fields = ("id_hash", "village", "head_name", "id_number", "size", "year_registered")
        import_id_fields = ("id_hash",)
        skip_unchanged = True  # the 2nd..nth rows of a household change nothing
        report_skipped = False
        skip_html_diff = True  # an admin-preview feature; not wanted in a batch import

    def before_import(self, dataset, **kwargs):
        column = dataset.headers.index(H["id_number"].header)
        hashes = [crypto.keyed_hash(normalize_id_number(row[column])) for row in dataset]
        dataset.append_col(hashes, header="id_hash")


def load_dataset(path: Path, limit: int | None = None) -> tablib.Dataset:
    """The CSV as a tablib Dataset (its first `limit` data rows only, when given)."""
    text = path.read_text(encoding="utf-8-sig")
    if limit is not None:
        lines = text.splitlines(keepends=True)
        text = "".join(lines[: limit + 1])
    return tablib.Dataset().load(text, format="csv")


def run(path: Path, limit: int | None = None) -> tuple[float, int, dict]:
    """Import the file (or its first `limit` rows): (seconds, rows, totals by outcome)."""
    started = time.perf_counter()
    dataset = load_dataset(path, limit)
    result = HouseholdResource().import_data(dataset, dry_run=False, use_transactions=True)
    seconds = time.perf_counter() - started
    if result.has_errors() or result.has_validation_errors():
        first = result.row_errors()[:1] or result.invalid_rows[:1]
        raise RuntimeError(f"django-import-export reported errors: {first!r}")
    return seconds, len(dataset), dict(result.totals)
