"""Locked half-years: closed when a county's filing is accepted (its figures frozen), re-opened by the city office."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bangfu.accounts import audit
from bangfu.accounts.guards import require
from bangfu.accounts.roles import can

from ..models import PeriodLock
from .snapshots import period_figures_drop, period_figures_freeze


def period_lock(*, user, county, period: str, reason: str = "") -> PeriodLock:
    """Close a county's half-year (the reporting calendar does it on acceptance)."""
    require(user is None or can(user, "period.lock"), "period.lock", county)
    with transaction.atomic():
        lock, _created = PeriodLock.objects.get_or_create(
            county=county, period=period, defaults={"reason": reason}
        )
        period_figures_freeze(county=county, period=period)  # 累计 then reads the snapshot
    return lock


def period_unlock(*, user, county, period: str, reason: str) -> None:
    """The city office re-opens a locked half-year, with a reason (audited)."""
    require(can(user, "period.lock"), "period.unlock", county)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for re-opening the period.")})
    with transaction.atomic():
        for lock in PeriodLock.objects.filter(county=county, period=period):
            lock.delete()
        period_figures_drop(county=county, period=period)
        audit.record(event="period_unlock", obj=county, detail=f"{period}: {reason.strip()}")
