"""Forms of the relapse-monitoring pages: the case filter, a new case, steps, measures, visits,
a rigid expense."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from bangfu.core.forms import BootstrapMixin
from bangfu.monitoring.models import (
    CaseSource,
    CaseState,
    MonitoringGroup,
    MonitoringMeasure,
    Step,
)
from bangfu.places.models import Division
from bangfu.registry.models import RigidExpense

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 2})


class CaseFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search"),
        required=False,
        max_length=32,
        help_text=gettext_lazy("case number, head's name or pinyin initials"),
    )
    county = forms.ChoiceField(label=gettext_lazy("County"), required=False)
    state = forms.ChoiceField(
        label=gettext_lazy("State"),
        required=False,
        choices=[("", gettext_lazy("all")), *CaseState.choices],
    )
    group = forms.ChoiceField(
        label=gettext_lazy("Monitored group"),
        required=False,
        choices=[("", gettext_lazy("all")), *MonitoringGroup.choices],
    )
    overdue = forms.BooleanField(label=gettext_lazy("Overdue steps only"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        counties = Division.objects.for_user(user).filter(level="county")
        self.fields["county"].choices = [
            ("", gettext_lazy("all")),
            *((c.code, c.name) for c in counties),
        ]


class CaseOpenForm(BootstrapMixin, forms.Form):
    group = forms.ChoiceField(
        label=gettext_lazy("Monitored group"), choices=MonitoringGroup.choices
    )
    source = forms.ChoiceField(label=gettext_lazy("Found by"), choices=CaseSource.choices)
    reason = forms.CharField(label=gettext_lazy("Risk found"), widget=TEXT, max_length=2000)
    opened_on = forms.DateField(label=gettext_lazy("Opened on"), widget=DATE)


class StepForm(BootstrapMixin, forms.Form):
    step = forms.ChoiceField(label=gettext_lazy("Step"), choices=Step.choices)
    done_on = forms.DateField(
        label=gettext_lazy("Date"),
        widget=DATE,
        help_text=gettext_lazy("for the public notice: the day of the village review"),
    )
    notice_start = forms.DateField(
        label=gettext_lazy("Public notice from"), widget=DATE, required=False
    )
    notice_end = forms.DateField(
        label=gettext_lazy("Public notice until"),
        widget=DATE,
        required=False,
        help_text=gettext_lazy("at least 5 days, counting the first and the last"),
    )
    passed = forms.BooleanField(
        label=gettext_lazy("Risk confirmed at this step"), required=False, initial=True
    )
    notes = forms.CharField(
        label=gettext_lazy("Findings"), widget=TEXT, required=False, max_length=2000
    )
    signed_name = forms.CharField(label=gettext_lazy("Signed by (your name)"), max_length=64)


class MeasureForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=MonitoringMeasure.Kind.choices)
    description = forms.CharField(label=gettext_lazy("Measure"), widget=TEXT, max_length=2000)
    started_on = forms.DateField(label=gettext_lazy("From"), widget=DATE)
    assistance = forms.CharField(
        label=gettext_lazy("Assistance record number"),
        required=False,
        max_length=12,
        help_text=gettext_lazy("optional, e.g. A1B2C3D4E5F"),
    )


class VisitForm(BootstrapMixin, forms.Form):
    visited_on = forms.DateField(label=gettext_lazy("Follow-up date"), widget=DATE)
    visitor = forms.CharField(label=gettext_lazy("Visited by"), max_length=64)
    per_capita_income = forms.DecimalField(
        label=gettext_lazy("Per-capita income, annualised (yuan)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
    )
    notes = forms.CharField(
        label=gettext_lazy("What was found"), widget=TEXT, required=False, max_length=2000
    )


class RemovalForm(BootstrapMixin, forms.Form):
    removed_on = forms.DateField(label=gettext_lazy("Risk removed on"), widget=DATE)
    note = forms.CharField(
        label=gettext_lazy("Why the risk is removed"), widget=TEXT, max_length=2000
    )


class RigidExpenseForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"))
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=RigidExpense.Kind.choices)
    amount = forms.DecimalField(
        label=gettext_lazy("Amount (yuan)"),
        max_digits=12,
        decimal_places=2,
        help_text=gettext_lazy("the household's own spending in the year, after reimbursement"),
    )
