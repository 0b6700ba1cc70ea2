"""Forms of the evaluation pages: a checklist item, adjusting the rotation, inspectors, notices."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from bangfu.accounts.roles import Role
from bangfu.core.forms import BootstrapMixin
from bangfu.evaluation.models import EvidenceKey, ItemGroup, Notice, NoticeEntry
from bangfu.places.models import Division


class ChecklistItemForm(BootstrapMixin, forms.Form):
    group = forms.ChoiceField(label=gettext_lazy("Group"), choices=ItemGroup.choices)
    title = forms.CharField(label=gettext_lazy("Item"), max_length=200)
    points = forms.IntegerField(label=gettext_lazy("Points"))
    evidence_key = forms.ChoiceField(
        label=gettext_lazy("Evidence from bangfu"),
        choices=[("", gettext_lazy("— none —")), *EvidenceKey.choices],
        required=False,
    )
    order = forms.IntegerField(label=gettext_lazy("Order"), required=False, min_value=0)


class AdjustForm(BootstrapMixin, forms.Form):
    checked = forms.ModelChoiceField(label=gettext_lazy("Checked county"), queryset=None)
    checker = forms.ModelChoiceField(label=gettext_lazy("Checking county"), queryset=None)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200, required=False)

    def __init__(self, *args, counties=(), **kwargs):
        super().__init__(*args, **kwargs)
        qs = Division.objects.filter(pk__in=[c.pk for c in counties]).order_by("code")
        self.fields["checked"].queryset = qs
        self.fields["checker"].queryset = qs


class InspectorForm(BootstrapMixin, forms.Form):
    inspector = forms.ModelChoiceField(label=gettext_lazy("Inspector"), queryset=None)
    counties = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Counties to cross-check"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, counties=(), **kwargs):
        from bangfu.accounts.models import User

        super().__init__(*args, **kwargs)
        self.fields["inspector"].queryset = User.objects.filter(
            role=Role.INSPECTOR, is_active=True
        ).order_by("username")
        self.fields["counties"].queryset = Division.objects.filter(
            pk__in=[c.pk for c in counties]
        ).order_by("code")


class NoticeForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Notice.Kind.choices)
    year = forms.IntegerField(label=gettext_lazy("Year evaluated"))
    subject = forms.CharField(
        label=gettext_lazy("About"),
        max_length=100,
        help_text=gettext_lazy("the title reads 关于……的表彰通报 / 关于……的通报批评"),
    )
    number = forms.CharField(label=gettext_lazy("Document number"), max_length=40, required=False)
    issuer = forms.CharField(label=gettext_lazy("Issuing office"), max_length=100)
    intro = forms.CharField(
        label=gettext_lazy("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("leave empty for the standard wording"),
    )


class NoticeEntryForm(BootstrapMixin, forms.Form):
    subject = forms.ChoiceField(label=gettext_lazy("Named"), choices=NoticeEntry.Subject.choices)
    helper = forms.ModelChoiceField(label=gettext_lazy("Helper"), queryset=None, required=False)
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("the unit or the person (a helper's name is taken from it)"),
    )
    county = forms.ModelChoiceField(
        label=gettext_lazy("County"),
        queryset=Division.objects.filter(level="county").order_by("code"),
        required=False,
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        from bangfu.helpers.models import Helper

        super().__init__(*args, **kwargs)
        self.fields["helper"].queryset = Helper.objects.order_by("name")
