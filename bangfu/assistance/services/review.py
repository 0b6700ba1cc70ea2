"""The county office's review: confirm or send back (one record or many at once), re-open."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts import audit
from bangfu.accounts.guards import require
from bangfu.accounts.roles import can
from bangfu.core.periods import period_of

from ..models import Assistance, AssistanceStatus, PeriodLock
from .rules import check_not_locked, is_county_office, is_locked


def _confirm(user, record: Assistance) -> None:
    record.status = AssistanceStatus.CONFIRMED
    record.confirmed_by = user
    record.confirmed_at = timezone.now()
    record.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    if record.corrects_id:
        old = Assistance.objects.select_for_update().get(pk=record.corrects_id)
        if old.status == AssistanceStatus.CONFIRMED:
            old.status = AssistanceStatus.SUPERSEDED
            old.save(update_fields=["status"])


def _send_back(record: Assistance, note: str) -> None:
    record.status = AssistanceStatus.RETURNED
    record.review_note = note
    record.save(update_fields=["status", "review_note"])


def assistance_confirm(*, user, record: Assistance) -> Assistance:
    """submitted → confirmed by the county office of the record's county; it now counts.
    A correction, once confirmed, supersedes the record it corrects."""
    require(is_county_office(user, record.county_id), "assistance.confirm", record)
    if record.status != AssistanceStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted record can be confirmed."))
    check_not_locked(record.county, record.on)
    with transaction.atomic():
        _confirm(user, record)
    return record


def assistance_return(*, user, record: Assistance, note: str) -> Assistance:
    """submitted → sent back with a note saying what to fix. Not in a locked half-year: the
    recorder could not change or resubmit it there."""
    require(is_county_office(user, record.county_id), "assistance.return", record)
    if record.status != AssistanceStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted record can be sent back."))
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what needs fixing.")})
    check_not_locked(record.county, record.on)
    with transaction.atomic():
        _send_back(record, note.strip())
    return record


def reviewable_problem(user, record: Assistance, *, locked: set | None = None) -> str | None:
    """Why the county office `user` cannot confirm or send back `record` now (None: it can).
    `locked`: the (county id, period) pairs that are locked, when the caller has them."""
    if not is_county_office(user, record.county_id):
        return _("not a record of your county")
    if record.status != AssistanceStatus.SUBMITTED:
        return _("not waiting for confirmation (%(status)s)") % {
            "status": record.get_status_display()
        }
    if locked is None:
        locked_now = is_locked(record.county_id, record.period)
    else:
        locked_now = (record.county_id, record.period) in locked
    if locked_now:
        return _("its half-year (%(period)s) has been accepted and is locked") % {
            "period": period_of(record.on).label
        }
    return None


def _review_many(*, user, numbers, what: str, act) -> list[Assistance]:
    """Check every record first and act on all of them in one transaction, or on none."""
    numbers = list(dict.fromkeys(n.strip().upper() for n in numbers if n and n.strip()))
    if not numbers:
        raise ValidationError(_("Choose at least one record."))
    if not can(user, "assistance.confirm"):
        require(False, what)
    with transaction.atomic():
        records = list(
            Assistance.objects.for_user(user)
            .select_for_update(of=("self",))
            .select_related("county")
            .filter(number__in=numbers)
            .order_by("id")
        )
        by_number = {r.number: r for r in records}
        locked = set(
            PeriodLock.objects.filter(
                county_id__in={r.county_id for r in records},
                period__in={r.period for r in records},
            ).values_list("county_id", "period")
        )
        problems = []
        for number in numbers:
            record = by_number.get(number)
            problem = (
                _("no such record")
                if record is None
                else reviewable_problem(user, record, locked=locked)
            )
            if problem:
                problems.append(f"{number}: {problem}")
        if problems:
            raise ValidationError(
                [_("Nothing was changed; these records cannot be acted on:"), *problems],
                code="not_reviewable",
            )
        for number in numbers:
            act(by_number[number])
    return [by_number[n] for n in numbers]


def assistance_confirm_many(*, user, numbers) -> list[Assistance]:
    """Confirm many submitted records of the county office's county at once: all or nothing.
    One audit row per record (each record's own save); a record that cannot be confirmed
    (another county's, not submitted, or in a locked half-year) refuses the whole batch,
    named in the message."""
    return _review_many(
        user=user, numbers=numbers, what="assistance.confirm", act=lambda r: _confirm(user, r)
    )


def assistance_return_many(*, user, numbers, note: str) -> list[Assistance]:
    """Send many submitted records back with the same note: all or nothing, as above."""
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what needs fixing.")})
    note = note.strip()
    return _review_many(
        user=user, numbers=numbers, what="assistance.return", act=lambda r: _send_back(r, note)
    )


def assistance_reopen(*, user, record: Assistance, reason: str) -> Assistance:
    """confirmed → draft, by the county office with a reason (audited): it stops counting."""
    require(is_county_office(user, record.county_id), "assistance.reopen", record)
    if record.status != AssistanceStatus.CONFIRMED:
        raise ValidationError(_("Only a confirmed record can be re-opened."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for re-opening.")})
    check_not_locked(record.county, record.on)
    with transaction.atomic():
        record.status = AssistanceStatus.DRAFT
        record.review_note = reason.strip()
        record.confirmed_by = None
        record.confirmed_at = None
        record.save(update_fields=["status", "review_note", "confirmed_by", "confirmed_at"])
        audit.record(event="reopen", obj=record, detail=reason.strip())
    return record
