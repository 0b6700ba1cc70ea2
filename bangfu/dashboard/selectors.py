"""The dashboard page (数据看板): its overview, a county's township table and the charts' data.

The indicators of the user's scope for a period, by county or township, by pathway and by
half-year (`breakdown`); the industry projects' targets against what they reached
(`projects`); the map's values per county and the townships' table of a county. The filters
are in `filtering`.

Every figure comes from `bangfu.assistance.indicators` (`counted_records`, `figures`,
`figures_by`): the one definition of each indicator (统计口径), confirmed records only.
Coverage comes from `bangfu.pairing.selectors`, the industry projects' progress from
`bangfu.assistance.selectors` (no indicator covers it).

What a page shows is kept until the data changes (`page`, `county_page`: `core.caching`,
keyed by the audit trail's newest row), so a dashboard read again costs the rendering only.

Scope: a county officer sees its own county; a helper liaison its own helper's records (and
no coverage or project progress, which are about other helpers too); the programme-wide
roles the whole programme or one county they choose.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from bangfu.assistance.indicators import INDICATORS, figures
from bangfu.assistance.indicators_display import UNITS
from bangfu.assistance.models import Assistance
from bangfu.core import caching
from bangfu.core.periods import Period

from .breakdown import (
    PATHWAY_MONEY,
    SERIES,
    Card,
    Coverage,
    UnitRow,
    by_pathway,
    by_period,
    cards,
    coverage_by_county,
    coverage_by_township,
    coverage_of,
    scope_records,
    unit_of,
    unit_rows,
    unit_rows_and_total,
    units_in_scope,
)
from .filtering import Filters, dashboard_filters
from .projects import ProjectRow, project_progress
from .tech_help import TechHelp, tech_help

GEO_URL = "geo/chengde_counties.geo.json"
# The map's features carry names only, from before 2017: 平泉县 is today's 平泉市 (130881).
GEO_NAMES = {"130881": "平泉县"}

# What the township table and the unit chart show.
UNIT_CHART = ("persons_trained", "jobs")


@dataclass
class Overview:
    filters: Filters
    figures: dict
    coverage: Coverage | None
    units: list[UnitRow]
    pathways: list[tuple[str, str, dict]]
    series: list[tuple[Period, dict]]
    projects: list[ProjectRow]
    map_counties: list[UnitRow]

    @property
    def cards(self) -> list[Card]:
        return cards(self.figures)


def overview(*, user, filters: Filters, today: dt.date | None = None) -> Overview:
    """Everything the dashboard shows for `user` and `filters`."""
    records = scope_records(user=user, filters=filters)
    coverage_rows = _coverage_rows(user=user, filters=filters)  # read once for both uses
    by_county_coverage = coverage_by_county(user=user, filters=filters, rows=coverage_rows)
    map_filters = Filters(period=filters.period, helper=filters.helper)
    if filters.county is None:
        # the map's counties are the whole scope: their rows add up to the total
        map_counties, total = unit_rows_and_total(
            user=user, filters=map_filters, records=records, coverage=by_county_coverage
        )
        units = map_counties
    else:
        township_coverage = (
            {}
            if filters.helper is not None
            else coverage_by_township(user=user, county=filters.county)
        )
        # every record of the county lies in one of its townships: their rows add up
        units, total = unit_rows_and_total(
            user=user, filters=filters, records=records, coverage=township_coverage
        )
        counties = list(units_in_scope(user=user, filters=map_filters))
        if [c.pk for c in counties] == [filters.county.pk]:
            # the user's whole scope is this county (a county office): its map is its total
            map_counties = [UnitRow(counties[0], total, by_county_coverage.get(counties[0].pk))]
        else:
            map_counties = unit_rows(
                user=user,
                filters=map_filters,
                records=scope_records(user=user, filters=filters, whole_scope=True),
                coverage=by_county_coverage,
            )
    return Overview(
        filters=filters,
        figures=total,
        coverage=coverage_of(user=user, filters=filters, rows=coverage_rows),
        units=units,
        pathways=by_pathway(records),
        series=by_period(user=user, filters=filters, today=today),
        projects=project_progress(user=user, filters=filters),
        map_counties=map_counties,
    )


@dataclass
class Page:
    """What /dashboard/ shows: its filters, figures, charts' data and tech-help table."""

    filters: Filters
    ov: Overview
    data: dict
    tech: TechHelp | None


