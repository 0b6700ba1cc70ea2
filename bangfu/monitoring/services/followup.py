"""After identification: assistance measures, follow-up visits, and the removal of the risk."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bangfu.monitoring.models import CaseState, MonitoringCase, MonitoringMeasure, MonitoringVisit
from bangfu.monitoring.rules import STABLE_MONTHS, add_months, stable_income
from bangfu.registry.models import MonitoringStatus

from .common import (
    locked,
    money,
    not_future,
    require_identified,
    require_manager,
    required_text,
    set_household_status,
)


@transaction.atomic
def monitoring_measure_add(
    *,
    user,
    case: MonitoringCase,
    kind: str,
    description: str,
    started_on: dt.date,
    assistance=None,
) -> MonitoringMeasure:
    """An assistance measure for an identified case, optionally linked to an assistance
    record of the household's village."""
    require_manager(user, case.county_id, "monitoring.measure", case)
    require_identified(case, _("Measures are recorded"))
    if kind not in MonitoringMeasure.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of measure.")})
    description = required_text("description", description, _("Describe the measure."))
    not_future("started_on", started_on)
    if started_on < case.opened_on:
        raise ValidationError(
            {
                "started_on": _("A measure starts after the case was opened (%(on)s).")
                % {"on": case.opened_on}
            }
        )
    if assistance is not None and assistance.village_id != case.household.village_id:
        raise ValidationError(
            {
                "assistance": _("Assistance record %(number)s is not for this household's village.")
                % {"number": assistance.number}
            }
        )
    measure = MonitoringMeasure(
        case=case,
        kind=kind,
        description=description,
        started_on=started_on,
        assistance=assistance,
        recorded_by=user if getattr(user, "pk", None) else None,
    )
    measure.save()
    return measure


@transaction.atomic
def monitoring_visit_add(
    *,
    user,
    case: MonitoringCase,
    visited_on: dt.date,
    visitor: str,
    per_capita_income,
    notes: str = "",
) -> MonitoringVisit:
    """A follow-up visit of an identified case, with the per-capita income found."""
    require_manager(user, case.county_id, "monitoring.visit", case)
    require_identified(case, _("Follow-up visits are recorded"))
    visitor = required_text("visitor", visitor, _("Say who visited."))
    income = money("per_capita_income", per_capita_income)
    not_future("visited_on", visited_on)
    if case.identified_on and visited_on < case.identified_on:
        raise ValidationError(
            {
                "visited_on": _("A follow-up visit comes after the identification (%(on)s).")
                % {"on": case.identified_on}
            }
        )
    visit = MonitoringVisit(
        case=case,
        visited_on=visited_on,
        visitor=visitor,
        notes=(notes or "").strip(),
        per_capita_income=income,
        recorded_by=user if getattr(user, "pk", None) else None,
    )
    visit.save()
    return visit


@transaction.atomic
def monitoring_risk_remove(
    *, user, case: MonitoringCase, removed_on: dt.date, note: str
) -> MonitoringCase:
    """Risk removal (风险消除): only when follow-up visits show the income at or above the
    threshold, without a break, over at least 6 months. The case and its history stay."""
    require_manager(user, case.county_id, "monitoring.remove", case)
    case = locked(case)
    require_identified(case, _("Risk removal is possible"))
    note = required_text("note", note, _("Say why the risk is removed."))
    not_future("removed_on", removed_on)
    stable = stable_income(case)
    if stable is None or add_months(stable[0], STABLE_MONTHS) > stable[1]:
        since = (
            _("stable since %(on)s, last seen %(last)s") % {"on": stable[0], "last": stable[1]}
            if stable
            else _("not at or above the threshold at the latest visit")
        )
        raise ValidationError(
            _(
                "The risk is removed only after the income has stayed at or above the threshold "
                "for at least %(months)d months, shown by follow-up visits (%(since)s)."
            )
            % {"months": STABLE_MONTHS, "since": since},
            code="not_stable",
        )
    if removed_on < stable[1]:
        raise ValidationError(
            {
                "removed_on": _("Dated before the latest follow-up visit (%(on)s).")
                % {"on": stable[1]}
            }
        )
    case.state = CaseState.REMOVED
    case.closed_on = removed_on
    case.closing_note = note
    case.closed_by = user if getattr(user, "pk", None) else None
    case.save(update_fields=["state", "closed_on", "closing_note", "closed_by"])
    set_household_status(case.household, MonitoringStatus.CLEARED)
    return case
