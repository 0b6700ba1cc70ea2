"""Dashboard reads (数据看板): the indicators of the user's scope for a period, by county or
township, by pathway and by half-year; the industry projects' targets against what they
reached; the map's values per county and the townships' table of a county.

Every figure comes from `bangfu.assistance.indicators` (`counted_records`, `figures`,
`figures_by`): the one definition of each indicator (统计口径), confirmed records only.
Coverage comes from `bangfu.pairing.selectors.coverage`, the industry projects' progress from
`bangfu.assistance.selectors.projects` (no indicator covers it).

Scope: a county officer sees its own county; a helper liaison its own helper's records (and
no coverage or project progress, which are about other helpers too); the programme-wide
roles the whole programme or one county they choose.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.http import Http404
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, numberformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from bangfu.accounts.roles import Role
from bangfu.assistance.indicators import INDICATORS, Indicator, counted_records, figures, figures_by
from bangfu.assistance.models import Project
from bangfu.core.periods import Period, latest_closed, parse_period, period_of, periods_between
from bangfu.pairing.models import Pathway
from bangfu.places.models import Division, Level, Programme
from bangfu.places.selectors import division_get_for_user

ALL = "all"  # the period filter's value for everything confirmed so far (cumulative)
GEO_URL = "geo/chengde_counties.geo.json"
# The map's features carry names only, from before 2017: 平泉县 is today's 平泉市 (130881).
GEO_NAMES = {"130881": "平泉县"}

# Units in the user's language (the indicators carry the Chinese unit only).
UNITS = {
    "元": pgettext_lazy("unit", "yuan"),
    "人次": pgettext_lazy("unit", "person-times"),
    "人": pgettext_lazy("unit", "persons"),
    "户": pgettext_lazy("unit", "households"),
    "小时": pgettext_lazy("unit", "hours"),
    "条": pgettext_lazy("unit", "records"),
}
UNITS_BY_CODE = {  # 个 counts different things
    "helpers": pgettext_lazy("unit", "helpers"),
    "villages": pgettext_lazy("unit", "villages"),
    "poor_villages": pgettext_lazy("unit", "villages"),
}
# Indicators in yuan stacked by pathway (charity is money and goods of one pathway: left out).
PATHWAY_MONEY = ("money", "goods", "industry_investment", "purchases", "loans", "wages")
# What the township table and the unit chart show.
UNIT_CHART = ("persons_trained", "jobs")
SERIES = ("money", "persons_trained")
SUMMARY = ("money", "persons_trained", "jobs")  # the county list beside the map


def unit_of(indicator: Indicator) -> str:
    return str(UNITS_BY_CODE.get(indicator.code) or UNITS.get(indicator.unit_zh, indicator.unit_zh))


def display(value, *, money: bool) -> str:
    """A figure as the page shows it: digits grouped by three (as Chinese statistical tables
    and the charts' labels do, whatever the locale's own grouping), two decimals for yuan."""
    return numberformat.format(
        value,
        decimal_sep=".",
        decimal_pos=2 if money else 0,
        grouping=3,
        thousand_sep=",",
        force_grouping=True,
    )


def zeros() -> dict:
    """The figures of a unit without confirmed records."""
    return {i.code: (Decimal("0.00") if i.money else 0) for i in INDICATORS}


# --------------------------------------------------------------------------- filters


@dataclass(frozen=True)
class Filters:
    """What the dashboard looks at: a period (None: everything so far) and a scope."""

    period: Period | None
    county: Division | None = None  # a county officer's is always its own county
    helper: object | None = None  # helpers.Helper: a liaison's own helper

    @property
    def period_code(self) -> str:
        return self.period.code if self.period else ALL

    @property
    def level(self) -> str:
        if self.helper is not None:
            return "helper"
        return "county" if self.county is not None else "programme"

    @property
    def unit_level(self) -> str:
        """The level of the by-unit chart and table: townships within a county."""
        return "township" if self.county is not None else "county"

    @property
    def scope(self) -> dict:
        """The scope as `indicators.counted_records` takes it (the user's own scope aside)."""
        return {"county": self.county.code} if self.county is not None else {}

    @property
    def dates(self) -> dict:
        return {"start": self.period.start, "end": self.period.end} if self.period else {}


def first_period() -> Period:
    """The programme's first half-year (2017H1 for 科企帮万村)."""
    programme = Programme.objects.filter(is_current=True).only("start_year").first()
    return Period(programme.start_year if programme else 2017, 1)


def parse_dashboard_period(code: str | None, *, today: dt.date | None = None) -> Period | None:
    """`2017H2` → that period; `all` → None (cumulative); empty → the latest closed period.

    Raises ValueError with a message for the user for a code that is not a period, or a
    period that has not begun yet."""
    today = today or timezone.localdate()
    code = (code or "").strip()
    if not code:
        return latest_closed(today)
    if code.lower() == ALL:
        return None
    period = parse_period(code)
    if period.start > today:
        raise ValueError(
            _("%(period)s has not begun yet; choose a period up to %(latest)s.")
            % {"period": period.code, "latest": period_of(today).code}
        )
    return period


def dashboard_filters(
    *, user, period: str | None = None, county: str | None = None, today: dt.date | None = None
) -> Filters:
    """The dashboard's (and the indicators API's) filters for `user`.

    A county officer always looks at its own county (another county: 404, audited); a helper
    liaison at its own helper's records; programme-wide roles at the programme or `county`.
    An unknown county is a 404; a bad period a ValueError (see `parse_dashboard_period`)."""
    chosen = parse_dashboard_period(period, today=today)
    code = (county or "").strip()
    if user.role == Role.COUNTY and not code:
        code = user.county.code if user.county_id else ""
    county_obj = None
    if code:
        county_obj = division_get_for_user(user=user, code=code)
        if county_obj.level != Level.COUNTY:
            raise Http404("Not a county")
    helper = user.helper if user.role == Role.HELPER and user.helper_id else None
    filters = Filters(period=chosen, county=county_obj, helper=helper)
    if not (period or "").strip() and chosen is not None:
        # No period asked for: the latest closed one — or, if nothing was confirmed in it,
        # the latest closed period that has confirmed records in the scope.
        last = (
            counted_records(user=user, end=chosen.end, **filters.scope)
            .order_by("-on")
            .values_list("on", flat=True)
            .first()
        )
        if last is not None and period_of(last) < chosen:
            filters = Filters(period=period_of(last), county=county_obj, helper=helper)
    return filters


def period_choices(*, today: dt.date | None = None) -> list[tuple[str, str]]:
    """The period select: every half-year of the programme up to the current one, newest
    first, after the cumulative choice."""
    today = today or timezone.localdate()
    current = period_of(today)
    first = first_period()
    out = [(ALL, _("All periods (cumulative)"))]
    for p in reversed(periods_between(min(first, current), current)):
        label = f"{p.code} · {p.label}"
        if p == current:
            label = _("%(period)s (in progress)") % {"period": label}
        out.append((p.code, label))
    return out


def scope_label(filters: Filters) -> str:
    if filters.helper is not None:
        if filters.county is not None:
            return f"{filters.helper.name} · {filters.county.name}"
        return filters.helper.name
    if filters.county is not None:
        return filters.county.name
    return _("the programme (all five counties)")


def period_label(filters: Filters) -> str:
    if filters.period is None:
        return _("all periods (cumulative)")
    p = filters.period
    return _("%(label)s (%(start)s – %(end)s)") % {
        "label": p.label,
        "start": formats.date_format(p.start, "SHORT_DATE_FORMAT"),
        "end": formats.date_format(p.end, "SHORT_DATE_FORMAT"),
    }


# --------------------------------------------------------------------------- figures


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


def coverage_of(*, user, filters: Filters) -> Coverage | None:
    """The scope's coverage (None for a helper liaison: it counts other helpers' pairings)."""
    if filters.helper is not None:
        return None
    from bangfu.pairing.selectors import coverage as pairing

    rows = pairing.coverage_by_county(user=user)
    if filters.county is not None:
        rows = [r for r in rows if r.county.pk == filters.county.pk]
    total = pairing.coverage_totals(rows)
    return Coverage(total.poor, total.covered)


def coverage_by_county(*, user, filters: Filters) -> dict[int, Coverage]:
    if filters.helper is not None:
        return {}
    from bangfu.pairing.selectors import coverage as pairing

    return {r.county.pk: Coverage(r.poor, r.covered) for r in pairing.coverage_by_county(user=user)}


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


def by_pathway(records) -> list[tuple[str, str, dict]]:
    """(pathway, its label, its figures) for the six pathways: one grouped pass."""
    grouped = figures_by(records, "pathway")
    return [(p.value, str(p.label), grouped.get(p.value, zeros())) for p in Pathway]


def by_period(*, user, filters: Filters, today: dt.date | None = None) -> list[tuple[Period, dict]]:
    """The figures of every half-year from the programme's first up to the chosen one (for
    `all`: up to the current one), in the filters' scope: one grouped pass over the records
    up to the last period's end."""
    last = filters.period or period_of(today or timezone.localdate())
    periods = periods_between(min(first_period(), last), last)
    records = counted_records(user=user, end=last.end, **filters.scope)
    grouped = figures_by(records, "period")
    return [(p, grouped.get(p.code, zeros())) for p in periods]


# --------------------------------------------------------------------------- projects

MEASURE_LABELS = {
    "area_mu": pgettext_lazy("project measure", "area planted"),
    "livestock": pgettext_lazy("project measure", "livestock"),
    "first_year_revenue": pgettext_lazy("project measure", "profit in the first year"),
    "revenue_yuan": pgettext_lazy("project measure", "profit, all years"),
}
MEASURE_UNITS = {
    "area_mu": pgettext_lazy("unit", "mu"),
    "livestock": pgettext_lazy("unit", "head"),
    "first_year_revenue": pgettext_lazy("unit", "yuan"),
    "revenue_yuan": pgettext_lazy("unit", "yuan"),
}


@dataclass
class Measure:
    """One measure of a project: its target (None: none set) and what the counties reached."""

    code: str
    target: Decimal | None
    by_county: list[tuple[str, Decimal]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(MEASURE_LABELS[self.code])

    @property
    def unit(self) -> str:
        return str(MEASURE_UNITS[self.code])

    @property
    def actual(self) -> Decimal | int:
        total = sum((Decimal(v) for _name, v in self.by_county), Decimal("0"))
        return int(total) if self.code == "livestock" else total.quantize(Decimal("0.01"))

    @property
    def percent(self) -> float | None:
        return round(float(self.actual * 100 / self.target), 1) if self.target else None

    @property
    def money(self) -> bool:
        return self.code in ("first_year_revenue", "revenue_yuan")

    @property
    def target_display(self) -> str:
        return display(self.target, money=self.money) if self.target else "—"

    @property
    def actual_display(self) -> str:
        return display(self.actual, money=self.money)


@dataclass
class ProjectRow:
    project: Project
    measures: list[Measure]


def project_progress(*, user, filters: Filters) -> list[ProjectRow]:
    """Each industry project's targets against what it reached, per county, in the scope,
    from the assistance part's project figures (`bangfu.assistance.selectors`): a progress
    row holds what was added in its half-year, so area and livestock are added up to the end
    of the chosen period (all of them for `all`); the profit target is the first year's, so
    it is compared with the first year's profit. Helper liaisons see no project progress (the
    counties record it)."""
    if filters.helper is not None:
        return []
    from bangfu.assistance.selectors import projects as assistance

    up_to = filters.period.code if filters.period is not None else None
    out = []
    for project in Project.objects.order_by("code"):
        rows = assistance.project_by_county(user=user, project=project, up_to=up_to)
        if filters.county is not None:
            rows = [r for r in rows if r.code == filters.county.code]
        targets = {
            "area_mu": project.target_area_mu,
            "livestock": Decimal(project.target_livestock),
            "first_year_revenue": project.target_revenue_yuan,
            "revenue_yuan": None,
        }
        values = {
            "area_mu": lambda r: r.figures.area_mu,
            "livestock": lambda r: r.figures.livestock,
            "first_year_revenue": lambda r: r.first_year_revenue,
            "revenue_yuan": lambda r: r.figures.revenue_yuan,
        }
        measures = [
            Measure(code, targets[code] or None, [(r.label, Decimal(get(r))) for r in rows])
            for code, get in values.items()
        ]
        out.append(ProjectRow(project, measures))
    return out


# --------------------------------------------------------------------------- the page


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
    by_county_coverage = coverage_by_county(user=user, filters=filters)
    map_filters = Filters(period=filters.period, helper=filters.helper)
    map_counties = unit_rows(
        user=user,
        filters=map_filters,
        records=scope_records(user=user, filters=filters, whole_scope=True),
        coverage=by_county_coverage,
    )
    if filters.county is None:
        units = map_counties
    else:
        township_coverage = (
            {}
            if filters.helper is not None
            else coverage_by_township(user=user, county=filters.county)
        )
        units = unit_rows(user=user, filters=filters, records=records, coverage=township_coverage)
    return Overview(
        filters=filters,
        figures=figures(records),
        coverage=coverage_of(user=user, filters=filters),
        units=units,
        pathways=by_pathway(records),
        series=by_period(user=user, filters=filters, today=today),
        projects=project_progress(user=user, filters=filters),
        map_counties=map_counties,
    )


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
