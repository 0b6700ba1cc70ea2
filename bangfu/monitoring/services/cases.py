"""Opening monitoring cases: by a county office, or proposed by the data rule."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts.roles import can
from bangfu.monitoring.models import (
    OPEN_STATES,
    CaseSource,
    MonitoringCase,
    MonitoringGroup,
    Step,
)
from bangfu.monitoring.rules import rule_candidates, step_due
from bangfu.registry.models import Household

from .common import not_future, require_manager, required_text


def monitoring_case_open(
    *,
    user,
    household: Household,
    group: str,
    source: str,
    reason: str,
    opened_on: dt.date | None = None,
) -> MonitoringCase:
    """Open a case for a household of the officer's county: the first step is the home visit.
    A household has at most one open case; an unstable exited household must have exited."""
    require_manager(user, household.county_id, "monitoring.open", household)
    opened_on = opened_on or timezone.localdate()
    not_future("opened_on", opened_on)
    if group not in MonitoringGroup.values:
        raise ValidationError({"group": _("Choose one of the monitored groups.")})
    if source not in CaseSource.values:
        raise ValidationError({"source": _("Say how the risk was found.")})
    reason = required_text("reason", reason, _("Describe the risk that was found."))
    if group == MonitoringGroup.UNSTABLE and not (
        household.year_exited and household.year_exited <= opened_on.year
    ):
        raise ValidationError(
            {
                "group": _(
                    "Only a household that has exited poverty is an unstable exited household."
                )
            },
            code="not_exited",
        )
    if opened_on.year < household.year_registered:
        raise ValidationError({"opened_on": _("A case opens after the household was registered.")})
    _check_no_open_case(household)
    case = MonitoringCase(
        household=household,
        group=group,
        source=source,
        reason=reason,
        opened_on=opened_on,
        opened_by=user if getattr(user, "pk", None) else None,
        next_step=Step.HOME_VISIT,
    )
    case.next_due = step_due(case, Step.HOME_VISIT)
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        _check_no_open_case(household)
        raise
    return case


def _check_no_open_case(household: Household) -> None:
    open_case = MonitoringCase.objects.filter(household=household, state__in=OPEN_STATES).first()
    if open_case is not None:
        raise ValidationError(
            _("This household already has an open monitoring case (%(number)s).")
            % {"number": open_case.number},
            code="open_case",
        )


def flag_households(*, year: int, user=None, county=None, today: dt.date | None = None) -> list:
    """Propose cases from the data rule (source: rule), never duplicating an open case. A
    county officer flags its own county; without a user (the command) every county."""
    if user is not None:
        if not can(user, "monitoring.manage"):
            raise PermissionDenied("monitoring.flag")
        county = user.county
    today = today or timezone.localdate()
    created = []
    for household, group, reason in rule_candidates(year=year, county=county):
        with transaction.atomic():
            case = MonitoringCase(
                household=household,
                group=group,
                source=CaseSource.RULE,
                reason=reason,
                opened_on=today,
                opened_by=user,
                next_step=Step.HOME_VISIT,
            )
            case.next_due = step_due(case, Step.HOME_VISIT)
            try:
                with transaction.atomic():
                    case.save()
            except IntegrityError:
                continue  # a case was opened meanwhile
        created.append(case)
    return created
