"""The dashboard's figures broken down: cards and columns, coverage, per unit, pathway, period."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from bangfu.assistance.indicators import (
    INDICATORS,
    Indicator,
    counted_records,
    figures_and_total,
    figures_by,
)
from bangfu.assistance.indicators_display import display, unit_of
from bangfu.core.periods import Period, period_of, periods_between
from bangfu.pairing.models import Pathway
from bangfu.places.models import Division, Level

from .filtering import Filters, first_period

# Indicators in yuan stacked by pathway (charity is money and goods of one pathway: left out).
PATHWAY_MONEY = ("money", "goods", "industry_investment", "purchases", "loans", "wages")
# What the half-year chart shows.
SERIES = ("money", "persons_trained")
SUMMARY = ("money", "persons_trained", "jobs")  # the county list beside the map


def zeros() -> dict:
    """The figures of a unit without confirmed records."""
    return {i.code: (Decimal("0.00") if i.money else 0) for i in INDICATORS}


def scope_records(
    *,
    user,
    filters: Filters,
    period: Period | None = None,
    whole_scope: bool = False,
    everything: bool = False,
):
    """The counted (confirmed) records of the filters' scope and period (or `period`, or
    every period when `everything`). `whole_scope`: the user's whole scope, whatever county
    was chosen (the map)."""
    if everything:
        dates = {}
    elif period is not None:
        dates = {"start": period.start, "end": period.end}
    else:
        dates = filters.dates
    scope = {} if whole_scope else filters.scope
    return counted_records(user=user, **dates, **scope)


@dataclass
class Card:
    indicator: Indicator
    value: Decimal | int

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def name(self) -> str:
        return str(self.indicator.name)

    @property
    def unit(self) -> str:
        return unit_of(self.indicator)

    @property
    def display(self) -> str:
        return display(self.value, money=self.indicator.money)


def columns(codes=None) -> list[dict]:
    """The indicators (or those of `codes`) as table columns: code, name and unit in the
    user's language."""
    return [
        {"code": i.code, "name": str(i.name), "unit": unit_of(i)}
        for i in INDICATORS
        if codes is None or i.code in codes
    ]


def cards(values: dict) -> list[Card]:
    return [Card(i, values[i.code]) for i in INDICATORS]


@dataclass
class Coverage:
    """Coverage (覆盖) of a scope: poor villages with at least one active pairing."""

    poor: int
    covered: int

    @property
    def percent(self) -> float:
        return round(self.covered * 100 / self.poor, 1) if self.poor else 0.0


def coverage_of(*, user, filters: Filters, rows=None) -> Coverage | None:
    """The scope's coverage (None for a helper liaison: it counts other helpers' pairings).
    `rows`: `pairing.coverage_by_county(user=user)` when the caller has it already."""
    if filters.helper is not None:
        return None
    from bangfu.pairing.selectors import coverage as pairing

    rows = pairing.coverage_by_county(user=user) if rows is None else rows
    if filters.county is not None:
        rows = [r for r in rows if r.county.pk == filters.county.pk]
    total = pairing.coverage_totals(rows)
    return Coverage(total.poor, total.covered)


def coverage_by_county(*, user, filters: Filters, rows=None) -> dict[int, Coverage]:
    if filters.helper is not None:
        return {}
    from bangfu.pairing.selectors import coverage as pairing

    rows = pairing.coverage_by_county(user=user) if rows is None else rows
    return {r.county.pk: Coverage(r.poor, r.covered) for r in rows}


def coverage_by_township(*, user, county: Division) -> dict[int, Coverage]:
    """Per township of `county`: its poor villages and how many are covered (the pairing
    part's definition: poor villages less those without an active pairing)."""
    from bangfu.pairing.selectors import coverage as pairing

    poor = dict(
        pairing.poor_village_profiles(user=user)
        .filter(county=county)
        .values("village__parent_id")
        .annotate(n=Count("id"))
        .values_list("village__parent_id", "n")
    )
    uncovered: dict[int, int] = defaultdict(int)
    for township_id in pairing.uncovered_villages(user=user, county=county.code).values_list(
        "village__parent_id", flat=True
    ):
        uncovered[township_id] += 1
    return {t: Coverage(n, n - uncovered.get(t, 0)) for t, n in poor.items()}


@dataclass
class UnitRow:
    """A county or township with its figures (and coverage where the user may see it)."""

    division: Division
    figures: dict
    coverage: Coverage | None = None

    def cells(self) -> list[tuple[str, str]]:
        return [(i.code, display(self.figures[i.code], money=i.money)) for i in INDICATORS]

    def summary(self) -> list[tuple[str, str]]:
        return [(code, value) for code, value in self.cells() if code in SUMMARY]


def units_in_scope(*, user, filters: Filters):
    """The counties of the user's scope, or the townships of the chosen county."""
    qs = Division.objects.for_user(user)
    if filters.county is not None:
        return qs.filter(level=Level.TOWNSHIP, parent=filters.county).order_by("code")
    return qs.filter(level=Level.COUNTY).order_by("code")


def unit_rows(*, user, filters: Filters, records=None, coverage: dict | None = None):
    """Figures per county (or per township of the chosen county), every unit listed."""
    records = records if records is not None else scope_records(user=user, filters=filters)
    by_unit = figures_by(records, filters.unit_level)
    coverage = coverage or {}
    return [
        UnitRow(d, by_unit.get(d.pk) or zeros(), coverage.get(d.pk))
        for d in units_in_scope(user=user, filters=filters)
    ]


def _zeros_of(codes) -> dict:
    figures = zeros()
    return figures if codes is None else {code: figures[code] for code in codes}


def unit_rows_and_total(*, user, filters: Filters, records, coverage: dict | None = None):
    """`unit_rows` and the figures of all of `records` in one statement
    (`indicators.figures_and_total`)."""
    by_unit, total = figures_and_total(records, filters.unit_level)
    coverage = coverage or {}
    rows = [
        UnitRow(d, by_unit.get(d.pk) or zeros(), coverage.get(d.pk))
        for d in units_in_scope(user=user, filters=filters)
    ]
    return rows, total


def by_pathway(records, *, codes=PATHWAY_MONEY) -> list[tuple[str, str, dict]]:
    """(pathway, its label, its figures) for the six pathways: one grouped pass. `codes`:
    the indicators wanted (default: the money the chart stacks; None: every indicator)."""
    grouped = figures_by(records, "pathway", codes=codes)
    return [(p.value, str(p.label), grouped.get(p.value, _zeros_of(codes))) for p in Pathway]


def by_period(
    *, user, filters: Filters, today: dt.date | None = None, codes=SERIES
) -> list[tuple[Period, dict]]:
    """The figures of every half-year from the programme's first up to the chosen one (for
    `all`: up to the current one), in the filters' scope: one grouped pass over the records
    up to the last period's end. `codes`: the indicators wanted (default: the chart's
    series; None: every indicator)."""
    last = filters.period or period_of(today or timezone.localdate())
    periods = periods_between(min(first_period(), last), last)
    records = counted_records(user=user, end=last.end, **filters.scope)
    grouped = figures_by(records, "period", codes=codes)
    return [(p, grouped.get(p.code, _zeros_of(codes))) for p in periods]
