"""Assistance actions: record, submit, confirm or send back, re-open, correct; period locks.

A record is drafted by the helper (its liaison) or the county office, submitted, and then
confirmed — or sent back with a note — by the county office of the village's county. Only
confirmed records count (indicators.py). A confirmed record is locked: it changes only by
re-opening it (county office, with a reason, audited) or by a correcting record that
supersedes it once confirmed. Nothing changes in a county's half-year once its filing has
been accepted (`PeriodLock`), until the city office lifts the lock.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts import audit
from bangfu.accounts.guards import require
from bangfu.accounts.roles import Role, can
from bangfu.core.periods import period_of
from bangfu.core.uploads import store_evidence
from bangfu.pairing.models import Pathway

from .models import (
    COUNT_FIELDS,
    KINDS_BY_PATHWAY,
    MAX_COUNT,
    MAX_YUAN,
    MONEY_FIELDS,
    Assistance,
    AssistanceStatus,
    Beneficiary,
    Kind,
    PeriodLock,
)

EDITABLE = (AssistanceStatus.DRAFT, AssistanceStatus.RETURNED)
MEASURES = (*MONEY_FIELDS, *COUNT_FIELDS, "loan_rate")

# ----------------------------------------------------------------------------- who may act


def is_own_helper(user, helper_id: int | None) -> bool:
    return (
        getattr(user, "role", None) == Role.HELPER
        and user.is_active
        and user.helper_id is not None
        and user.helper_id == helper_id
    )


def is_county_office(user, county_id: int | None) -> bool:
    return can(user, "assistance.confirm") and user.county_id == county_id


def may_record(user, *, helper_id: int | None, county_id: int | None) -> bool:
    """The helper's own liaison, or the county office of the village."""
    return is_own_helper(user, helper_id) or is_county_office(user, county_id)


# ----------------------------------------------------------------------------- checks


def is_locked(county_id: int, period: str) -> bool:
    return PeriodLock.objects.filter(county_id=county_id, period=period).exists()


def _check_not_locked(county, day: dt.date) -> None:
    period = period_of(day)
    if is_locked(county.pk, period.code):
        raise ValidationError(
            {
                "on": _(
                    "%(county)s's %(period)s has been accepted and is locked; the city office "
                    "must re-open it before records of that period change."
                )
                % {"county": county.name, "period": period.label}
            },
            code="locked",
        )


def _amount(name: str, value) -> Decimal:
    try:
        amount = Decimal(str(value if value not in (None, "") else 0))
    except InvalidOperation:
        raise ValidationError({name: _("Write an amount in yuan, e.g. 12000.50.")}) from None
    if not amount.is_finite():
        raise ValidationError({name: _("Write an amount in yuan, e.g. 12000.50.")})
    if amount < 0:
        raise ValidationError(
            {name: ValidationError(_("An amount cannot be negative."), code="negative")}
        )
    if amount > MAX_YUAN:
        message = _(
            "%(amount)s yuan is more than one record can hold (at most %(max)s yuan); "
            "check the unit (yuan, not 万元) and the digits."
        ) % {"amount": f"{amount:,.2f}", "max": f"{MAX_YUAN:,.0f}"}
        raise ValidationError({name: ValidationError(message, code="absurd")})
    return amount.quantize(Decimal("0.01"))


def _count(name: str, value) -> int:
    try:
        n = int(value or 0)
    except (TypeError, ValueError):
        raise ValidationError({name: _("Write a whole number.")}) from None
    if n < 0:
        raise ValidationError(
            {name: ValidationError(_("A count cannot be negative."), code="negative")}
        )
    if n > MAX_COUNT:
        message = _("%(n)s is more than one record can hold.") % {"n": f"{n:,}"}
        raise ValidationError({name: ValidationError(message, code="absurd")})
    return n


