"""Scoped reads of loans, donation receipts and tax benefits; charity sums and benefit totals.

Out of scope answers 404 (audited), the same as missing. Helper liaisons read their own
helper's loans, receipts and tax benefits; offices those of their counties. What is left to
issue a receipt for is here too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.http import Http404

from bangfu.accounts import audit
from bangfu.assistance.models import Assistance
from bangfu.pairing.models import Pairing, Pathway
from bangfu.places.models import Division
from bangfu.support.models import DonationReceipt, Loan, TaxBenefit
from bangfu.visits.permissions import may_manage_support
from bangfu.visits.selectors import counties_in_scope

ZERO = Decimal("0.00")


def managed_counties(user) -> list[Division]:
    """The counties in scope whose support `user` manages (`support.manage`)."""
    return [c for c in counties_in_scope(user) if may_manage_support(user, c.pk)]


# --------------------------------------------------------------------------- loans


def helper_was_paired(*, helper, county: Division, on: dt.date) -> bool:
    """The helper has a pairing in `county` that is or was active on or before `on`
    (activated, whatever became of it since: active, suspended, ended or relayed)."""
    return Pairing.objects.filter(
        helper=helper, county=county, activated_on__isnull=False, activated_on__lte=on
    ).exists()


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
    return _get(Loan, user, pk, Loan._meta.label_lower)


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
    return _get(DonationReceipt, user, pk, DonationReceipt._meta.label_lower)


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


# --------------------------------------------------------------------------- tax benefits

BENEFIT_FILTERS = ("county", "helper", "year", "kind", "village")


def tax_benefit_list_for_user(*, user, filters: dict | None = None):
    """Tax benefits in scope (offices by county, a liaison its own helper's), filtered by
    county code, helper USCC, year, kind and village code."""
    filters = filters or {}
    qs = TaxBenefit.objects.for_user(user).select_related(
        "helper", "county", "pairing", "pairing__village__parent", "evidence"
    )
    if filters.get("county"):
        qs = qs.filter(county__code=filters["county"])
    if filters.get("helper"):
        qs = qs.filter(helper__uscc=str(filters["helper"]).upper())
    if filters.get("year"):
        qs = qs.filter(year=int(filters["year"]))
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("village"):
        qs = qs.filter(pairing__village__code=filters["village"])
    return qs.order_by("-year", "county__code", "helper__initials", "id")


def tax_benefit_get_for_user(*, user, pk: int) -> TaxBenefit:
    return _get(TaxBenefit, user, pk, TaxBenefit._meta.label_lower)


def tax_benefit_totals(*, user, filters: dict | None = None) -> dict:
    """Totals of the benefits in scope (and `filters`): per helper, per county and in all,
    each with its count, largest first."""
    qs = tax_benefit_list_for_user(user=user, filters=filters).order_by()
    helpers = (
        qs.values("helper__uscc", "helper__name")
        .annotate(n=Count("id"), total=Sum("amount_yuan"))
        .order_by("-total", "helper__uscc")
    )
    counties = (
        qs.values("county__code", "county__name")
        .annotate(n=Count("id"), total=Sum("amount_yuan"))
        .order_by("county__code")
    )
    overall = qs.aggregate(n=Count("id"), total=Sum("amount_yuan"))
    return {
        "helpers": list(helpers),
        "counties": list(counties),
        "n": overall["n"],
        "total": overall["total"] or ZERO,
    }


def benefit_pairings(user):
    """The activated pairings whose benefits `user` may record (`support.manage`)."""
    counties = [c.pk for c in managed_counties(user)]
    return (
        Pairing.objects.filter(county__in=counties, activated_on__isnull=False)
        .select_related("helper", "village")
        .order_by("county__code", "helper__initials", "village__code", "id")
    )
