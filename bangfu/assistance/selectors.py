"""Scoped reads for assistance records and industry projects (pages, tags, tests).

Every read goes through the models' `for_user()`: a county office sees its county, a helper
liaison its own helper's records, programme-wide roles everything. A record out of scope is a
404, and the attempt is audited, like the pairing part. Project figures are sums of
`ProjectProgress` rows, each of which holds what was *added* in its period, so a cumulative
figure is the sum of the rows up to a period.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.http import Http404

from bangfu.accounts.roles import can
from bangfu.helpers.models import Helper
from bangfu.places.models import Division

from .models import Assistance, AssistanceStatus, PeriodLock, Project, ProjectProgress


def assistance_list_for_user(*, user, filters: dict | None = None):
    """Records in `user`'s scope, newest first, filtered: period (code), county (code),
    village (code), pathway, kind, status, helper (USCC), pairing (number), q (village or
    helper name, pinyin initials, or a record number)."""
    filters = filters or {}
    qs = Assistance.objects.for_user(user).select_related(
        "helper", "village", "village__parent", "county", "pairing"
    )
    if filters.get("period"):
        qs = qs.filter(period=str(filters["period"]))
    if filters.get("county"):
        qs = qs.filter(county__code=filters["county"])
    if filters.get("village"):
        qs = qs.filter(village__code=filters["village"])
    for name in ("pathway", "kind", "status"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    if filters.get("helper"):
        qs = qs.filter(helper__uscc=filters["helper"].strip().upper())
    if filters.get("pairing"):
        qs = qs.filter(pairing__number=filters["pairing"])
    text = (filters.get("q") or "").strip()
    if text:
        if text.isascii() and text.isalpha():
            low = text.lower()
            helpers = Helper.objects.filter(initials__startswith=low)
            villages = Division.objects.filter(level="village", initials__startswith=low)
        else:
            helpers = Helper.objects.filter(name__contains=text)
            villages = Division.objects.filter(level="village", name__contains=text)
        qs = qs.filter(
            Q(helper_id__in=helpers.values("id"))
            | Q(village_id__in=villages.values("id"))
            | Q(number=text.upper())
        )
    return qs.order_by("-on", "-id")


def assistance_get_for_user(*, user, number: str) -> Assistance:
    """One record in scope; 404 (and an audited denial when it exists) otherwise."""
    from bangfu.registry.selectors import _denied

    obj = (
        Assistance.objects.select_related(
            "helper",
            "village",
            "village__parent",
            "county",
            "pairing",
            "corrects",
            "created_by",
            "submitted_by",
            "confirmed_by",
        )
        .filter(number=number)
        .first()
    )
    if obj is None or not Assistance.objects.for_user(user).filter(pk=obj.pk).exists():
        if obj is not None:
            _denied("assistance.assistance", number)
        raise Http404("No such assistance record")
    return obj


def _locked_here():
    return Exists(
        PeriodLock.objects.filter(county_id=OuterRef("county_id"), period=OuterRef("period"))
    )


def _submitted_in_county(user):
    if getattr(user, "county_id", None) is None or not can(user, "assistance.confirm"):
        return Assistance.objects.none()
    return Assistance.objects.for_user(user).filter(
        county_id=user.county_id, status=AssistanceStatus.SUBMITTED
    )


def confirmation_queue(*, user):
    """The submitted records `user`'s county office can act on (confirm or send back), oldest
    submission first: not those of a half-year locked since its filing was accepted — they
    wait for the city office to re-open the half-year (`locked_waiting`)."""
    return (
        _submitted_in_county(user)
        .exclude(_locked_here())
        .select_related("helper", "village", "village__parent", "county", "pairing")
        .order_by("submitted_at", "on", "id")
    )


def queue_count(*, user) -> int:
    return confirmation_queue(user=user).count()


def locked_waiting(*, user) -> list[tuple[str, int]]:
    """(period code, records) of the submitted records the office cannot act on because
    their half-year is locked."""
    return list(
        _submitted_in_county(user)
        .filter(_locked_here())
        .order_by("period")
        .values_list("period")
        .annotate(n=Count("id"))
    )


def pairing_records(*, user, pairing, limit: int = 20) -> list[Assistance]:
    """The latest records of a pairing, for its page."""
    return list(
        Assistance.objects.for_user(user)
        .filter(pairing=pairing)
        .select_related("village")
        .order_by("-on", "-id")[:limit]
    )


def beneficiaries(*, record: Assistance):
    return record.beneficiaries.select_related("village").order_by("head_name", "id")


# --------------------------------------------------------------------------- projects


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
