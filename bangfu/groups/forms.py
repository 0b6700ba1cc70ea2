"""Forms of the leading-group and demonstration-village pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from bangfu.core.forms import BootstrapMixin
from bangfu.groups.models import GroupRole


class MemberForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("name"), max_length=40)
    group_role = forms.ChoiceField(
        label=gettext_lazy("role in the group"), choices=GroupRole.choices
    )
    post = forms.CharField(label=gettext_lazy("post"), max_length=60, required=False)
    unit = forms.CharField(
        label=gettext_lazy("unit"),
        max_length=80,
        help_text=gettext_lazy(
            "The county government, the poverty office or the institute (plan §五(一)1)."
        ),
    )
    phone = forms.CharField(
        label=gettext_lazy("phone"),
        max_length=32,
        required=False,
        help_text=gettext_lazy("A mobile number, or an office number with its area code."),
    )
    email = forms.CharField(label=gettext_lazy("e-mail"), max_length=254, required=False)
    order = forms.IntegerField(
        label=gettext_lazy("order"), min_value=0, max_value=999, required=False
    )


class RecommendationForm(BootstrapMixin, forms.Form):
    village = forms.CharField(label=gettext_lazy("village"), max_length=12)
    reasons = forms.CharField(
        label=gettext_lazy("reasons"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )
    industry = forms.CharField(
        label=gettext_lazy("leading industry"), max_length=100, required=False
    )
    recommended_by = forms.CharField(
        label=gettext_lazy("recommended by"), max_length=80, required=False
    )
    recommended_on = forms.DateField(
        label=gettext_lazy("recommended on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, villages=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "---------")] + [
            (v.code, f"{v.parent.name if v.parent_id else ''} {v.name}") for v in villages
        ]
        self.fields["village"].widget = forms.Select(
            choices=choices, attrs={"class": "form-select form-select-sm"}
        )


class SelectionForm(forms.Form):
    note = forms.CharField(max_length=200, required=False)
