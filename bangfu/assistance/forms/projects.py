"""The form of an industry project's progress in a village (or household) for a half-year."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bangfu.core.forms import BootstrapMixin
from bangfu.core.periods import parse_period
from bangfu.pairing.forms import VillageChoiceField
from bangfu.places.models import Division
from bangfu.registry.models import Household

from .fields import COUNT_WIDGET, MONEY_WIDGET, period_field


class ProjectProgressForm(BootstrapMixin, forms.Form):
    """A village's (or one household's) progress in a project for one half-year."""

    period = period_field(help_text=_("the half-year, e.g. 2017H2"))
    village = VillageChoiceField(label=_("Village"), queryset=Division.objects.none())
    household = forms.CharField(
        label=_("Household number"),
        required=False,
        max_length=12,
        help_text=_("only for a village that reports per household"),
    )
    area_mu = forms.DecimalField(
        label=_("area newly planted (mu)"), required=False, widget=MONEY_WIDGET
    )
    livestock = forms.IntegerField(
        label=_("livestock newly brought in (head)"), required=False, widget=COUNT_WIDGET
    )
    revenue_yuan = forms.DecimalField(
        label=_("profit earned in the period (yuan)"), required=False, widget=MONEY_WIDGET
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["village"].queryset = (
            Division.objects.for_user(user)
            .filter(level="village")
            .select_related("parent", "county")
            .order_by("code")
        )

    def clean_period(self):
        try:
            return parse_period(self.cleaned_data["period"]).code
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean(self):
        data = super().clean()
        ref = (data.get("household") or "").strip()
        data["household"] = None
        if ref:
            household = Household.objects.for_user(self.user).filter(ref=ref).first()
            if household is None:
                self.add_error("household", _("No household in your county has this number."))
            else:
                data["household"] = household
        return data
