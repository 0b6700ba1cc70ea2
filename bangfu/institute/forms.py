"""Forms of the institute's pages: a centre or workstation, a staff member, a tech-help visit,
and the lists' filters. They parse; the services validate the business rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bangfu.accounts.contacts import owns_number
from bangfu.core.forms import BootstrapMixin, SearchableSelect
from bangfu.core.masking import mask_phone
from bangfu.pairing.forms import DATE
from bangfu.places.models import ServicePoint

from .models import Service, SubjectKind


class PointFilterForm(BootstrapMixin, forms.Form):
    county = forms.CharField(label=_("County"), required=False, max_length=6)
    township = forms.CharField(label=_("Township (code)"), required=False, max_length=9)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("all")), *ServicePoint.Kind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("all")), *ServicePoint.Status.choices]
    )
    q = forms.CharField(label=_("Name"), required=False, max_length=32)

    def clean_township(self):
        value = self.cleaned_data["township"].strip()
        if value and (not value.isdigit() or len(value) != 9):
            raise forms.ValidationError(_("A township code has 9 digits."))
        return value


class PointForm(BootstrapMixin, forms.Form):
    """A centre or workstation; `kind` and `division` only when it is created."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ServicePoint.Kind.choices)
    division = forms.CharField(
        label=_("Township or village (code)"),
        max_length=12,
        help_text=_("9 digits for a township's centre, 12 for a village's workstation"),
    )
    name = forms.CharField(
        label=_("Name"), required=False, max_length=100, help_text=_("empty: named after the place")
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=200)
    opened_on = forms.DateField(label=_("Opened on"), required=False, widget=DATE)
    status = forms.ChoiceField(label=_("Status"), choices=ServicePoint.Status.choices)
    status_note = forms.CharField(
        label=_("Reason (suspended or closed)"), required=False, max_length=200
    )
    master_name = forms.CharField(label=_("Station master"), required=False, max_length=32)
    master_phone = forms.CharField(label=_("Station master's phone"), required=False, max_length=32)

    def __init__(self, *args, point: ServicePoint | None = None, user=None, **kwargs):
        self.point = point
        master = None
        if point is not None:
            master = point.staff.filter(is_master=True).first()
            kwargs.setdefault(
                "initial",
                {
                    "name": point.name,
                    "address": point.address,
                    "opened_on": point.opened_on,
                    "status": point.status,
                    "status_note": point.status_note,
                    "master_name": master.name if master else "",
                    "master_phone": master.phone if master else "",
                },
            )
        super().__init__(*args, **kwargs)
        if point is not None:
            del self.fields["kind"]
            del self.fields["division"]
        # Whoever is not the number's own office (accounts.contacts: the county of the point)
        # does not get it in full in the form either: empty, and left empty it is kept.
        self.kept_phone = ""
        if master and master.phone and not owns_number(user, county_id=point.division.county_id):
            self.kept_phone = master.phone
            self.initial["master_phone"] = ""
            self.fields["master_phone"].help_text = _("Now %(masked)s; leave empty to keep it.") % {
                "masked": mask_phone(master.phone)
            }

    def clean_master_phone(self):
        value = self.cleaned_data.get("master_phone", "").strip()
        return value or self.kept_phone


class StaffForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=32)
    post = forms.CharField(label=_("Post"), required=False, max_length=32)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=32)


class VisitForm(BootstrapMixin, forms.Form):
    """A tech-help visit; the household by its public number (fixed once recorded)."""

    household = forms.CharField(
        label=_("Household number"), max_length=16, help_text=_("as on the household's page")
    )
    point = forms.ModelChoiceField(
        label=_("Service centre or workstation"),
        queryset=ServicePoint.objects.none(),
        widget=SearchableSelect,
    )
    visited_on = forms.DateField(label=_("Visited on"), widget=DATE)
    service = forms.ChoiceField(label=_("Service"), choices=Service.choices)
    subject_kind = forms.ChoiceField(label=_("Crop or livestock"), choices=SubjectKind.choices)
    subject = forms.CharField(
        label=_("Which crop or livestock"), max_length=40, help_text=_("e.g. 黄芩, 肉牛, 食用菌")
    )
    description = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3})
    )
    result = forms.CharField(
        label=_("Result"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, points=None, fixed_household=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].queryset = (
            points if points is not None else ServicePoint.objects.none()
        )
        if fixed_household:
            del self.fields["household"]


class VisitFilterForm(BootstrapMixin, forms.Form):
    county = forms.CharField(label=_("County"), required=False, max_length=6)
    township = forms.CharField(label=_("Township (code)"), required=False, max_length=9)
    service = forms.ChoiceField(
        label=_("Service"), required=False, choices=[("", _("all")), *Service.choices]
    )
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)
    mine = forms.BooleanField(label=_("Recorded by me"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data


class HouseholdFilterForm(BootstrapMixin, forms.Form):
    county = forms.CharField(label=_("County"), required=False, max_length=6)
    township = forms.CharField(label=_("Township (code)"), required=False, max_length=9)
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)
    reached = forms.ChoiceField(
        label=_("Visited in these dates"),
        required=False,
        choices=[("", _("all")), ("yes", _("reached")), ("no", _("not reached"))],
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data
