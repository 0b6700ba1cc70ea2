"""Forms of the registry pages: filters, village profiles, households, members, a reveal."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from bangfu.core.forms import BootstrapMixin
from bangfu.core.identifiers.mobile import validate_mobile
from bangfu.core.identifiers.resident_id import validate_id_number
from bangfu.core.masking import scrub
from bangfu.places.choosers import fill_places, place_field
from bangfu.places.models import Division

from .models import Cause, Household, Member, MonitoringStatus, VillageProfile

STATUS_CHOICES = [("", _("all")), ("poor", _("not exited")), ("exited", _("exited"))]
SORT_CHOICES = [
    ("village", _("village")),
    ("-village", _("village, descending")),
    ("name", _("name")),
    ("registered", _("year registered")),
    ("-registered", _("year registered, newest")),
    ("size", _("household size")),
    ("-size", _("household size, largest")),
]


class HouseholdFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=32,
        help_text=_("name, ID number or pinyin initials of the head or the village"),
    )
    county = forms.ChoiceField(label=_("County"), required=False)
    township = place_field(_("Township"))
    village = place_field(_("Village"))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    cause = forms.ChoiceField(
        label=_("Poverty cause"), required=False, choices=[("", _("all")), *Cause.choices]
    )
    tech_help = forms.BooleanField(label=_("Selected for tech help"), required=False)
    monitoring = forms.ChoiceField(
        label=_("Monitoring"), required=False, choices=[("", _("all")), *MonitoringStatus.choices]
    )
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        counties = Division.objects.for_user(user).filter(level="county")
        self.fields["county"].choices = [("", _("all")), *((c.code, c.name) for c in counties)]
        fill_places(self, user, village="village")
        # a full ID number typed into the search box is not echoed back into the page
        if self.is_bound and self.data.get("q"):
            q = self.data.get("q", "")
            if scrub(q) != q:
                data = self.data.copy()
                data["q"] = scrub(q)
                self.masked_query = q
                self.data = data


class VillageFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=32,
        help_text=_("village name, pinyin initials or code"),
    )
    county = forms.ChoiceField(label=_("County"), required=False)
    township = place_field(_("Township"))
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("all")),
            ("poor", _("registered poor, not exited")),
            ("exited", _("exited")),
            ("not_poor", _("not registered poor")),
        ],
    )
    workstation = forms.BooleanField(label=_("Workstation present"), required=False)
    demonstration = forms.BooleanField(label=_("Demonstration village"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[
            ("code", _("code")),
            ("-code", _("code, descending")),
            ("poor", _("most poor households")),
            ("distance", _("nearest to the county seat")),
        ],
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        counties = Division.objects.for_user(user).filter(level="county")
        self.fields["county"].choices = [("", _("all")), *((c.code, c.name) for c in counties)]
        fill_places(self, user)


class VillageProfileForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = VillageProfile
        fields = [
            "is_registered_poor",
            "registered_year",
            "exited_on",
            "households_total",
            "households_poor",
            "people_total",
            "people_poor",
            "labour_force",
            "arable_mu",
            "forest_mu",
            "grassland_mu",
            "main_industries",
            "resources",
            "tags",
            "distance_km",
            "has_workstation",
            "is_demonstration",
        ]
        widgets = {
            "exited_on": forms.DateInput(attrs={"type": "date"}),
            "resources": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # kept by the institute's workstation records (bangfu.institute.services): shown,
        # never taken from the post
        field = self.fields["has_workstation"]
        field.disabled = True
        field.help_text = _("Kept by the institute's service network (its workstation records).")


class SensitiveInputMixin:
    """ID and phone inputs start empty: the stored full number never goes to the browser.

    Left empty on an edit, the stored value is kept; typed, it replaces it.
    """

    sensitive = ("id_number",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        editing = self.instance.pk is not None
        for name in self.sensitive:
            if name in self.fields:
                self.initial[name] = ""
                self.fields[name].required = not editing and name == "id_number"
                if editing:
                    masked = getattr(self.instance, "masked_" + name, "")
                    self.fields[name].help_text = _("Now %(masked)s; leave empty to keep it.") % {
                        "masked": masked
                    }

    def _keep_or_validate(self, name, validator):
        value = self.cleaned_data.get(name, "")
        if not value and self.instance.pk is not None:
            return getattr(self.instance, name)
        if not value:
            return ""
        try:
            return validator(value, field_label=self.fields[name].label)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc


class HouseholdForm(SensitiveInputMixin, BootstrapMixin, forms.ModelForm):
    sensitive = ("id_number", "phone")
    id_number = forms.CharField(label=_("head's resident ID number"), max_length=32, required=False)
    phone = forms.CharField(label=_("phone"), max_length=20, required=False)
    cause_list = forms.MultipleChoiceField(
        label=_("poverty causes"),
        choices=Cause.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Household
        fields = [
            "village",
            "head_name",
            "id_number",
            "phone",
            "size",
            "cause_list",
            "year_registered",
            "year_exited",
            "tech_help",
            "monitoring",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = (
            Division.objects.for_user(user).filter(level="village").order_by("code")
        )
        self.fields["cause_list"].widget.attrs["class"] = ""
        if self.instance.pk:
            self.initial["cause_list"] = self.instance.cause_list

    def clean_id_number(self):
        return self._keep_or_validate("id_number", validate_id_number)

    def clean_phone(self):
        return self._keep_or_validate("phone", validate_mobile)


class MemberForm(SensitiveInputMixin, BootstrapMixin, forms.ModelForm):
    id_number = forms.CharField(label=_("resident ID number"), max_length=32, required=False)

    class Meta:
        model = Member
        fields = ["name", "id_number", "relation", "education", "health", "labour", "status"]

    def clean_id_number(self):
        return self._keep_or_validate("id_number", validate_id_number)


class RevealForm(BootstrapMixin, forms.Form):
    field = forms.ChoiceField(choices=[("id_number", _("ID number")), ("phone", _("phone"))])
    reason = forms.CharField(label=_("Reason"), max_length=200)
