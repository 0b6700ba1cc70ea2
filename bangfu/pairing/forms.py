"""Pairing forms (and the fields other parts reuse: dates, files, village and helper pickers)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bangfu.core.forms import BootstrapMixin
from bangfu.helpers.models import Helper
from bangfu.places.models import Division

from .models import Pathway, PlanItem, Status

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several evidence files in one input (checked by core.uploads, not here)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,image/*"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class VillageChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", _("— choose —"))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.parent.name}·{obj.county.name}）"


class HelperChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", _("— choose —"))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.uscc}）"


class PairingFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=32, help_text=_("helper or village")
    )
    county = forms.ChoiceField(label=_("County"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("all")), ("open", _("open (not ended)")), *Status.choices],
    )
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[
            ("village", _("village")),
            ("helper", _("helper")),
            ("-start", _("start, newest")),
            ("status", _("status")),
        ],
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        counties = Division.objects.for_user(user).filter(level="county").order_by("code")
        self.fields["county"].choices = [("", _("all")), *((c.code, c.name) for c in counties)]


class PairingForm(BootstrapMixin, forms.Form):
    """Propose a pairing (the service checks every rule)."""

    helper = HelperChoiceField(label=_("Helper"), queryset=Helper.objects.none())
    village = VillageChoiceField(label=_("Village"), queryset=Division.objects.none())
    focus = forms.CharField(label=_("Focus"), max_length=100, required=False)
    content = forms.CharField(
        label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    pathways = forms.MultipleChoiceField(
        label=_("Pathways"),
        choices=Pathway.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    end_date = forms.DateField(
        label=_("Planned end date"),
        required=False,
        widget=DATE,
        help_text=_("leave empty: until the village exits poverty"),
    )
    capacity_reason = forms.CharField(
        label=_("Reason for going past the helper's capacity"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("needed only when the helper already has as many villages as it declared"),
    )
    eligibility_reason = forms.CharField(
        label=_("Reason for pairing a village that is not (or no longer) poor"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("county office only"),
    )

    def __init__(self, *args, user=None, **kwargs):
        from bangfu.accounts.roles import can

        super().__init__(*args, **kwargs)
        villages = Division.objects.for_user(user).filter(level="village")
        if not can(user, "pairing.override"):
            villages = villages.filter(
                profile__is_registered_poor=True, profile__exited_on__isnull=True
            )
            del self.fields["eligibility_reason"]
        self.fields["village"].queryset = villages.select_related("parent", "county").order_by(
            "code"
        )
        self.fields["helper"].queryset = Helper.objects.for_user(user).order_by("initials", "id")
        for name in ("pathways",):
            self.fields[name].widget.attrs.pop("class", None)


class PairingEditForm(BootstrapMixin, forms.Form):
    focus = forms.CharField(label=_("Focus"), max_length=100, required=False)
    content = forms.CharField(
        label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    pathways = forms.MultipleChoiceField(
        label=_("Pathways"),
        choices=Pathway.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    end_date = forms.DateField(label=_("Planned end date"), required=False, widget=DATE)

    def __init__(self, *args, manager=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pathways"].widget.attrs.pop("class", None)
        if not manager:
            del self.fields["start_date"]
            del self.fields["end_date"]


class AgreementForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("Signed agreement (PDF or image)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,image/*"}),
    )
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    helper_signatory = forms.CharField(
        label=_("Signed for the helper by"), max_length=32, required=False
    )
    village_signatory = forms.CharField(
        label=_("Signed for the village by"), max_length=32, required=False
    )


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    on = forms.DateField(label=_("Date"), widget=DATE, required=False)


class PlanItemForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = PlanItem
        fields = ["what", "how", "indicator", "target_value", "unit", "due_date"]
        widgets = {"how": forms.Textarea(attrs={"rows": 2}), "due_date": DATE}


class ProgressForm(BootstrapMixin, forms.Form):
    reported_on = forms.DateField(label=_("Reported on"), widget=DATE)
    value = forms.DecimalField(
        label=_("Value reached so far"), max_digits=14, decimal_places=2, min_value=0
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    files = MultipleFileField(label=_("Evidence (PDF or images)"))


class SiteVisitForm(BootstrapMixin, forms.Form):
    helper = HelperChoiceField(label=_("Helper"), queryset=Helper.objects.none())
    village = VillageChoiceField(label=_("Village"), queryset=Division.objects.none())
    visited_on = forms.DateField(label=_("Visited on"), widget=DATE)
    participants = forms.CharField(label=_("Who went"), max_length=200)
    findings = forms.CharField(label=_("What they found"), widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label=_("Photos and files (PDF or images)"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = (
            Division.objects.for_user(user)
            .filter(level="village", profile__is_registered_poor=True)
            .select_related("parent", "county")
            .order_by("code")
        )
        helpers = Helper.objects.for_user(user)
        if getattr(user, "role", None) == "helper":
            helpers = helpers.filter(pk=user.helper_id)
        self.fields["helper"].queryset = helpers.order_by("initials", "id")


class HandOverForm(BootstrapMixin, forms.Form):
    helper = forms.CharField(label=_("Successor (USCC)"), max_length=18)
    start_date = forms.DateField(label=_("Start date"), widget=DATE, required=False)
