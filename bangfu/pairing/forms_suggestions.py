"""Forms of the suggestion pages: a run, a rejection, the fit weights, an opened village."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bangfu.core.forms import BootstrapMixin

from .models import FitWeights


class RunForm(BootstrapMixin, forms.Form):
    county = forms.CharField(label=_("County"), required=False, max_length=12)
    widened = forms.BooleanField(
        label=_("Also helpers from outside the county's region pairings"), required=False
    )


class RejectForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for rejecting"), max_length=500)


class WeightsForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = FitWeights
        fields = list(FitWeights.FIELDS)


class OpenVillageForm(BootstrapMixin, forms.Form):
    village = forms.CharField(label=_("Village code"), max_length=12)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
