"""The industry projects' targets against what the counties reached (the dashboard's table)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import pgettext_lazy

from bangfu.assistance.models import Project

from .breakdown import display
from .filtering import Filters

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
