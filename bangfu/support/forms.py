"""Forms of the support pages: a subsidised loan, issuing a donation receipt, voiding one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from bangfu.core.forms import BootstrapMixin
from bangfu.helpers.models import Helper
from bangfu.pairing.forms import DATE, HelperChoiceField
from bangfu.pairing.models import Pairing
from bangfu.support.selectors import managed_counties
from bangfu.visits.selectors import counties_in_scope


class CountyField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class LoanForm(BootstrapMixin, forms.Form):
    helper = HelperChoiceField(label=gettext_lazy("Helper"), queryset=Helper.objects.none())
    county = CountyField(label=gettext_lazy("County"), queryset=None)
    bank = forms.CharField(label=gettext_lazy("Bank"), max_length=100)
    amount_yuan = forms.DecimalField(
        label=gettext_lazy("Amount (yuan)"), max_digits=14, decimal_places=2
    )
    interest_rate = forms.DecimalField(
        label=gettext_lazy("Interest rate (% a year)"), max_digits=5, decimal_places=2
    )
    subsidy_rate = forms.DecimalField(
        label=gettext_lazy("Interest subsidy (% a year)"),
        max_digits=5,
        decimal_places=2,
        help_text=gettext_lazy("the part of the rate the poverty office pays (贴息)"),
    )
    term_months = forms.IntegerField(label=gettext_lazy("Term (months)"))
    granted_on = forms.DateField(label=gettext_lazy("Granted on"), widget=DATE)
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        counties = managed_counties(user)
        self.fields["county"].queryset = counties_in_scope(user).filter(
            pk__in=[c.pk for c in counties]
        )
        paired = Pairing.objects.filter(county__in=counties, activated_on__isnull=False).values(
            "helper_id"
        )
        self.fields["helper"].queryset = Helper.objects.filter(pk__in=paired).order_by(
            "initials", "id"
        )


class ReceiptForm(BootstrapMixin, forms.Form):
    helper = forms.CharField(label=gettext_lazy("Helper (USCC)"), max_length=18)
    county = forms.CharField(label=gettext_lazy("County (code)"), max_length=6)
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)


class VoidForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for voiding"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