def page(*, user, period: str | None = None, county: str | None = None) -> Page:
    """The dashboard of `user` for the `period` and `county` asked for (the request's values;
    see `dashboard_filters`, whose ValueError and 404 pass through), kept until the data
    changes."""

    def compute() -> Page:
        filters = dashboard_filters(user=user, period=period, county=county)
        ov = overview(user=user, filters=filters)
        return Page(filters, ov, chart_data(ov), tech_help(user=user, filters=filters))

    parts = (caching.user_parts(user), period or "", county or "")
    return caching.while_unchanged("dashboard", parts, compute, model=Assistance)


def county_page(*, user, period: str | None, county: str) -> tuple[Filters, UnitRow, list]:
    """A county's total and townships (the map's drill-down), kept until the data changes."""

    def compute():
        filters = dashboard_filters(user=user, period=period, county=county)
        return (filters, *township_table(user=user, filters=filters))

    parts = (caching.user_parts(user), period or "", county)
    return caching.while_unchanged("dashboard-county", parts, compute, model=Assistance)


def _coverage_rows(*, user, filters: Filters):
    if filters.helper is not None:
        return None
    from bangfu.pairing.selectors import coverage as pairing

    return pairing.coverage_by_county(user=user)


def township_table(*, user, filters: Filters) -> tuple[UnitRow, list[UnitRow]]:
    """The chosen county's total and its townships' rows (the map's drill-down)."""
    records = scope_records(user=user, filters=filters)
    coverage = (
        {} if filters.helper is not None else coverage_by_township(user=user, county=filters.county)
    )
    total = UnitRow(filters.county, figures(records), coverage_of(user=user, filters=filters))
    return total, unit_rows(user=user, filters=filters, records=records, coverage=coverage)


def _num(value) -> float | int:
    return float(value) if isinstance(value, Decimal) else value


def _figures_json(values: dict) -> dict:
    return {code: _num(v) for code, v in values.items()}


def chart_data(ov: Overview) -> dict:
    """The JSON the page's charts and map are drawn from (dashboard.js), texts translated."""
    f = ov.filters
    names = {i.code: str(i.name) for i in INDICATORS}
    return {
        "indicators": [
            {"code": i.code, "name": str(i.name), "unit": unit_of(i), "money": i.money}
            for i in INDICATORS
        ],
        "pathways": {
            "names": [label for _code, label, _f in ov.pathways],
            "series": [
                {"code": c, "name": names[c], "values": [_num(v[c]) for _p, _l, v in ov.pathways]}
                for c in PATHWAY_MONEY
            ],
        },
        "units": {
            "names": [u.division.name for u in ov.units],
            "series": [
                {"code": c, "name": names[c], "values": [_num(u.figures[c]) for u in ov.units]}
                for c in UNIT_CHART
            ],
        },
        "series": {
            "periods": [p.code for p, _v in ov.series],
            "series": [
                {"code": c, "name": names[c], "values": [_num(v[c]) for _p, v in ov.series]}
                for c in SERIES
            ],
        },
        "projects": [
            {
                "code": row.project.code,
                "name": row.project.name,
                "measures": [
                    {
                        "label": m.label,
                        "unit": m.unit,
                        "target": _num(m.target),
                        "actual": _num(m.actual),
                        "counties": [{"name": n, "value": _num(v)} for n, v in m.by_county],
                    }
                    for m in row.measures
                    if m.target
                ],
            }
            for row in ov.projects
        ],
        "map": {
            "geo_url": static(GEO_URL),
            "selected": f.county.code if f.county is not None else None,
            "counties": [
                {
                    "code": u.division.code,
                    "name": u.division.name,
                    "geo_name": GEO_NAMES.get(u.division.code, u.division.name),
                    "url": reverse("dashboard:county", args=[u.division.code]),
                    "coverage": u.coverage.percent if u.coverage else None,
                    "figures": _figures_json(u.figures),
                }
                for u in ov.map_counties
            ],
        },
        "text": {
            "coverage": _("poor villages covered"),
            "yuan": str(UNITS["元"]),
            "persons": str(UNITS["人"]),
            "target": _("target"),
            "of_target": _("% of the target"),
            "no_data": _("no data in your scope"),
            "not_in_programme": _("not in the programme"),
        },
    }
