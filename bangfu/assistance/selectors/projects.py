"""Industry projects' figures: target against actual, by county, by period, by village.

Project figures are sums of `ProjectProgress` rows, each of which holds what was *added* in
its period, so a cumulative figure is the sum of the rows up to a period. Reads are scoped by
`ProjectProgress.objects.for_user()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.http import Http404

from bangfu.places.models import Division

from ..models import Project, ProjectProgress


@dataclass
class Figures:
    """What a project reached: area (mu), head of livestock, profit (yuan)."""

    area_mu: Decimal = Decimal("0")
    livestock: int = 0
    revenue_yuan: Decimal = Decimal("0")
    villages: int = 0

    def add(self, other: Figures) -> None:
        self.area_mu += other.area_mu
        self.livestock += other.livestock
        self.revenue_yuan += other.revenue_yuan


def _percent(actual, target) -> float:
    return round(float(actual) * 100 / float(target), 1) if target else 0.0


@dataclass
class ProjectRow:
    """One line of a project's table: a county, a period or the whole scope."""

    label: str
    code: str
    figures: Figures
    project: Project
    first_year_revenue: Decimal = Decimal("0")
    extra: dict = field(default_factory=dict)

    @property
    def area_percent(self) -> float:
        return _percent(self.figures.area_mu, self.project.target_area_mu)

    @property
    def livestock_percent(self) -> float:
        return _percent(self.figures.livestock, self.project.target_livestock)

    @property
    def revenue_percent(self) -> float:
        return _percent(self.first_year_revenue, self.project.target_revenue_yuan)


def _first_year_periods(project: Project) -> tuple[str, str]:
    return (f"{project.first_year}H1", f"{project.first_year}H2")


def _sums(rows) -> dict:
    return rows.aggregate(
        area=Sum("area_mu"),
        head=Sum("livestock"),
        profit=Sum("revenue_yuan"),
        villages=Count("village_id", distinct=True),
    )


def _figures(row: dict) -> Figures:
    return Figures(
        area_mu=row.get("area") or Decimal("0"),
        livestock=row.get("head") or 0,
        revenue_yuan=row.get("profit") or Decimal("0"),
        villages=row.get("villages") or 0,
    )


def progress_for_user(*, user, project: Project, up_to: str | None = None):
    """The project's progress rows in `user`'s scope (up to and including a period)."""
    qs = ProjectProgress.objects.for_user(user).filter(project=project)
    if up_to:
        qs = qs.filter(period__lte=up_to)  # codes sort like periods: 2017H1 < 2017H2 < 2018H1
    return qs


def project_total(*, user, project: Project, up_to: str | None = None) -> ProjectRow:
    """Target against actual for the whole of `user`'s scope (the programme for the city
    office and the institute, its county for a county office)."""
    rows = progress_for_user(user=user, project=project, up_to=up_to)
    first = rows.filter(period__in=_first_year_periods(project)).aggregate(p=Sum("revenue_yuan"))
    return ProjectRow(
        label="",
        code="",
        figures=_figures(_sums(rows.order_by())),
        project=project,
        first_year_revenue=first["p"] or Decimal("0"),
    )


def project_by_county(*, user, project: Project, up_to: str | None = None) -> list[ProjectRow]:
    """Cumulative figures per county (up to a period), with their share of the targets."""
    rows = progress_for_user(user=user, project=project, up_to=up_to).order_by()
    first_year = dict(
        rows.filter(period__in=_first_year_periods(project))
        .values("county_id")
        .annotate(p=Sum("revenue_yuan"))
        .values_list("county_id", "p")
    )
    counties = {d.pk: d for d in Division.objects.filter(level="county")}
    out = []
    for r in (
        rows.values("county_id")
        .annotate(
            area=Sum("area_mu"),
            head=Sum("livestock"),
            profit=Sum("revenue_yuan"),
            villages=Count("village_id", distinct=True),
        )
        .order_by("county_id")
    ):
        county = counties[r["county_id"]]
        out.append(
            ProjectRow(
                label=county.name,
                code=county.code,
                figures=_figures(r),
                project=project,
                first_year_revenue=first_year.get(r["county_id"]) or Decimal("0"),
            )
        )
    return sorted(out, key=lambda row: row.code)


def project_by_period(*, user, project: Project, county: str | None = None) -> list[ProjectRow]:
    """Per period: what was added (`extra["added"]`) and the cumulative figures."""
    rows = progress_for_user(user=user, project=project).order_by()
    if county:
        rows = rows.filter(county__code=county)
    added = list(
        rows.values("period")
        .annotate(
            area=Sum("area_mu"),
            head=Sum("livestock"),
            profit=Sum("revenue_yuan"),
            villages=Count("village_id", distinct=True),
        )
        .order_by("period")
    )
    from bangfu.core.periods import parse_period

    first = set(_first_year_periods(project))
    running = Figures()
    first_year = Decimal("0")
    out = []
    for r in added:
        step = _figures(r)
        running.add(step)
        if r["period"] in first:
            first_year += step.revenue_yuan
        cumulative = Figures(running.area_mu, running.livestock, running.revenue_yuan)
        try:
            label = parse_period(r["period"]).label
        except ValueError:
            label = r["period"]
        out.append(
            ProjectRow(
                label=label,
                code=r["period"],
                figures=cumulative,
                project=project,
                first_year_revenue=first_year,
                extra={"added": step},
            )
        )
    return out


def project_villages(*, user, project: Project, county: str | None = None, limit: int = 200):
    """Per village, cumulative figures (the largest area first) for a county's table."""
    rows = progress_for_user(user=user, project=project).order_by()
    if county:
        rows = rows.filter(county__code=county)
    return list(
        rows.values("village__code", "village__name", "village__parent__name", "county__name")
        .annotate(
            area=Sum("area_mu"),
            head=Sum("livestock"),
            profit=Sum("revenue_yuan"),
            households=Count("household_id", distinct=True),
        )
        .order_by("-area", "village__code")[:limit]
    )


def projects_for_user(*, user) -> list[ProjectRow]:
    """Every project with its target against actual for `user`'s scope."""
    out = []
    for project in Project.objects.select_related("programme").order_by("code"):
        row = project_total(user=user, project=project)
        row.label, row.code = project.name, project.code
        out.append(row)
    return out


def project_get(*, code: str) -> Project:
    project = Project.objects.select_related("programme").filter(code=code).first()
    if project is None:
        raise Http404("No such project")
    return project


def recent_progress(*, user, project: Project, limit: int = 20):
    return (
        progress_for_user(user=user, project=project)
        .select_related("village", "village__parent", "county", "household")
        .order_by("-updated_at", "-id")[:limit]
    )
