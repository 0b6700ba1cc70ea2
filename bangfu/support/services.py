"""Support owed to helpers (seed §六(二)): subsidised loans and donation receipts.

Services (one business action each, in one audited transaction) and scoped selectors.
`support.manage`: county offices for their county, the city office for all; helper
liaisons read their own helper's loans and receipts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts import audit
from bangfu.accounts.guards import require
from bangfu.assistance.models import Assistance
from bangfu.pairing.models import Pairing, Pathway
from bangfu.places.models import Division
from bangfu.support.models import MAX_LOAN_YUAN, MAX_RATE, MAX_TERM_MONTHS, DonationReceipt, Loan
from bangfu.visits.services import _user, county_office_name, may_manage_support

ZERO = Decimal("0.00")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# --------------------------------------------------------------------------- loans


def helper_was_paired(*, helper, county: Division, on: dt.date) -> bool:
    """The helper has a pairing in `county` that is or was active on or before `on`
    (activated, whatever became of it since: active, suspended, ended or relayed)."""
    return Pairing.objects.filter(
        helper=helper, county=county, activated_on__isnull=False, activated_on__lte=on
    ).exists()


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
        recorded_by=_user(user),
    )
    with transaction.atomic():
        loan.full_clean(exclude=["recorded_by"])
        loan.save()
    return loan


def loan_list_for_user(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = Loan.objects.for_user(user).select_related("helper", "county")
    if filters.get("county"):
        qs = qs.filter(county__code=filters["county"])
    if filters.get("helper"):
        qs = qs.filter(helper__uscc=filters["helper"])
    if filters.get("year"):
        qs = qs.filter(granted_on__year=int(filters["year"]))
    return qs.order_by("-granted_on", "-id")


def loan_get_for_user(*, user, pk: int) -> Loan:
    return _get(Loan, user, pk, "oversight.loan")


def _get(model, user, pk, label):
    obj = model.objects.select_related("helper", "county").filter(pk=pk).first()
    if obj is None or not model.objects.for_user(user).filter(pk=pk).exists():
        if obj is not None:
            audit.record(
                event="access_denied",
                object_type=label,
                object_id=str(pk),
                outcome="denied",
                detail="out of scope",
            )
        raise Http404("Not found")
    return obj


# --------------------------------------------------------------------------- receipts


@dataclass
class CharitySum:
    money_yuan: Decimal
    goods_yuan: Decimal
    records: int

    @property
    def amount_yuan(self) -> Decimal:
        return self.money_yuan + self.goods_yuan


def charity_records(*, helper, county: Division, year: int):
    """The records a receipt counts: the helper's CONFIRMED charity-pathway records dated in
    `year` in `county` (统计口径: only confirmed records count)."""
    return Assistance.objects.confirmed().filter(
        helper=helper, county=county, pathway=Pathway.CHARITY, on__year=year
    )


def charity_sum(*, helper, county: Division, year: int) -> CharitySum:
    agg = charity_records(helper=helper, county=county, year=year).aggregate(
        money=Sum("money_yuan"), goods=Sum("goods_yuan"), n=Count("id")
    )
    return CharitySum(
        money_yuan=agg["money"] or ZERO, goods_yuan=agg["goods"] or ZERO, records=agg["n"]
    )


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
            issued_by=_user(user),
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
        from bangfu.core.uploads import store_generated

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
        receipt.voided_by = _user(user)
        receipt.save(update_fields=["voided_on", "void_reason", "voided_by"])
    return receipt


def receipt_list_for_user(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = DonationReceipt.objects.for_user(user).select_related("helper", "county")
    if filters.get("county"):
        qs = qs.filter(county__code=filters["county"])
    if filters.get("helper"):
        qs = qs.filter(helper__uscc=filters["helper"])
    if filters.get("year"):
        qs = qs.filter(year=int(filters["year"]))
    if filters.get("valid"):
        qs = qs.filter(voided_on__isnull=True)
    return qs.order_by("helper__initials", "helper_id", "-year", "-id")


def receipt_get_for_user(*, user, pk: int) -> DonationReceipt:
    return _get(DonationReceipt, user, pk, "oversight.donationreceipt")


def receipt_candidates(*, user, year: int, county: str | None = None):
    """Helpers with confirmed charity in `year` (in the user's counties) and no valid receipt
    yet: what is left to issue, with its sum."""
    qs = (
        Assistance.objects.for_user(user).confirmed().filter(pathway=Pathway.CHARITY, on__year=year)
    )
    if county:
        qs = qs.filter(county__code=county)
    issued = set(
        DonationReceipt.objects.valid().filter(year=year).values_list("helper_id", "county_id")
    )
    rows = (
        qs.values(
            "helper_id", "helper__name", "helper__uscc", "county_id", "county__name", "county__code"
        )
        .annotate(money=Sum("money_yuan"), goods=Sum("goods_yuan"), n=Count("id"))
        .order_by("county__code", "helper__name")
    )
    return [
        {**r, "amount": (r["money"] or ZERO) + (r["goods"] or ZERO)}
        for r in rows
        if (r["helper_id"], r["county_id"]) not in issued
        and (r["money"] or ZERO) + (r["goods"] or ZERO) > 0
    ]


# --------------------------------------------------------------------------- the .docx

DIGITS = "零壹贰叁肆伍陆柒捌玖"
UNITS = ("", "拾", "佰", "仟")
GROUPS = ("", "万", "亿", "万亿")


def _four(n: int) -> str:
    out, zero = "", False
    for i in range(3, -1, -1):
        d = n // 10**i % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += DIGITS[d] + UNITS[i]
    return out


def yuan_in_words(amount: Decimal) -> str:
    """An amount in capital Chinese numerals, as on receipts: 1234.50 → 壹仟贰佰叁拾肆元伍角整."""
    amount = Decimal(amount).quantize(Decimal("0.01"))
    whole, cents = divmod(int(amount * 100), 100)
    parts, group, need_zero = [], 0, False
    while whole:
        chunk = whole % 10000
        if chunk:
            text = _four(chunk) + GROUPS[group]
            if need_zero:
                text += "零"
            parts.insert(0, text)
            need_zero = chunk < 1000
        elif parts:
            need_zero = True
        whole //= 10000
        group += 1
    text = "".join(parts)
    text = text.rstrip("零") if text else "零"
    text += "元"
    jiao, fen = divmod(cents, 10)
    if not cents:
        return text + "整"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif fen:
        text += "零"
    if fen:
        text += DIGITS[fen] + "分"
    else:
        text += "整"
    return text


def _d(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _y(value: Decimal) -> str:
    return f"{value:,.2f}"


def receipt_docx(receipt: DonationReceipt, records) -> bytes:
    """The receipt as Word, always in Chinese (a tax document): who gave, how much in money
    and goods, in figures and in capitals, and the confirmed records it sums."""
    import io

    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("扶贫公益捐赠票据")
    run.bold = True
    run.font.size = Pt(18)
    doc.add_paragraph(f"票据号码：{receipt.number}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    rows = (
        ("捐赠单位", receipt.helper.name),
        ("统一社会信用代码", receipt.helper.uscc),
        ("受赠地区", f"{receipt.county.name}（结对帮扶贫困村）"),
        ("捐赠年度", f"{receipt.year}年"),
        ("捐赠资金（元）", _y(receipt.money_yuan)),
        ("捐赠物资折款（元）", _y(receipt.goods_yuan)),
        ("合计（元）", _y(receipt.amount_yuan)),
        ("合计（大写）", yuan_in_words(receipt.amount_yuan)),
        ("依据", f"经县扶贫办确认的公益帮扶记录{receipt.records}条（明细见下表）"),
    )
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = str(value)
    doc.add_paragraph()
    doc.add_paragraph("捐赠明细")
    detail = doc.add_table(rows=1, cols=5)
    detail.style = "Table Grid"
    for cell, text in zip(
        detail.rows[0].cells, ("日期", "村", "记录号", "资金（元）", "物资折款（元）"), strict=True
    ):
        cell.text = text
    for r in records:
        cells = detail.add_row().cells
        values = (_d(r.on), r.village.name, r.number, _y(r.money_yuan), _y(r.goods_yuan))
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    doc.add_paragraph()
    doc.add_paragraph(
        "本票据依据“科企帮万村”精准扶贫行动实施方案，证明上述单位在结对帮扶中的公益捐赠，"
        "供其依法享受捐赠税前扣除等优惠财税政策时使用。"
    )
    sign = doc.add_paragraph(f"开具单位：{receipt.issuer}\n开具日期：{_d(receipt.issued_on)}")
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