def clean_measures(fields: dict) -> dict:
    """Typed, range-checked measures; poor persons never outnumber persons."""
    out = {}
    for name in MONEY_FIELDS:
        out[name] = _amount(name, fields.get(name))
    for name in COUNT_FIELDS:
        out[name] = _count(name, fields.get(name))
    rate = fields.get("loan_rate")
    if rate in (None, ""):
        out["loan_rate"] = None
    else:
        try:
            out["loan_rate"] = Decimal(str(rate)).quantize(Decimal("0.01"))
        except InvalidOperation:
            raise ValidationError(
                {"loan_rate": _("Write a rate in % a year, e.g. 4.35.")}
            ) from None
        if not (0 <= out["loan_rate"] <= 36):
            raise ValidationError({"loan_rate": _("A loan rate is between 0 and 36% a year.")})
    errors = {}
    if out["poor_trained"] > out["persons_trained"]:
        errors["poor_trained"] = _(
            "Poor persons trained (%(poor)d) cannot outnumber persons trained (%(all)d)."
        ) % {"poor": out["poor_trained"], "all": out["persons_trained"]}
    if out["poor_jobs"] > out["jobs"]:
        errors["poor_jobs"] = _(
            "Jobs for poor persons (%(poor)d) cannot outnumber jobs (%(all)d)."
        ) % {"poor": out["poor_jobs"], "all": out["jobs"]}
    if errors:
        raise ValidationError(errors)
    return out


def _check_kind(pathway: str, kind: str) -> None:
    if pathway not in KINDS_BY_PATHWAY:
        raise ValidationError({"pathway": _("Choose one of the six pathways.")})
    if kind not in KINDS_BY_PATHWAY[pathway]:
        raise ValidationError(
            {
                "kind": _("%(kind)s is not a kind of %(pathway)s help; choose one of: %(kinds)s.")
                % {
                    "kind": Kind(kind).label if kind in Kind.values else kind,
                    "pathway": Pathway(pathway).label,
                    "kinds": "、".join(str(Kind(k).label) for k in KINDS_BY_PATHWAY[pathway]),
                }
            }
        )


def _check_pairing(pairing, helper, village, on: dt.date) -> None:
    if pairing is None:
        return
    if pairing.helper_id != helper.pk or pairing.village_id != village.pk:
        raise ValidationError(
            {
                "pairing": _("Pairing %(number)s is not this helper's with this village.")
                % {"number": pairing.number}
            }
        )
    if on < pairing.start_date:
        raise ValidationError(
            {
                "on": _("Dated %(on)s, before pairing %(number)s began (%(start)s).")
                % {"on": on, "number": pairing.number, "start": pairing.start_date}
            },
            code="before_pairing",
        )


def _beneficiaries(village, households) -> list:
    out = []
    for h in households:
        if h.village_id != village.pk:
            raise ValidationError(
                {
                    # no head's name: a liaison who types another village's number
                    # learns nothing about that household
                    "beneficiaries": _("Household %(ref)s does not live in %(village)s.")
                    % {"ref": h.ref, "village": village.name}
                },
                code="outside_village",
            )
        out.append(h)
    return out


# ----------------------------------------------------------------------------- actions


