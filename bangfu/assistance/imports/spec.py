"""Import and export of assistance records (帮扶记录) in the county offices' spreadsheet layout.

One row per record, Chinese headers (see `A`). The rules are the registries' (core/imports.py):
a template, all rows or nothing (or the valid rows only, when asked), every bad cell reported
with its row, column, value and reason, and re-importing the same file changes nothing.

Every rule of the services is a row error here, never an exception: the checks are the
services' own (`services.rules`: the measures, the kind of a pathway, the pairing's helper,
village and start date, a beneficiary in the record's village, a locked half-year, a date in
the future, who may record), called per row and turned into (row, column, value, reason)
by `lookups` and `rows`.

Scope: the importing user's. A helper liaison imports its own helper's records only; a county
office the records of its county's villages; the operator (`bangfu import_data`, no user)
anything. Imported records are drafts, to be submitted and confirmed as usual.

Which record a row is (idempotence):

* with 记录编号 — that record, among those the user may see; an unknown number is an error
  (leave it empty to add a record);
* without — the record with the same date, helper, village, kind and description
  (帮扶内容, compared after tidying spaces), superseded records left aside. None: the row adds
  a record. Several: an error asking for the 记录编号.

A row equal to its record leaves it alone (unchanged), whatever the record's status, so
that an export imports back as it is. A row that differs updates the record if it is a
draft or was sent back; a submitted or confirmed record is never changed by an import: such
a row is an error (re-open it or record a correction). Two rows of one file for the same
record are an error.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from bangfu.core.imports.spec import ImportSpec, RowError, WriteCounts, count_clears, error

from ..models import Assistance
from ..services.records import set_beneficiaries
from .columns import KINDS, MEASURES, PATHWAYS, A, label_of
from .lookups import linked_households
from .rows import RowParser


class AssistanceSpec(RowParser, ImportSpec):
    kind = "assistance"
    title = "帮扶记录"
    columns = list(A.values())

    def check(self, rows, ctx) -> list[RowError]:
        """Two rows of the file for one record (by number or by the identifying fields)."""
        errors = []
        seen: dict[tuple, int] = {}
        for r in rows:
            d = r.data
            v = d["values"]
            if d["record"] is not None:
                key = ("record", d["record"].pk)
            else:
                key = ("new", v["on"], v["helper_id"], v["village_id"], v["kind"])
                key += (v["description"],)
            if key in seen:
                column = A["number"] if d["cells"]["number"] else A["description"]
                errors.append(
                    error(
                        r.row,
                        column,
                        d["cells"][column.key],
                        _("the same record as row %(row)d") % {"row": seen[key]},
                    )
                )
            else:
                seen[key] = r.row
        return errors

    def clears(self, rows, ctx) -> Counter:
        """Stored values that a changed record loses to an empty cell: a measure, the
        pairing, the loan rate, the list of beneficiaries."""
        counter: Counter = Counter()
        for r in rows:
            d = r.data
            record = d["record"]
            if record is None or not d["changed"]:
                continue
            values = d["values"]
            count_clears(counter, A, record, values, r.empty - {"pairing", "beneficiaries"})
            if "pairing" in r.empty and record.pairing_id is not None:
                counter[A["pairing"].header] += 1
            if "beneficiaries" in r.empty and linked_households(record):
                counter[A["beneficiaries"].header] += 1
        return counter

    def write(self, rows, ctx, progress) -> WriteCounts:
        counts = WriteCounts()
        user = ctx.get("user")
        creator = user if getattr(user, "pk", None) else None
        for i, r in enumerate(rows, 1):
            d = r.data
            record = d["record"]
            if record is not None and not d["changed"]:
                counts.unchanged += 1
                continue
            if record is None:
                record = Assistance(created_by=creator)
                counts.created += 1
            else:
                counts.updated += 1
            for k, v in d["values"].items():
                setattr(record, k, v)
            record.village = d["village"]
            record.save()
            if d["households"] is not None:
                set_beneficiaries(record, d["households"])
            if progress and i % 1000 == 0:
                progress(i, len(rows))
        return counts

    # ------------------------------------------------------------------------- export

    def export_rows(self, queryset, *, full_numbers: bool, viewer=None) -> Iterator[list]:
        """In the template's columns; zero measures left empty. Household numbers are
        opaque references, never personal data, so `full_numbers` changes nothing."""
        from bangfu.registry.models import Household

        qs = queryset.select_related("helper", "village", "pairing").prefetch_related(
            Prefetch("beneficiaries", queryset=Household.objects.only("id", "ref"))
        )
        for a in qs.iterator(chunk_size=1000):
            yield [
                a.number,
                a.on,
                a.helper.uscc,
                a.village.code,
                a.pairing.number if a.pairing_id else "",
                label_of(PATHWAYS, a.pathway),
                label_of(KINDS, a.kind),
                a.description,
                *(_cell(getattr(a, key)) for key in MEASURES),
                "、".join(sorted(h.ref for h in a.beneficiaries.all())),
            ]


def _cell(value):
    if value is None or value == 0:
        return ""
    return int(value) if isinstance(value, int) else Decimal(value)


def assistance_queryset(*, user, filters: dict | None = None):
    """The records an export covers, scoped like the pages (user None: the operator).

    filters: county, township, village (codes), helper (USCC), period, pathway, kind, status."""
    filters = filters or {}
    qs = Assistance.objects.all() if user is None else Assistance.objects.for_user(user)
    for key in ("county", "township", "village"):
        if filters.get(key):
            qs = qs.filter(**{f"{key}__code": filters[key]})
    if filters.get("helper"):
        qs = qs.filter(helper__uscc=filters["helper"])
    for key in ("period", "pathway", "kind", "status"):
        if filters.get(key):
            qs = qs.filter(**{key: filters[key]})
    return qs.order_by("on", "number")
