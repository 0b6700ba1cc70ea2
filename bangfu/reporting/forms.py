"""Forms of the reporting pages: a report's due rule on the calendar."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from bangfu.core.forms import BootstrapMixin

from .models import Frequency


class ReportTypeForm(BootstrapMixin, forms.Form):
    frequency = forms.ChoiceField(label=gettext_lazy("due rule"), choices=Frequency.choices)
    due_on = forms.DateField(
        label=gettext_lazy("due on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("For a report due once."),
    )
    due_days = forms.CharField(
        label=gettext_lazy("due days"),
        required=False,
        max_length=32,
        help_text=gettext_lazy("Month-day, e.g. 12-21; for twice a year two of them: 06-20,12-21."),
    )
    remind_days_before = forms.IntegerField(
        label=gettext_lazy("remind days before"), min_value=0, max_value=60
    )
    active = forms.BooleanField(label=gettext_lazy("expected"), required=False)
