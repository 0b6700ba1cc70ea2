"""The rules of relapse monitoring (防返贫监测): poverty lines, thresholds, time limits.

The national practice this follows (2020–2021 guidance on the monitoring and assistance
mechanism to prevent relapse):

- exited villages stay followed for 5 years, exited households for 3 (settings
  MONITORING_VILLAGE_YEARS / MONITORING_HOUSEHOLD_YEARS); exit keeps all base data;
- a household enters monitoring (a case) by self-report, by a cadre's visit, or by a rule on
  its data: per-capita income below 1.5 × the poverty line of the year
  (MONITORING_INCOME_FACTOR), or rigid medical and schooling expenses above half of the
  household's income (MONITORING_EXPENSE_SHARE);
- it is identified in five steps, in order, each dated and signed: home visit, data
  comparison, village review with a public notice of at least 5 days, township review,
  county approval; from opening to approval at most 15 days (STEP_DUE_DAYS);
- identified cases get measures and follow-up visits; the risk is removed only after the
  income has stayed at or above the threshold for at least 6 months.

Here too: who may act on a case, and the data rule that proposes cases (`rule_candidates`).
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.utils.translation import gettext as _

from bangfu.accounts.roles import can
from bangfu.monitoring.models import (
    OPEN_STATES,
    MonitoringCase,
    MonitoringGroup,
    MonitoringVisit,
    Step,
)
from bangfu.registry.models import Household, Income, RigidExpense

# The national poverty line used for exit (现行扶贫标准, per-capita net income in yuan, at
# the year's prices: 2,300 yuan at 2010 prices, adjusted yearly). 2017–2020 as the task
# states them; 2014–2016 as published in exit documents of those years (2016: 3,146; the
# "about 3,000" sometimes quoted is a rounding). Years outside the table use the nearest
# year in it (after 2020 the line stays at 4,000, whose 1.5× is the 6,000-yuan monitoring
# threshold of 2021).
POVERTY_LINES: dict[int, Decimal] = {
    2014: Decimal("2800"),
    2015: Decimal("2855"),
    2016: Decimal("3146"),
    2017: Decimal("3335"),
    2018: Decimal("3535"),
    2019: Decimal("3747"),
    2020: Decimal("4000"),
}

# Days from opening by which each step must be recorded: 15 days from discovery to county
# approval, as in national practice (the public notice's last day must fall by day 12).
STEP_DUE_DAYS: dict[str, int] = {
    Step.HOME_VISIT: 3,
    Step.DATA_CHECK: 5,
    Step.PUBLIC_NOTICE: 12,
    Step.TOWNSHIP_REVIEW: 14,
    Step.COUNTY_APPROVAL: 15,
}
MIN_NOTICE_DAYS = 5  # counted inclusively: 1 to 5 March is 5 days
STABLE_MONTHS = 6


def household_years() -> int:
    return int(getattr(settings, "MONITORING_HOUSEHOLD_YEARS", 3))


def village_years() -> int:
    return int(getattr(settings, "MONITORING_VILLAGE_YEARS", 5))


def income_factor() -> Decimal:
    return Decimal(str(getattr(settings, "MONITORING_INCOME_FACTOR", "1.5")))


def expense_share() -> Decimal:
    return Decimal(str(getattr(settings, "MONITORING_EXPENSE_SHARE", "0.5")))


def poverty_line(year: int) -> Decimal:
    """The national poverty line of `year` (nearest year of the table outside it)."""
    years = sorted(POVERTY_LINES)
    return POVERTY_LINES[min(max(year, years[0]), years[-1])]


def income_threshold(year: int) -> Decimal:
    """Per-capita income below which a household is at risk: 1.5 × the year's line."""
    return (poverty_line(year) * income_factor()).quantize(Decimal("0.01"))


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def notice_days(start: dt.date, end: dt.date) -> int:
    return (end - start).days + 1


def step_due(case: MonitoringCase, step: str) -> dt.date:
    return case.opened_on + dt.timedelta(days=STEP_DUE_DAYS[step])


def may_manage(user, county_id: int | None) -> bool:
    """County offices open and walk the cases of their own county."""
    return can(user, "monitoring.manage") and county_id is not None and user.county_id == county_id


def stable_income(case: MonitoringCase) -> tuple[dt.date, dt.date] | None:
    """(first, last) visit of the latest unbroken run of visits whose income is at or above
    the threshold of the visit's year; None when the latest visit is below it."""
    run: list[MonitoringVisit] = []
    for visit in case.visits.order_by("visited_on", "id"):
        if visit.per_capita_income >= income_threshold(visit.visited_on.year):
            run.append(visit)
        else:
            run = []
    return (run[0].visited_on, run[-1].visited_on) if run else None


def rule_candidates(*, year: int, county=None) -> list[tuple[Household, str, str]]:
    """Households the data rule flags for `year`, with their group and the reason:
    exited households still within their monitoring period whose per-capita income is below
    the threshold (unstable), or whose medical and schooling expenses exceed the share of the
    household's income (sudden severe difficulty). Households with an open case are left out."""
    threshold = income_threshold(year)
    share = expense_share()
    qs = Household.objects.filter(
        year_exited__isnull=False, year_exited__lte=year, year_exited__gte=year - household_years()
    ).exclude(monitoring_cases__state__in=OPEN_STATES)
    if county is not None:
        qs = qs.filter(county=county)
    incomes = dict(
        Income.objects.filter(household__in=qs, year=year).values_list("household_id", "per_capita")
    )
    expenses = dict(
        RigidExpense.objects.filter(household__in=qs, year=year)
        .values("household_id")
        .annotate(total=Sum("amount"))
        .values_list("household_id", "total")
    )
    out = []
    for household in qs.filter(id__in={*incomes, *expenses}).order_by("id"):
        income = incomes.get(household.pk)
        expense = expenses.get(household.pk) or Decimal("0")
        if income is not None and income < threshold:
            reason = _(
                "Per-capita income %(income)s yuan in %(year)d, below the threshold of "
                "%(threshold)s yuan (%(factor)s × the poverty line of %(line)s)."
            ) % {
                "income": income,
                "year": year,
                "threshold": threshold,
                "factor": income_factor(),
                "line": poverty_line(year),
            }
            out.append((household, MonitoringGroup.UNSTABLE, reason))
        elif income is not None and expense > income * household.size * share:
            reason = _(
                "Medical and schooling expenses of %(expense)s yuan in %(year)d, more than "
                "%(share)s%% of the household's income (%(total)s yuan)."
            ) % {
                "expense": expense,
                "year": year,
                "share": int(share * 100),
                "total": (income * household.size).quantize(Decimal("0.01")),
            }
            out.append((household, MonitoringGroup.SUDDEN, reason))
    return out
