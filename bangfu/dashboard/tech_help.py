"""The dashboard's tech-help card and table: households reached against the plan's 4,858.

The figures are `institute.indicators`' (one definition); each opens the list of the
households it counts (`indicators.households_link`). Cumulative (from the programme's start
to the end of the chosen period) is what stands against the target; the chosen half-year's
own figure is shown beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bangfu.accounts.roles import can
from bangfu.institute import indicators
from bangfu.places.models import Division, Level


@dataclass
class TechRow:
    division: Division | None
    selected: int
    reached: int  # cumulative to the period's end
    reached_period: int | None  # in the chosen half-year (None: all periods chosen)
    link: str
    link_period: str | None

    @property
    def percent(self) -> float | None:
        return indicators.percent(self.reached, self.selected)


@dataclass
class TechHelp:
    total: TechRow
    target: int
    rows: list[TechRow]
    unit_level: str

    @property
    def percent_of_target(self) -> float | None:
        return indicators.percent(self.total.reached, self.target)


def _row(division, figures, filters, **scope) -> TechRow:
    period = filters.period
    end = period.end if period else None
    return TechRow(
        division=division,
        selected=figures.get("selected", 0),
        reached=figures.get("reached", 0),
        reached_period=figures.get("reached_period", 0) if period else None,
        link=indicators.households_link(end=end, **scope),
        link_period=indicators.households_link(start=period.start, end=end, **scope)
        if period
        else None,
    )


def tech_help(*, user, filters) -> TechHelp | None:
    """The card and the by-county (or, within a county, by-township) table, from one query;
    None for a role that may not see households (helper liaisons)."""
    if not can(user, "personal.read") or filters.helper is not None:
        return None
    period = filters.period
    end = period.end if period else None
    county = filters.county.code if filters.county is not None else None
    unit = filters.unit_level
    ranges = {"reached": (None, end)}
    if period:
        ranges["reached_period"] = (period.start, end)
    by_unit, whole = indicators.figures_by_ranges(unit, ranges, user=user, county=county)
    total = _row(filters.county, whole, filters, county=county)
    divisions = Division.objects.for_user(user)
    if unit == Level.TOWNSHIP:
        divisions = divisions.filter(level=Level.TOWNSHIP, parent=filters.county)
    else:
        divisions = divisions.filter(level=Level.COUNTY)
    rows = []
    for division in divisions.order_by("code"):
        scope = {"township": division.code} if unit == Level.TOWNSHIP else {"county": division.code}
        rows.append(_row(division, by_unit.get(division.pk, {}), filters, **scope))
    return TechHelp(total=total, target=indicators.target(), rows=rows, unit_level=unit)
