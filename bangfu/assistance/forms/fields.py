"""Widgets and fields the assistance forms share: amounts, counts, kinds by pathway, a period."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import KINDS_BY_PATHWAY, Kind

MONEY_WIDGET = forms.NumberInput(attrs={"min": "0", "step": "0.01", "inputmode": "decimal"})
COUNT_WIDGET = forms.NumberInput(attrs={"min": "0", "step": "1", "inputmode": "numeric"})


#: The measures that fit each kind of help: the form shows these once a kind is chosen
#: (and any other measure that already holds a value, so that nothing typed is hidden).
REACH = ("households_reached",)
MEASURES_BY_KIND: dict[str, tuple[str, ...]] = {
    "money_donation": ("money_yuan", *REACH),
    "goods_donation": ("goods_yuan", *REACH),
    "schooling": ("money_yuan", "goods_yuan", *REACH),
    "elderly": ("money_yuan", "goods_yuan", *REACH),
    "disabled": ("money_yuan", "goods_yuan", *REACH),
    "medical": ("money_yuan", "goods_yuan", *REACH),
    "training": ("persons_trained", "poor_trained", "money_yuan", *REACH),
    "jobs": ("jobs", "poor_jobs", "wages_yuan", *REACH),
    "investment": ("investment_yuan", "jobs", "poor_jobs", "wages_yuan", *REACH),
    "new_business": ("investment_yuan", "jobs", "poor_jobs", "wages_yuan", *REACH),
    "purchase": ("purchase_yuan", *REACH),
    "consignment": ("purchase_yuan", *REACH),
    "processing": ("purchase_yuan", "jobs", "poor_jobs", "wages_yuan", *REACH),
    "direct_channel": ("purchase_yuan", *REACH),
    "ppp": ("investment_yuan", *REACH),
    "cooperative": ("investment_yuan", "money_yuan", *REACH),
    "entrepreneur": ("persons_trained", "poor_trained", "money_yuan", *REACH),
    "stationed_staff": ("volunteer_hours", "money_yuan", *REACH),
    "ecommerce": ("purchase_yuan", "persons_trained", "poor_trained", *REACH),
    "volunteers": ("volunteer_hours", *REACH),
    "loan": ("loan_yuan", "loan_rate", *REACH),
    "fund": ("money_yuan", "investment_yuan", *REACH),
}


def pathways_of(kind: str) -> list[str]:
    return [p for p, kinds in KINDS_BY_PATHWAY.items() if kind in kinds]


def kind_choices() -> list:
    """Every kind once, in the order of the pathways (training belongs to two); the widget
    (`KindSelect`) tells the page which pathways each kind belongs to."""
    seen: list[str] = []
    for kinds in KINDS_BY_PATHWAY.values():
        seen += [k for k in kinds if k not in seen]
    return [("", _("— choose —")), *((k, Kind(k).label) for k in seen)]


class KindSelect(forms.Select):
    """The kind: each option names its pathways and the measures that fit it, so that
    static/bangfu/forms.js offers only the chosen pathway's kinds and their measures."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-kind-select": "1", **(attrs or {})}, choices)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value:
            option["attrs"]["data-pathways"] = " ".join(pathways_of(str(value)))
            option["attrs"]["data-measures"] = " ".join(MEASURES_BY_KIND.get(str(value), ()))
        return option


def period_field(**kwargs) -> forms.CharField:
    return forms.CharField(
        label=_("Period"),
        max_length=6,
        widget=forms.TextInput(attrs={"placeholder": "2017H2", "size": "6"}),
        **kwargs,
    )
