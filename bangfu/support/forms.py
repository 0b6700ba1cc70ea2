"""Forms of the support pages: a subsidised loan, issuing a donation receipt, voiding one,
a tax benefit and the filters of the tax-benefit list."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from bangfu.core.forms import BootstrapMixin
from bangfu.helpers.models import Helper
from bangfu.pairing.forms import DATE, HelperChoiceField
from bangfu.pairing.models import Pairing
from bangfu.support.models import BenefitKind
from bangfu.support.selectors import benefit_pairings, managed_counties
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


class PairingField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.helper.name} · {obj.village.name}（{obj.number}）"


class TaxBenefitForm(BootstrapMixin, forms.Form):
    """A tax benefit; on edit the pairing stays and the evidence file is optional."""

    pairing = PairingField(
        label=gettext_lazy("Helper and paired village"),
        queryset=Pairing.objects.none(),
        empty_label=gettext_lazy("— choose —"),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Benefit"), choices=BenefitKind.choices)
    amount_yuan = forms.DecimalField(
        label=gettext_lazy("Amount (yuan)"), max_digits=14, decimal_places=2
    )
    year = forms.IntegerField(label=gettext_lazy("Year"))
    evidence = forms.FileField(
        label=gettext_lazy("Evidence (PDF or image)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,image/*"}),
        help_text=gettext_lazy("the tax office's decision or filing of the benefit"),
    )
    remark = forms.CharField(
        label=gettext_lazy("Remark"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["pairing"]
            self.fields["evidence"].help_text = gettext_lazy("only to replace the file on record")
        else:
            self.fields["pairing"].queryset = benefit_pairings(user)


class TaxBenefitFilterForm(BootstrapMixin, forms.Form):
    county = forms.ChoiceField(label=gettext_lazy("County"), required=False)
    helper = forms.CharField(label=gettext_lazy("Helper (USCC)"), required=False, max_length=18)
    year = forms.IntegerField(
        label=gettext_lazy("Year"), required=False, min_value=2000, max_value=2100
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Benefit"),
        required=False,
        choices=[("", gettext_lazy("all")), *BenefitKind.choices],
    )
    village = forms.CharField(label=gettext_lazy("Village (code)"), required=False, max_length=12)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = [
            ("", gettext_lazy("all")),
            *((c.code, c.name) for c in counties_in_scope(user)),
        ]
