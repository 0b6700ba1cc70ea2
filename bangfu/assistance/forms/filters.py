"""The assistance list's filters: search, period or dates, place, pathway, kind, status, helper,
and the indicator whose figure the list opened from."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangfu.accounts.roles import Role
from bangfu.core.forms import OPTIONS_ON_DEMAND_OVER, BootstrapMixin, SearchableSelect
from bangfu.core.periods import parse_period
from bangfu.helpers.models import Helper
from bangfu.pairing.models import Pathway
from bangfu.places.models import Division

from ..indicators import INDICATORS
from ..models import AssistanceStatus
from .fields import kind_choices, period_field


class AssistanceFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=32, help_text=_("village or helper")
    )
    period = period_field(required=False)
    county = forms.ChoiceField(label=_("County"), required=False)
    pathway = forms.ChoiceField(
        label=_("Pathway"), required=False, choices=[("", _("all")), *Pathway.choices]
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("all")), *AssistanceStatus.choices]
    )
    helper = forms.ChoiceField(
        label=_("Helper"),
        required=False,
        widget=SearchableSelect,
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not a helper you can choose here: pick one from the list "
                "(its name or pinyin initials finds it)."
            )
        },
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    indicator = forms.ChoiceField(label=_("Counted in"), required=False)
    township = forms.CharField(required=False, max_length=12, widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("all")), *kind_choices()[1:]]
        self.fields["indicator"].choices = [
            ("", _("any figure")),
            *((i.code, i.name) for i in INDICATORS),
        ]
        if getattr(user, "county_id", None) or getattr(user, "role", None) == Role.HELPER:
            del self.fields["county"]
        else:
            counties = Division.objects.for_user(user).filter(level="county").order_by("code")
            self.fields["county"].choices = [
                ("", _("all")),
                *((c.code, c.name) for c in counties),
            ]
        if getattr(user, "role", None) == Role.HELPER:
            del self.fields["helper"]
        else:
            helpers = Helper.objects.for_user(user)
            field = self.fields["helper"]
            if helpers.count() > OPTIONS_ON_DEMAND_OVER:  # the chosen one only; typed: asked
                chosen = str(self.data.get("helper") or "").strip().upper() if self.is_bound else ""
                helpers = helpers.filter(uscc=chosen)
                field.widget.attrs["data-options-url"] = reverse("helpers:options")
            rows = list(helpers.order_by("initials", "id").values_list("uscc", "name", "initials"))
            field.choices = [("", _("all")), *((uscc, name) for uscc, name, _i in rows)]
            field.widget.choices = field.choices
            field.widget.search_keys = {uscc: initials for uscc, _n, initials in rows}

    def clean_period(self):
        code = self.cleaned_data.get("period")
        if not code:
            return ""
        try:
            return parse_period(code).code
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end date comes before the start date."))
        return data

    def clean_helper(self):
        return (self.cleaned_data.get("helper") or "").strip().upper()

    def full_clean(self):
        # a credit code typed in lower case (an old link) still finds its helper
        if self.is_bound and "helper" in self.fields and self.data.get("helper"):
            data = self.data.copy()
            data["helper"] = str(self.data["helper"]).strip().upper()
            self.data = data
        super().full_clean()
