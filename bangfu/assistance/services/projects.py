"""Recording an industry project's progress (产业项目进度) for a village in a half-year.

A `ProjectProgress` row holds what the project *added* in one period in one village (or one
household of it): area newly planted (mu), head of livestock newly brought in, profit earned
in the period (yuan). The county office of the village's county records it; saving the same
project, period and village (or household) again replaces that period's figures, and the
change is audited like every save. A village reports either one village row or household
rows, never both, so that no village is counted twice.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts.guards import require
from bangfu.core.periods import parse_period, period_of

from ..models import MAX_COUNT, MAX_YUAN, PeriodLock, Project, ProjectProgress
from .rules import is_county_office

# The largest area one village can add in a half-year: 200,000 mu (about 133 km²), more
# than the largest village of the five counties; anything above it is a typing error.
MAX_AREA_MU = Decimal("200000")


def _decimal(name: str, value, *, limit: Decimal, unit: str) -> Decimal:
    try:
        amount = Decimal(str(value if value not in (None, "") else 0))
    except InvalidOperation:
        raise ValidationError({name: _("Write a number, e.g. 120.5.")}) from None
    if not amount.is_finite():
        raise ValidationError({name: _("Write a number, e.g. 120.5.")})
    if amount < 0:
        raise ValidationError(
            {name: ValidationError(_("A figure cannot be negative."), code="negative")}
        )
    if amount > limit:
        raise ValidationError(
            {
                name: ValidationError(
                    _(
                        "%(amount)s %(unit)s is more than one village can add in a half-year "
                        "(at most %(max)s); check the unit and the digits."
                    )
                    % {"amount": f"{amount:,.2f}", "unit": unit, "max": f"{limit:,.0f}"},
                    code="absurd",
                )
            }
        )
    return amount.quantize(Decimal("0.01"))


def _count(name: str, value) -> int:
    try:
        n = int(value or 0)
    except (TypeError, ValueError):
        raise ValidationError({name: _("Write a whole number.")}) from None
    if n < 0:
        raise ValidationError(
            {name: ValidationError(_("A figure cannot be negative."), code="negative")}
        )
    if n > MAX_COUNT:
        raise ValidationError(
            {
                name: ValidationError(
                    _("%(n)s is more than one village can add in a half-year.") % {"n": f"{n:,}"},
                    code="absurd",
                )
            }
        )
    return n


def project_progress_save(
    *,
    user,
    project: Project,
    period: str,
    village,
    household=None,
    area_mu=0,
    livestock=0,
    revenue_yuan=0,
) -> tuple[ProjectProgress, bool]:
    """Record (or replace) what `project` added in `village` (or one household of it) in
    `period`. Returns the row and whether it was created."""
    if getattr(village, "level", None) != "village":
        raise ValidationError({"village": _("Choose a village.")})
    require(is_county_office(user, village.county_id), "project.progress", village)
    try:
        p = parse_period(period)
    except ValueError as exc:
        raise ValidationError({"period": str(exc)}) from None
    if p.year < project.first_year:
        raise ValidationError(
            {
                "period": _("%(project)s began in %(year)d; %(period)s is before it.")
                % {"project": project.name, "year": project.first_year, "period": p.label}
            }
        )
    if p > period_of(timezone.localdate()):
        raise ValidationError({"period": _("Progress cannot be recorded for a future period.")})
    if PeriodLock.objects.filter(county_id=village.county_id, period=p.code).exists():
        raise ValidationError(
            {
                "period": ValidationError(
                    _(
                        "%(county)s's %(period)s has been accepted and is locked; the city "
                        "office must re-open it first."
                    )
                    % {"county": village.county.name, "period": p.label},
                    code="locked",
                )
            }
        )
    if household is not None and household.village_id != village.pk:
        raise ValidationError(
            {
                "household": _("Household %(ref)s (%(head)s) does not live in %(village)s.")
                % {"ref": household.ref, "head": household.head_name, "village": village.name}
            },
            code="outside_village",
        )
    values = {
        "area_mu": _decimal("area_mu", area_mu, limit=MAX_AREA_MU, unit=_("mu")),
        "livestock": _count("livestock", livestock),
        "revenue_yuan": _decimal("revenue_yuan", revenue_yuan, limit=MAX_YUAN, unit=_("yuan")),
    }
    if not any(values.values()):
        raise ValidationError(_("Enter the area, the livestock or the profit added."))
    same_village = ProjectProgress.objects.filter(project=project, village=village)
    if household is None and same_village.filter(household__isnull=False).exists():
        raise ValidationError(
            {
                "household": _(
                    "%(village)s reports this project per household; choose the household."
                )
                % {"village": village.name}
            },
            code="mixed",
        )
    if household is not None and same_village.filter(household__isnull=True).exists():
        raise ValidationError(
            {
                "household": _(
                    "%(village)s reports this project as a whole village; leave the household "
                    "empty."
                )
                % {"village": village.name}
            },
            code="mixed",
        )
    with transaction.atomic():
        row = (
            ProjectProgress.objects.select_for_update()
            .filter(project=project, period=p.code, village=village, household=household)
            .first()
        )
        created = row is None
        if created:
            row = ProjectProgress(
                project=project, period=p.code, village=village, household=household
            )
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
    return row, created
