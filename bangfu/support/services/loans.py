"""Business actions on loans and donation receipts: record a loan, issue or void a receipt.

One business action each, keyword-only, in one audited transaction. `support.manage`:
county offices for their county, the city office for all (visits.permissions). Reads are
in selectors.py, the receipt's .docx in documents.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts.guards import require
from bangfu.core.uploads import store_generated
from bangfu.places.models import Division
from bangfu.support.documents import receipt_docx
from bangfu.support.models import MAX_LOAN_YUAN, MAX_RATE, MAX_TERM_MONTHS, DonationReceipt, Loan
from bangfu.support.selectors import charity_records, charity_sum, helper_was_paired
from bangfu.visits.permissions import may_manage_support
from bangfu.visits.services import actor, county_office_name

# --------------------------------------------------------------------------- loans


def _check_loan(helper, county, amount, interest_rate, subsidy_rate, term_months, granted_on):
    errors = {}
    if amount is None or amount <= 0:
        errors["amount_yuan"] = _("The amount must be more than 0 yuan.")
    elif amount > MAX_LOAN_YUAN:
        errors["amount_yuan"] = _(
            "%(amount)s yuan is more than a single loan can be (1 billion yuan); check the figure."
        ) % {"amount": amount}
    if interest_rate is None or not (0 <= interest_rate <= MAX_RATE):
        errors["interest_rate"] = _("The interest rate is between 0 and 36 % a year.")
    if subsidy_rate is None or subsidy_rate < 0:
        errors["subsidy_rate"] = _("The subsidy cannot be negative.")
    elif interest_rate is not None and subsidy_rate > interest_rate:
        errors["subsidy_rate"] = _("The subsidy cannot be more than the interest rate.")
    if term_months is None or not (1 <= term_months <= MAX_TERM_MONTHS):
        errors["term_months"] = _("The term is between 1 and 360 months.")
    if granted_on is None:
        errors["granted_on"] = _("Give the date the loan was granted.")
    elif granted_on > timezone.localdate():
        errors["granted_on"] = _("The grant date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    if not helper_was_paired(helper=helper, county=county, on=granted_on):
        raise ValidationError(
            {
                "helper": _(
                    "%(helper)s has no pairing in %(county)s that was active by %(date)s: "
                    "subsidised loans go to paired helpers only."
                )
                % {"helper": helper.name, "county": county.name, "date": granted_on}
            },
            code="not_paired",
        )


def loan_record(
    *,
    user,
    helper,
    county: Division,
    bank: str,
    amount_yuan: Decimal,
    interest_rate: Decimal,
    subsidy_rate: Decimal,
    term_months: int,
    granted_on: dt.date,
    note: str = "",
) -> Loan:
    """Record a subsidised loan (扶贫贴息贷款) granted to a helper paired in `county`."""
    require(may_manage_support(user, county.pk), "support.manage", county)
    if county.level != "county":
        raise ValidationError({"county": _("Choose a county.")})
    if not (bank or "").strip():
        raise ValidationError({"bank": _("Name the bank.")})
    _check_loan(helper, county, amount_yuan, interest_rate, subsidy_rate, term_months, granted_on)
    loan = Loan(
        helper=helper,
        county=county,
        bank=bank.strip(),
        amount_yuan=amount_yuan,
        interest_rate=interest_rate,
        subsidy_rate=subsidy_rate,
        term_months=term_months,
        granted_on=granted_on,
        note=(note or "").strip(),
        recorded_by=actor(user),
    )
    with transaction.atomic():
        loan.full_clean(exclude=["recorded_by"])
        loan.save()
    return loan


# --------------------------------------------------------------------------- receipts


def _next_number(county: Division, year: int) -> str:
    prefix = f"JZ{county.code}{year}"
    last = (
        DonationReceipt.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{seq:04d}"


def _duplicate_error(existing: DonationReceipt) -> ValidationError:
    return ValidationError(
        _(
            "Receipt %(number)s was already issued to %(helper)s for %(year)d; void it with a "
            "reason before issuing another."
        )
        % {"number": existing.number, "helper": existing.helper.name, "year": existing.year},
        code="duplicate",
    )


def receipt_issue(
    *, user, helper, county: Division, year: int, issued_on: dt.date | None = None
) -> DonationReceipt:
    """Issue the donation receipt (捐赠票据) of a helper's charity in a county and year: the
    sum is taken from the confirmed records and frozen; the .docx is generated and kept."""
    require(may_manage_support(user, county.pk), "support.manage", county)
    today = timezone.localdate()
    issued_on = issued_on or today
    if issued_on > today:
        raise ValidationError({"issued_on": _("The issue date cannot be in the future.")})
    if not (2000 <= year <= today.year):
        raise ValidationError({"year": _("Choose a year up to this one.")})
    with transaction.atomic():
        existing = DonationReceipt.objects.valid().filter(helper=helper, county=county, year=year)
        if existing.exists():
            raise _duplicate_error(existing.select_related("helper").first())
        total = charity_sum(helper=helper, county=county, year=year)
        if total.amount_yuan <= 0:
            raise ValidationError(
                _(
                    "%(helper)s has no confirmed charity records in %(county)s for %(year)d: "
                    "there is nothing to issue a receipt for."
                )
                % {"helper": helper.name, "county": county.name, "year": year},
                code="nothing",
            )
        receipt = DonationReceipt(
            number=_next_number(county, year),
            helper=helper,
            county=county,
            year=year,
            money_yuan=total.money_yuan,
            goods_yuan=total.goods_yuan,
            amount_yuan=total.amount_yuan,
            records=total.records,
            issued_on=issued_on,
            issuer=county_office_name(county),
            issued_by=actor(user),
        )
        try:
            with transaction.atomic():
                receipt.save()
        except IntegrityError as exc:  # a concurrent issue of the same receipt
            raise _duplicate_error(
                DonationReceipt.objects.valid()
                .select_related("helper")
                .get(helper=helper, county=county, year=year)
            ) from exc
        records = list(
            charity_records(helper=helper, county=county, year=year)
            .select_related("village")
            .order_by("on", "id")
        )
        receipt.document = store_generated(
            receipt_docx(receipt, records),
            name=f"捐赠票据-{receipt.number}.docx",
            # StoredFile.content_type holds 64 characters, fewer than the .docx type's 71:
            # the download view sends DOCX_TYPE.
            content_type="application/octet-stream",
            user=user,
        )
        receipt.save(update_fields=["document"])
    return receipt


def receipt_void(*, user, receipt: DonationReceipt, reason: str) -> DonationReceipt:
    """Void an issued receipt with a reason (a new one may then be issued)."""
    require(may_manage_support(user, receipt.county_id), "support.manage", receipt)
    if receipt.is_void:
        raise ValidationError(_("This receipt is already void."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for voiding the receipt.")})
    with transaction.atomic():
        receipt.voided_on = timezone.localdate()
        receipt.void_reason = reason.strip()
        receipt.voided_by = actor(user)
        receipt.save(update_fields=["voided_on", "void_reason", "voided_by"])
    return receipt