def assistance_save(
    *,
    user,
    helper,
    village,
    on: dt.date,
    pathway: str,
    kind: str,
    description: str,
    record: Assistance | None = None,
    pairing=None,
    beneficiaries=(),
    uploads=(),
    corrects: Assistance | None = None,
    **measures,
) -> Assistance:
    """Create or edit a draft (or sent-back) record, checked in full."""
    if village.level != "village":
        raise ValidationError({"village": _("Choose a village.")})
    require(
        may_record(user, helper_id=helper.pk, county_id=village.county_id),
        "assistance.record",
        village,
    )
    if record is not None:
        if record.status not in EDITABLE:
            raise ValidationError(
                _("A %(status)s record cannot be edited; re-open it or record a correction.")
                % {"status": record.get_status_display()},
                code="locked_record",
            )
        require(
            may_record(user, helper_id=record.helper_id, county_id=record.county_id),
            "assistance.record",
            record,
        )
        _check_not_locked(record.county, record.on)
    if on > timezone.localdate():
        raise ValidationError({"on": _("A record cannot be dated in the future.")})
    if not (description or "").strip():
        raise ValidationError({"description": _("Say what was done.")})
    _check_kind(pathway, kind)
    _check_pairing(pairing, helper, village, on)
    _check_not_locked(village.county, on)
    values = clean_measures(measures)
    households = _beneficiaries(village, beneficiaries)
    values["households_reached"] = max(values["households_reached"], len(households))
    with transaction.atomic():
        files = [store_evidence(u, user=user) for u in uploads]
        record = record or Assistance(created_by=user if getattr(user, "pk", None) else None)
        record.helper = helper
        record.village = village
        record.pairing = pairing
        record.on = on
        record.pathway = pathway
        record.kind = kind
        record.description = description.strip()
        record.corrects = corrects if corrects is not None else record.corrects
        for name, value in values.items():
            setattr(record, name, value)
        record.save()
        current = set(record.beneficiaries.values_list("id", flat=True))
        wanted = {h.pk for h in households}
        if current != wanted:
            Beneficiary.objects.filter(assistance=record).exclude(household_id__in=wanted).delete()
            Beneficiary.objects.bulk_create(
                [Beneficiary(assistance=record, household_id=h) for h in wanted - current]
            )
            audit.record(
                event="update",
                obj=record,
                changes={"beneficiaries": [sorted(current), sorted(wanted)]},
            )
        if files:
            record.evidence.add(*files)
    return record


def assistance_submit(*, user, record: Assistance) -> Assistance:
    """draft or sent back → submitted, for the county office to confirm."""
    require(
        may_record(user, helper_id=record.helper_id, county_id=record.county_id),
        "assistance.submit",
        record,
    )
    if record.status not in EDITABLE:
        raise ValidationError(_("Only a draft or a record sent back can be submitted."))
    _check_not_locked(record.county, record.on)
    with transaction.atomic():
        record.status = AssistanceStatus.SUBMITTED
        record.submitted_by = user if getattr(user, "pk", None) else None
        record.submitted_at = timezone.now()
        record.save(update_fields=["status", "submitted_by", "submitted_at"])
    return record


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
    _check_not_locked(record.county, record.on)
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
    _check_not_locked(record.county, record.on)
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
    _check_not_locked(record.county, record.on)
    with transaction.atomic():
        record.status = AssistanceStatus.DRAFT
        record.review_note = reason.strip()
        record.confirmed_by = None
        record.confirmed_at = None
        record.save(update_fields=["status", "review_note", "confirmed_by", "confirmed_at"])
        audit.record(event="reopen", obj=record, detail=reason.strip())
    return record


def assistance_correct(*, user, record: Assistance, **fields) -> Assistance:
    """A correcting draft for a confirmed record: the original counts until it is confirmed."""
    if record.status != AssistanceStatus.CONFIRMED:
        raise ValidationError(_("Only a confirmed record is corrected by a new record."))
    base = {
        "helper": record.helper,
        "village": record.village,
        "pairing": record.pairing,
        "on": record.on,
        "pathway": record.pathway,
        "kind": record.kind,
        "description": record.description,
        "beneficiaries": list(record.beneficiaries.all()),
        **{m: getattr(record, m) for m in MEASURES},
    }
    base.update(fields)
    return assistance_save(user=user, corrects=record, **base)


def period_lock(*, user, county, period: str, reason: str = "") -> PeriodLock:
    """Close a county's half-year (the reporting calendar does it on acceptance)."""
    require(user is None or can(user, "period.lock"), "period.lock", county)
    lock, _created = PeriodLock.objects.get_or_create(
        county=county, period=period, defaults={"reason": reason}
    )
    return lock


def period_unlock(*, user, county, period: str, reason: str) -> None:
    """The city office re-opens a locked half-year, with a reason (audited)."""
    require(can(user, "period.lock"), "period.unlock", county)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for re-opening the period.")})
    with transaction.atomic():
        for lock in PeriodLock.objects.filter(county=county, period=period):
            lock.delete()
        audit.record(event="period_unlock", obj=county, detail=f"{period}: {reason.strip()}")
