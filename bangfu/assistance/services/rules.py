"""Who may record or review assistance, and the checks every assistance action shares."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from bangfu.accounts.roles import Role, can
from bangfu.core.periods import period_of
from bangfu.pairing.models import Pathway
from bangfu.pairing.services.rules import is_own_helper

from ..models import (
    COUNT_FIELDS,
    KINDS_BY_PATHWAY,
    MAX_COUNT,
    MAX_YUAN,
    MONEY_FIELDS,
    AssistanceStatus,
    Kind,
    PeriodLock,
)

EDITABLE = (AssistanceStatus.DRAFT, AssistanceStatus.RETURNED)


# ----------------------------------------------------------------------------- who may act


def is_county_office(user, county_id: int | None) -> bool:
    return can(user, "assistance.confirm") and user.county_id == county_id


def is_liaison(user) -> bool:
    """A helper's liaison (who records for its own helper only)."""
    return getattr(user, "role", None) == Role.HELPER


def may_record_any(user) -> bool:
    """Who records assistance at all: a county office (for its county) or a helper liaison
    (for its own helper)."""
    return can(user, "assistance.confirm") or (is_liaison(user) and user.helper_id is not None)


def may_record(user, *, helper_id: int | None, county_id: int | None) -> bool:
    """The helper's own liaison, or the county office of the village."""
    return is_own_helper(user, helper_id) or is_county_office(user, county_id)


# ----------------------------------------------------------------------------- checks


def is_locked(county_id: int, period: str) -> bool:
    return PeriodLock.objects.filter(county_id=county_id, period=period).exists()


def check_not_locked(county, day: dt.date) -> None:
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


def clean_amount(name: str, value) -> Decimal:
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


def clean_count(name: str, value) -> int:
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
        out[name] = clean_amount(name, fields.get(name))
    for name in COUNT_FIELDS:
        out[name] = clean_count(name, fields.get(name))
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


def check_kind(pathway: str, kind: str) -> None:
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


def check_pairing(pairing, helper, village, on: dt.date) -> None:
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


def beneficiaries_in(village, households) -> list:
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
