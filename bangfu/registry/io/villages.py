"""The village profiles import (村情档案): reading a row, the rules between fields, writes, export."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from django.utils.translation import gettext as _

from bangfu.core.imports.spec import (
    ImportSpec,
    ParsedRow,
    RowError,
    WriteCounts,
    count_clears,
    duplicates,
    error,
    take,
    upsert,
)
from bangfu.core.parsing import parse_bool, parse_decimal, parse_int, parse_text, parse_year
from bangfu.core.text import normalize_text

from ..models import VillageProfile
from .columns import VILLAGE_FIELDS, V
from .scope import village_code, villages_in_scope


class VillageSpec(ImportSpec):
    kind = "villages"
    title = "村情档案"
    columns = list(V.values())

    def parse(self, row: int, cells: dict, ctx: dict):
        """The village and the fields of the columns present (absent ones stay as stored);
        the rules between fields are checked in `check`, against the stored profile."""
        from bangfu.core.excel.cells import parse_date

        errors: list[RowError] = []
        empty: set[str] = set()
        cell = lambda key: normalize_text(cells.get(V[key].header) or "")  # noqa: E731

        def given(key: str) -> bool:
            if V[key].header not in cells:
                return False
            if not cell(key):
                empty.add(key)
            return True

        data = {"village": village_code(row, cells, V["village"], V["village_name"], ctx, errors)}
        data["is_registered_poor"] = take(
            errors, row, V["is_registered_poor"], cell("is_registered_poor"), parse_bool
        )
        if given("registered_year"):
            data["registered_year"] = (
                take(errors, row, V["registered_year"], cell("registered_year"), parse_year)
                if cell("registered_year")
                else None
            )
        if given("exited_on"):
            data["exited_on"] = (
                take(errors, row, V["exited_on"], cell("exited_on"), parse_date)
                if cell("exited_on")
                else None
            )
        for key in (
            "households_total",
            "households_poor",
            "people_total",
            "people_poor",
            "labour_force",
        ):
            if given(key):
                data[key] = (
                    take(errors, row, V[key], cell(key), parse_int, maximum=10**9)
                    if cell(key)
                    else 0
                )
        for key in ("arable_mu", "forest_mu", "grassland_mu"):
            if given(key):
                data[key] = (
                    take(errors, row, V[key], cell(key), parse_decimal, max_digits=10)
                    if cell(key)
                    else parse_decimal("0")
                )
        if given("distance_km"):
            data["distance_km"] = (
                take(
                    errors,
                    row,
                    V["distance_km"],
                    cell("distance_km"),
                    parse_decimal,
                    places=1,
                    max_digits=6,
                )
                if cell("distance_km")
                else None
            )
        for key, limit in (("main_industries", 200), ("resources", 2000), ("tags", 200)):
            if given(key):
                data[key] = take(errors, row, V[key], cell(key), parse_text, max_length=limit) or ""
        for key in ("has_workstation", "is_demonstration"):
            if given(key):
                data[key] = take(errors, row, V[key], cell(key), parse_bool)
        if errors:
            return None, errors
        return ParsedRow(row=row, data=data, empty=frozenset(empty)), []

    @staticmethod
    def _existing(rows, ctx) -> dict[int, VillageProfile]:
        villages = villages_in_scope(ctx)
        if "village_profiles" not in ctx:
            ids = [villages[r.data["village"]][0] for r in rows]
            ctx["village_profiles"] = {
                p.village_id: p for p in VillageProfile.objects.filter(village_id__in=ids)
            }
        return ctx["village_profiles"]

    def check(self, rows, ctx):
        errors = duplicates(
            rows, "village", V["village"], _("the same village is listed twice (row %(row)d)")
        )
        existing = self._existing(rows, ctx)
        villages = villages_in_scope(ctx)
        defaults = VillageProfile()
        for r in rows:
            stored = existing.get(villages[r.data["village"]][0], defaults)
            errors.extend(self._rules(r, stored))
        errors.extend(self._workstations(rows, villages))
        return errors

    @staticmethod
    def _workstations(rows, villages) -> list[RowError]:
        """“有村级科技服务工作站” may not contradict the institute's workstation records
        (bangfu.institute keeps the flag in step with them, docs/DECISIONS.md issue 18): a
        file may repeat what the records say, never change it."""
        from bangfu.places.models import ServicePoint

        given = [r for r in rows if r.data.get("has_workstation") is not None]
        if not given:
            return []
        present = set(
            ServicePoint.objects.filter(
                kind=ServicePoint.Kind.WORKSTATION,
                status__in=(ServicePoint.Status.OPEN, ServicePoint.Status.SUSPENDED),
                division_id__in=[villages[r.data["village"]][0] for r in given],
            ).values_list("division_id", flat=True)
        )
        errors = []
        for r in given:
            has = villages[r.data["village"]][0] in present
            if r.data["has_workstation"] != has:
                errors.append(
                    error(
                        r.row,
                        V["has_workstation"],
                        "是" if r.data["has_workstation"] else "否",
                        _(
                            "the institute's service network has a workstation in this "
                            "village: write 是 or leave the column out"
                        )
                        if has
                        else _(
                            "the institute's service network has no workstation in this "
                            "village (it records them): write 否 or leave the column out"
                        ),
                    )
                )
        return errors

    @staticmethod
    def _rules(r: ParsedRow, stored: VillageProfile) -> list[RowError]:
        """The rules between fields, on the row's values over the stored (or default) ones:
        a file without the total still may not put the poor above the stored total."""
        d = {k: r.data.get(k, getattr(stored, k)) for k in VILLAGE_FIELDS}
        errors = []

        def blame(*keys):
            """The column the file has of `keys` (the first, when it has both)."""
            return V[next((k for k in keys if k in r.data), keys[0])]

        if (d["households_poor"] or 0) > (d["households_total"] or 0):
            errors.append(
                error(
                    r.row,
                    blame("households_poor", "households_total"),
                    d["households_poor"],
                    _("poor households cannot outnumber all households"),
                )
            )
        if (d["people_poor"] or 0) > (d["people_total"] or 0):
            errors.append(
                error(
                    r.row,
                    blame("people_poor", "people_total"),
                    d["people_poor"],
                    _("poor people cannot outnumber all people"),
                )
            )
        if d["exited_on"] and not d["is_registered_poor"]:
            errors.append(
                error(
                    r.row,
                    blame("exited_on", "is_registered_poor"),
                    d["exited_on"],
                    _("only a registered poor village can exit"),
                )
            )
        if d["exited_on"] and d["registered_year"] and d["exited_on"].year < d["registered_year"]:
            errors.append(
                error(
                    r.row,
                    blame("exited_on", "registered_year"),
                    d["exited_on"],
                    _("a village exits after it was registered"),
                )
            )
        return errors

    def clears(self, rows, ctx) -> Counter:
        counter: Counter = Counter()
        existing = self._existing(rows, ctx)
        villages = villages_in_scope(ctx)
        for r in rows:
            stored = existing.get(villages[r.data["village"]][0])
            count_clears(counter, V, stored, r.data, r.empty)
        return counter

    def write(self, rows, ctx, progress) -> WriteCounts:
        counts = WriteCounts()
        villages = villages_in_scope(ctx)
        existing = self._existing(rows, ctx)
        items = []
        for r in rows:
            village_id, _n, county_id, _t = villages[r.data["village"]]
            values = {k: r.data[k] for k in VILLAGE_FIELDS if k in r.data}
            items.append((village_id, values, {"village_id": village_id, "county_id": county_id}))
        upsert(VillageProfile, items, existing, counts)
        return counts

    def export_rows(self, queryset, *, full_numbers: bool, viewer=None) -> Iterator[list]:
        for p in queryset.select_related("village").iterator(chunk_size=1000):
            yield [
                p.village.code,
                p.village.name,
                "是" if p.is_registered_poor else "否",
                p.registered_year or "",
                p.exited_on or "",
                p.households_total,
                p.households_poor,
                p.people_total,
                p.people_poor,
                p.labour_force,
                p.arable_mu,
                p.forest_mu,
                p.grassland_mu,
                p.main_industries,
                p.resources,
                p.tags,
                "" if p.distance_km is None else p.distance_km,
                "是" if p.has_workstation else "否",
                "是" if p.is_demonstration else "否",
            ]
