"""What every monitoring action shares: who may act, dates, texts, amounts, the case's lock."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts.guards import require
from bangfu.monitoring.models import CaseState, MonitoringCase
from bangfu.monitoring.rules import may_manage
from bangfu.registry.models import Household


def require_manager(user, county_id: int | None, what: str, obj=None) -> None:
    require(may_manage(user, county_id), what, obj)


def not_future(name: str, day: dt.date) -> None:
    if day > timezone.localdate():
        raise ValidationError({name: _("A date cannot be in the future.")}, code="future")


def required_text(name: str, value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({name: message}, code="required")
    return value


def money(name: str, value) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError):
        raise ValidationError({name: _("Write an amount in yuan, e.g. 6200.00.")}) from None
    if not amount.is_finite() or amount < 0 or amount > Decimal("10000000"):
        raise ValidationError({name: _("Write an amount in yuan, e.g. 6200.00.")})
    return amount.quantize(Decimal("0.01"))


def locked(case: MonitoringCase) -> MonitoringCase:
    """The case re-read under a row lock, so that two steps never race."""
    fresh = MonitoringCase.objects.select_for_update().get(pk=case.pk)
    if fresh.version != case.version:
        from bangfu.core.models import StaleRecordError

        raise StaleRecordError(case)
    return fresh


def set_household_status(household: Household, status: str) -> None:
    if household.monitoring != status:
        household = Household.objects.get(pk=household.pk)
        household.monitoring = status
        household.save(update_fields=["monitoring"])


def require_identified(case: MonitoringCase, what: str) -> None:
    if case.state != CaseState.IDENTIFIED:
        raise ValidationError(
            _("%(what)s only for an identified case; this one is %(state)s.")
            % {"what": what, "state": case.get_state_display()},
            code="not_identified",
        )
