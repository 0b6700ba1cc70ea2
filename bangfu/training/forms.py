"""Forms of the training pages: a session, a trainee, the roster's filters, a roster upload."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bangfu.core.forms import BootstrapMixin, SearchableSelect
from bangfu.helpers.models import Helper
from bangfu.pairing.forms import DATE, HelperChoiceField, VillageChoiceField
from bangfu.places.models import Division
from bangfu.training.models import Organiser
from bangfu.training.rules import is_liaison
from bangfu.training.selectors import counties_in_scope


class CountyField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class TownshipField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.county.name}）"


def _searchable(field) -> None:
    field.widget = SearchableSelect(attrs=field.widget.attrs)
    field.widget.choices = field.choices


class SessionForm(BootstrapMixin, forms.Form):
    course = forms.CharField(label=_("Course"), max_length=100)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=100)
    county = CountyField(label=_("County"), queryset=Division.objects.none(), required=False)
    township = TownshipField(
        label=_("Township"),
        queryset=Division.objects.none(),
        required=False,
        help_text=_("when the session was held for one township"),
    )
    village = VillageChoiceField(
        label=_("Village"),
        queryset=Division.objects.none(),
        required=False,
        help_text=_("when the session was held for one village"),
    )
    organiser = forms.ChoiceField(label=_("Organised by"), choices=Organiser.choices)
    helper = HelperChoiceField(
        label=_("Helper"),
        queryset=Helper.objects.none(),
        required=False,
        help_text=_("the helper that organised it"),
    )
    teacher = forms.CharField(label=_("Teacher"), max_length=100, required=False)
    assistance = forms.CharField(
        label=_("Assistance record reported"),
        max_length=12,
        required=False,
        help_text=_(
            "the number (A…) of the training record this session reports: its persons "
            "trained are then counted from this roster"
        ),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        counties = counties_in_scope(user)
        self.fields["county"].queryset = counties
        self.fields["township"].queryset = (
            Division.objects.filter(level="township", county__in=counties)
            .select_related("county")
            .order_by("code")
        )
        self.fields["village"].queryset = (
            Division.objects.filter(level="village", county__in=counties)
            .select_related("parent", "county")
            .order_by("code")
        )
        _searchable(self.fields["township"])
        _searchable(self.fields["village"])
        if is_liaison(user):
            del self.fields["organiser"]
            del self.fields["helper"]
        else:
            self.fields["helper"].queryset = Helper.objects.for_user(user).order_by(
                "initials", "id"
            )
            _searchable(self.fields["helper"])


class TraineeForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=32)
    id_number = forms.CharField(label=_("Resident ID number"), max_length=30)
    village = VillageChoiceField(label=_("Village"), queryset=Division.objects.none())
    certificate_no = forms.CharField(label=_("Certificate number"), max_length=40, required=False)

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = (
            Division.objects.filter(level="village", county_id=session.county_id)
            .select_related("parent", "county")
            .order_by("code")
        )
        _searchable(self.fields["village"])


YES_NO = [("", _("all")), ("yes", _("with a certificate")), ("no", _("without a certificate"))]


class RosterFilterForm(BootstrapMixin, forms.Form):
    county = forms.ChoiceField(label=_("County"), required=False)
    township = forms.CharField(
        label=_("Township (code)"), required=False, max_length=9, min_length=9
    )
    village = forms.CharField(
        label=_("Village (code)"), required=False, max_length=12, min_length=12
    )
    course = forms.CharField(label=_("Course"), required=False, max_length=100)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    certificate = forms.ChoiceField(label=_("Certificate"), choices=YES_NO, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = [
            ("", _("all")),
            *counties_in_scope(user).values_list("code", "name"),
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class SessionFilterForm(BootstrapMixin, forms.Form):
    county = forms.ChoiceField(label=_("County"), required=False)
    course = forms.CharField(label=_("Course"), required=False, max_length=100)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = [
            ("", _("all")),
            *counties_in_scope(user).values_list("code", "name"),
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class RosterUploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("Roster (.xlsx or .csv)"),
        help_text=_("columns 姓名, 身份证号, 村 (乡镇, 证书编号 optional); see the template"),
    )
    allow_clear = forms.BooleanField(
        label=_("Empty certificate cells clear the stored certificate numbers"), required=False
    )
