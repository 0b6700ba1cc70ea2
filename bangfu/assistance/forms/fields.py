"""Widgets and fields the assistance forms share: amounts, counts, kinds by pathway, a period."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bangfu.pairing.models import Pathway

from ..models import KINDS_BY_PATHWAY, Kind

MONEY_WIDGET = forms.NumberInput(attrs={"min": "0", "step": "0.01", "inputmode": "decimal"})
COUNT_WIDGET = forms.NumberInput(attrs={"min": "0", "step": "1", "inputmode": "numeric"})


def kind_choices() -> list:
    """All kinds, grouped by pathway (a kind may belong to two pathways: training)."""
    return [
        ("", _("— choose —")),
        *(
            (Pathway(p).label, [(k, Kind(k).label) for k in kinds])
            for p, kinds in KINDS_BY_PATHWAY.items()
        ),
    ]


def period_field(**kwargs) -> forms.CharField:
    return forms.CharField(
        label=_("Period"),
        max_length=6,
        widget=forms.TextInput(attrs={"placeholder": "2017H2", "size": "6"}),
        **kwargs,
    )
