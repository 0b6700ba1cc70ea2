"""The indicator “tech-help households reached” (科技帮扶到户数) against the plan's 4,858.

One definition, used by the dashboard, attachment 7 and the lists its figures open:

- *selected* (科技帮扶对象户数): registered poor households marked for technical help
  (`Household.tech_help`) in the scope;
- *reached* (科技帮扶到户数): of them, the distinct households with at least one tech-help
  visit (`TechVisit`) dated in the date range. A household visited five times counts once.
  The range is the half-year for 本期 and everything from the programme's start to the
  period's end for 累计 (the figure set against the target);
- *target*: the current programme's `tech_help_target` (4,858 in the plan, seed §一).

A household belongs to the county and township of its village.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse

from bangfu.places.models import Programme
from bangfu.registry.models import Household

from .models import TechVisit

DEFAULT_TARGET = 4858
UNIT_FIELDS = {"county": "county_id", "township": "village__parent_id", "village": "village_id"}


def target() -> int:
    """The plan's number of tech-help households (the current programme's figure)."""
    value = (
        Programme.objects.filter(is_current=True).values_list("tech_help_target", flat=True).first()
    )
    return DEFAULT_TARGET if value is None else value


def visits_in(start: dt.date | None, end: dt.date | None):
    """Every tech-help visit dated in [start, end] (None: open)."""
    qs = TechVisit.objects.all()
    if start is not None:
        qs = qs.filter(visited_on__gte=start)
    if end is not None:
        qs = qs.filter(visited_on__lte=end)
    return qs


def tech_households(*, user=None, county: str | None = None, township: str | None = None):
    """The tech-help households of a scope (division codes), in `user`'s scope."""
    qs = Household.objects.all() if user is None else Household.objects.for_user(user)
    qs = qs.filter(tech_help=True)
    if county:
        qs = qs.filter(county__code=county)
    if township:
        qs = qs.filter(village__parent__code=township)
    return qs


def reached_q(start: dt.date | None, end: dt.date | None) -> Q:
    """Households with at least one visit in [start, end]."""
    return Q(Exists(visits_in(start, end).filter(household=OuterRef("pk"))))


def figures(*, user=None, start=None, end=None, county=None, township=None) -> dict:
    """{"selected", "reached", "target"} of a scope and date range."""
    row = (
        tech_households(user=user, county=county, township=township)
        .order_by()
        .aggregate(selected=Count("id"), reached=Count("id", filter=reached_q(start, end)))
    )
    return {**row, "target": target()}


def figures_by(
    unit: str, *, user=None, start=None, end=None, county=None, township=None
) -> dict[int, dict]:
    """{unit id: {"selected", "reached"}} per county, township or village (one query)."""
    by_unit, _total = figures_by_ranges(
        unit, {"reached": (start, end)}, user=user, county=county, township=township
    )
    return by_unit


def figures_by_ranges(
    unit: str, ranges: dict[str, tuple], *, user=None, county=None, township=None
) -> tuple[dict[int, dict], dict]:
    """Per `unit` and for the whole scope, in one query: "selected" and, for each named
    (start, end) of `ranges`, the households reached in it. A household is in one county,
    township and village, so the scope's figures are the sum of its units'."""
    aggregates = {"selected": Count("id")} | {
        name: Count("id", filter=reached_q(start, end)) for name, (start, end) in ranges.items()
    }
    rows = (
        tech_households(user=user, county=county, township=township)
        .order_by()
        .values(unit=F(UNIT_FIELDS[unit]))
        .annotate(**aggregates)
    )
    by_unit = {r.pop("unit"): r for r in rows}
    return by_unit, {k: sum(r[k] for r in by_unit.values()) for k in aggregates}


def percent(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


def households_link(
    *,
    reached: bool = True,
    start: dt.date | None = None,
    end: dt.date | None = None,
    county: str | None = None,
    township: str | None = None,
) -> str:
    """The list of the tech-help households a figure counts (reached or not, scope, dates):
    what every “reached” figure opens."""
    query = {"reached": "yes" if reached else "no"}
    for key, value in (("start", start), ("end", end)):
        if value is not None:
            query[key] = value.isoformat()
    for key, value in (("county", county), ("township", township)):
        if value:
            query[key] = value
    return f"{reverse('institute:households')}?{urlencode(query)}"


# --------------------------------------------------------------------------- attachment 7


def _for_statistics(*, user, scope, start, end):
    """Attachment 7's tech-help columns for `scope` (assistance.io.scope.Scope); None for a
    helper's table (the institute's help is not a helper's)."""
    if scope.helper is not None:
        return None
    by_unit, total = figures_by_ranges(  # one query: the scope's total is its units' sum
        scope.unit_level,
        {"reached": (start, end)},
        user=user,
        county=scope.county.code if scope.county is not None else None,
        township=scope.township.code if scope.township is not None else None,
    )
    rename = {"selected": "tech_help_households", "reached": "tech_help_reached"}
    return (
        {unit: {rename[k]: v for k, v in row.items()} for unit, row in by_unit.items()},
        {rename[k]: total[k] for k in rename},
    )


def statistics_columns():
    """The columns attachment 7 gets (registered by `InstituteConfig.ready()`)."""
    from bangfu.assistance.io.statistics import ExtraColumns

    return ExtraColumns(
        group="科技帮扶",
        codes=("tech_help_households", "tech_help_reached"),
        headers=("科技帮扶\n对象户数", "科技帮扶\n到户数"),
        units=("户", "户"),
        note=(
            "科技帮扶口径：科技帮扶对象户数——建档立卡贫困户中确定为科技帮扶对象的户数；"
            "科技帮扶到户数——其中期内（累计表为自行动开始至期末）研究院乡镇科技服务中心或"
            "村级科技服务工作站至少服务一次的户数，按户去重。实施方案确定科技帮扶对象 4858 户。"
        ),
        compute=_for_statistics,
    )
