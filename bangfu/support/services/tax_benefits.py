"""Tax benefits (税收优惠) of helpers' investments and donations in paired villages: record
one, correct one.

Who records: `support.manage`, as for loans (county offices for their county, the city
office for all). The benefit belongs to an activated pairing (the plan: "企业在结对村的各类
投资和捐赠，依法享受优惠财税政策"); its year is not before the pairing's activation year nor
after this year; the evidence is a PDF or image checked by `core.uploads`. Saves are audited
by `BusinessModel`.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts.guards import require
from bangfu.core.uploads import check_evidence, store_evidence
from bangfu.support.models import MAX_BENEFIT_YUAN, BenefitKind, TaxBenefit
from bangfu.visits.permissions import may_manage_support
from bangfu.visits.services import actor


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(
            {"amount_yuan": _("Write an amount in yuan, e.g. 6200.00.")}
        ) from None
    if amount <= 0:
        raise ValidationError(
            {"amount_yuan": _("The amount of the benefit must be more than 0 yuan.")}
        )
    if amount > MAX_BENEFIT_YUAN:
        raise ValidationError(
            {
                "amount_yuan": _(
                    "%(amount)s yuan is more than a single tax benefit can be (100 million "
                    "yuan); check the figure."
                )
                % {"amount": amount}
            }
        )
    return amount


def _check(pairing, kind: str, amount_yuan, year) -> tuple[Decimal, int]:
    errors = {}
    if kind not in BenefitKind.values:
        errors["kind"] = _("Choose the kind of benefit.")
    this_year = timezone.localdate().year
    if pairing.activated_on is None:
        errors["pairing"] = _(
            "Pairing %(number)s has not been activated: tax benefits are for paired villages."
        ) % {"number": pairing.number}
    elif year is None or not (pairing.activated_on.year <= int(year) <= this_year):
        errors["year"] = _(
            "The year is between the pairing's start (%(first)d) and this year (%(last)d)."
        ) % {"first": pairing.activated_on.year, "last": this_year}
    try:
        amount = _amount(amount_yuan)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        amount = None
    if errors:
        raise ValidationError(errors)
    return amount, int(year)


def tax_benefit_record(
    *, user, pairing, kind: str, amount_yuan, year: int, evidence, remark: str = ""
) -> TaxBenefit:
    """Record a tax benefit of the pairing's helper for its investment or donation in the
    pairing's village, with its evidence file (required)."""
    require(may_manage_support(user, pairing.county_id), "support.manage", pairing)
    amount, year = _check(pairing, kind, amount_yuan, year)
    if not evidence:
        raise ValidationError(
            {"evidence": _("Attach the evidence (the tax office's decision or filing).")}
        )
    try:
        check_evidence(evidence)
    except ValidationError as exc:
        raise ValidationError({"evidence": exc.messages}) from None
    with transaction.atomic():
        benefit = TaxBenefit(
            helper_id=pairing.helper_id,
            pairing=pairing,
            county_id=pairing.county_id,
            kind=kind,
            amount_yuan=amount,
            year=year,
            evidence=store_evidence(evidence, user=user),
            remark=(remark or "").strip(),
            recorded_by=actor(user),
        )
        benefit.save()
    return benefit


def tax_benefit_update(
    *, user, benefit: TaxBenefit, kind: str, amount_yuan, year: int, evidence=None, remark=""
) -> TaxBenefit:
    """Correct a recorded benefit; a new evidence file replaces the one on file (the older
    file stays stored and the change is in the audit trail)."""
    require(may_manage_support(user, benefit.county_id), "support.manage", benefit)
    amount, year = _check(benefit.pairing, kind, amount_yuan, year)
    if evidence:
        try:
            check_evidence(evidence)
        except ValidationError as exc:
            raise ValidationError({"evidence": exc.messages}) from None
    with transaction.atomic():
        fields = ["kind", "amount_yuan", "year", "remark"]
        benefit.kind, benefit.amount_yuan, benefit.year = kind, amount, year
        benefit.remark = (remark or "").strip()
        if evidence:
            benefit.evidence = store_evidence(evidence, user=user)
            fields.append("evidence")
        benefit.save(update_fields=fields)
    return benefit
