"""Assistance pieces for other parts' pages: a pairing's records, a record's key measure."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from bangfu.assistance.selectors.records import pairing_records
from bangfu.assistance.services.rules import may_record
from bangfu.pairing.models import OPEN_STATUSES

register = template.Library()

# The measure that says most about a record of each kind, in order of preference; the first
# one the record carries is shown (then any other it carries).
KEY_MEASURES: dict[str, tuple[str, ...]] = {
    "money_donation": ("money_yuan", "goods_yuan"),
    "goods_donation": ("goods_yuan", "money_yuan"),
    "schooling": ("money_yuan", "goods_yuan"),
    "elderly": ("money_yuan", "goods_yuan"),
    "disabled": ("money_yuan", "goods_yuan"),
    "medical": ("money_yuan", "goods_yuan"),
    "training": ("persons_trained",),
    "jobs": ("jobs", "wages_yuan"),
    "investment": ("investment_yuan",),
    "new_business": ("investment_yuan", "jobs"),
    "purchase": ("purchase_yuan",),
    "consignment": ("purchase_yuan",),
    "processing": ("purchase_yuan",),
    "direct_channel": ("purchase_yuan",),
    "ppp": ("investment_yuan",),
    "cooperative": ("investment_yuan", "households_reached"),
    "entrepreneur": ("investment_yuan", "loan_yuan"),
    "stationed_staff": ("persons_trained", "households_reached"),
    "ecommerce": ("purchase_yuan", "persons_trained"),
    "volunteers": ("volunteer_hours",),
    "loan": ("loan_yuan",),
    "fund": ("investment_yuan", "money_yuan"),
}
FALLBACK = (
    "money_yuan",
    "goods_yuan",
    "investment_yuan",
    "purchase_yuan",
    "loan_yuan",
    "persons_trained",
    "jobs",
    "volunteer_hours",
    "households_reached",
)
POOR_OF = {"persons_trained": "poor_trained", "jobs": "poor_jobs"}


@register.filter
def yuan(value) -> str:
    """12345.5 → 12,345.50 (yuan, two places)."""
    if value in (None, ""):
        return ""
    return f"{Decimal(value):,.2f}"  # grouped by thousands in every language, as the forms are


@register.filter
def grouped(value) -> str:
    """40000 → 40,000; 17100.50 → 17,100.5 (counts and areas, grouped by thousands)."""
    if value in (None, ""):
        return ""
    if isinstance(value, int):
        return f"{value:,}"
    text = f"{Decimal(value):,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _show(record, name: str) -> str:
    value = getattr(record, name)
    label = record._meta.get_field(name).verbose_name
    if name.endswith("_yuan"):
        text = f"{label} {yuan(value)}"
        if name == "loan_yuan" and record.loan_rate is not None:
            text += f" · {record.loan_rate}%"
        return text
    text = f"{label} {grouped(value)}"
    poor = POOR_OF.get(name)
    if poor and getattr(record, poor):
        text += " " + _("(%(n)s poor)") % {"n": grouped(getattr(record, poor))}
    return text


@register.filter
def key_measure(record) -> str:
    """The record's main figure, e.g. “persons trained 40 (25 poor)” or “money (yuan) 5,000.00”."""
    for name in (*KEY_MEASURES.get(record.kind, ()), *FALLBACK):
        if getattr(record, name):
            return _show(record, name)
    return "—"


@register.inclusion_tag("assistance/_pairing_records.html", takes_context=True)
def pairing_assistance(context, pairing, limit: int = 20):
    """The latest assistance records of a pairing, with “Record assistance” for those who
    may record (the helper's liaison, the county office), for the pairing's page."""
    user = context["request"].user
    records = pairing_records(user=user, pairing=pairing, limit=limit)
    return {
        "pairing": pairing,
        "records": records,
        "limit": limit,
        "can_record": pairing.status in OPEN_STATUSES
        and may_record(user, helper_id=pairing.helper_id, county_id=pairing.county_id),
    }
