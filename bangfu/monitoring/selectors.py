"""Scoped reads of relapse monitoring: cases, their steps and history, the followed exits,
and the households' rigid expenses."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts import audit
from bangfu.accounts.history import rows_q
from bangfu.accounts.models import AuditEvent
from bangfu.accounts.roles import can
from bangfu.monitoring.models import STEP_ORDER, CaseState, MonitoringCase, MonitoringMeasure, Step
from bangfu.monitoring.rules import add_months, household_years, step_due, village_years
from bangfu.registry.models import Household, RigidExpense, VillageProfile


def case_list_for_user(*, user, filters: dict | None = None, today: dt.date | None = None):
    """Cases in scope (households' rules: personal data, never for helper liaisons)."""
    if not can(user, "personal.read"):
        return MonitoringCase.objects.none()
    filters = filters or {}
    qs = MonitoringCase.objects.for_user(user).select_related(
        "household", "household__village", "household__village__parent", "county"
    )
    if filters.get("county"):
        qs = qs.filter(county__code=filters["county"])
    if filters.get("state"):
        qs = qs.filter(state=filters["state"])
    if filters.get("group"):
        qs = qs.filter(group=filters["group"])
    if filters.get("overdue"):
        qs = qs.filter(overdue_q(today))
    text = (filters.get("q") or "").strip()
    if text:
        if text.upper().startswith("M") and text[1:].isalnum() and len(text) == 11:
            qs = qs.filter(number=text.upper())
        else:
            qs = qs.filter(household__in=Household.objects.search(text).values("id"))
    return qs.order_by("-opened_on", "-id")


def overdue_q(today: dt.date | None = None) -> Q:
    return Q(state=CaseState.IDENTIFYING, next_due__lt=today or timezone.localdate())


def case_get_for_user(*, user, number: str) -> MonitoringCase:
    case = None
    if can(user, "personal.read"):
        case = (
            MonitoringCase.objects.for_user(user)
            .select_related(
                "household", "household__village", "household__village__parent", "county"
            )
            .filter(number=number)
            .first()
        )
    if case is None:
        if MonitoringCase.objects.filter(number=number).exists():
            audit.record(
                event="access_denied",
                object_type="monitoring.monitoringcase",
                object_id=number,
                outcome="denied",
                detail="out of scope",
            )
        raise Http404("No such monitoring case")
    return case


def step_table(case: MonitoringCase, today: dt.date | None = None) -> list[dict]:
    """The five steps with their record (if any), due date and whether they are overdue."""
    today = today or timezone.localdate()
    done = {s.step: s for s in case.steps.select_related("recorded_by")}
    rows = []
    for step in STEP_ORDER:
        record = done.get(step)
        due = step_due(case, step)
        rows.append(
            {
                "step": step,
                "label": Step(step).label,
                "record": record,
                "due": due,
                "late": record is not None and record.done_on > due,
                "overdue": record is None and case.state == CaseState.IDENTIFYING and due < today,
                "is_next": case.state == CaseState.IDENTIFYING and case.next_step == step,
            }
        )
    return rows


def case_history(case: MonitoringCase, limit: int = 100) -> list[AuditEvent]:
    """Every change to the case, its steps, measures and visits, newest first (access
    events are for the audit trail only)."""
    q = rows_q(MonitoringCase, {case.number, case.pk})
    for rows in (case.steps.all(), case.measures.all(), case.visits.all()):
        ids = list(rows.values_list("pk", flat=True))
        if ids:
            q |= rows_q(rows.model, ids)
    return list(AuditEvent.objects.history().filter(q).order_by("-id")[:limit])


def household_cases(*, household: Household):
    return MonitoringCase.objects.filter(household=household).order_by("-opened_on", "-id")


def followed_villages_for_user(*, user, on: dt.date | None = None):
    """Exited villages still within their monitoring period on `on` (5 years by default)."""
    on = on or timezone.localdate()
    since = add_months(on, -12 * village_years())
    return (
        VillageProfile.objects.for_user(user)
        .filter(exited_on__isnull=False, exited_on__lte=on, exited_on__gte=since)
        .select_related("village", "village__parent", "county")
        .order_by("village__code")
    )


def followed_households_for_user(*, user, on: dt.date | None = None):
    """Exited households still within their monitoring period in `on`'s year: exited in
    year Y, followed through the end of Y + 3 (by default)."""
    if not can(user, "personal.read"):
        return Household.objects.none()
    year = (on or timezone.localdate()).year
    return (
        Household.objects.for_user(user)
        .filter(year_exited__isnull=False, year_exited__lte=year)
        .filter(year_exited__gte=year - household_years())
        .select_related("village", "village__parent")
        .order_by("village__code", "head_name", "id")
    )


def case_counts(*, user, today: dt.date | None = None) -> dict[str, int]:
    qs = case_list_for_user(user=user)
    return qs.aggregate(
        all=Count("id"),
        identifying=Count("id", filter=Q(state=CaseState.IDENTIFYING)),
        identified=Count("id", filter=Q(state=CaseState.IDENTIFIED)),
        overdue=Count("id", filter=overdue_q(today)),
    )


def measure_assistance(*, user, number: str):
    """The assistance record a measure names, by its number, among those `user` may see
    (None for no number). The model is reached through the measure's own link, so that
    monitoring imports nothing of the assistance app above it."""
    number = (number or "").strip().upper()
    if not number:
        return None
    assistance = MonitoringMeasure._meta.get_field("assistance").related_model
    found = assistance.objects.for_user(user).filter(number=number).first()
    if found is None:
        raise ValidationError(
            {"assistance": _("No assistance record %(number)s.") % {"number": number}}
        )
    return found


# --------------------------------------------------------------------------- rigid expenses


def rigid_expense_list_for_user(*, user, filters: dict | None = None):
    """Rigid expenses (刚性支出) of the households in scope: read like households
    (`personal.read`, a county office its county, never helper liaisons)."""
    if not can(user, "personal.read"):
        return RigidExpense.objects.none()
    filters = filters or {}
    qs = RigidExpense.objects.filter(
        household__in=Household.objects.for_user(user).values("id")
    ).select_related("household", "household__village", "household__county")
    if filters.get("household"):
        qs = qs.filter(household__ref=filters["household"])
    if filters.get("county"):
        qs = qs.filter(household__county__code=filters["county"])
    if filters.get("year"):
        qs = qs.filter(year=filters["year"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    return qs.order_by("household__village__code", "household_id", "-year", "kind", "id")


def rigid_expense_get_for_user(*, user, pk: int, household_ref: str | None = None) -> RigidExpense:
    """One expense in scope (of `household_ref` when given); 404 (audited) otherwise."""
    found = rigid_expense_list_for_user(user=user).filter(pk=pk)
    if household_ref is not None:
        found = found.filter(household__ref=household_ref)
    expense = found.first()
    if expense is None:
        if RigidExpense.objects.filter(pk=pk).exists():
            audit.record(
                event="access_denied",
                object_type="registry.rigidexpense",
                object_id=str(pk),
                outcome="denied",
                detail="out of scope",
            )
        raise Http404("No such rigid expense")
    return expense


def household_expenses(*, household: Household):
    """A household's rigid expenses, newest year first (its page's list)."""
    return RigidExpense.objects.filter(household=household).order_by("-year", "kind", "id")
