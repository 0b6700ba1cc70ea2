"""Forms of the supervision-visit pages: a visit, a follow-up, closing it, a helper's problem."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy

from bangfu.accounts.roles import Role
from bangfu.core.forms import BootstrapMixin
from bangfu.pairing.forms import DATE, MultipleFileField, VillageChoiceField
from bangfu.pairing.models import SLOT_STATUSES, Pairing
from bangfu.places.models import Division
from bangfu.visits.models import FollowUp
from bangfu.visits.selectors import counties_in_scope


class VillagesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.parent.name}）"


class PairingsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} {obj.helper.name} → {obj.village.name}"


class VisitForm(BootstrapMixin, forms.Form):
    visited_on = forms.DateField(label=gettext_lazy("Visited on"), widget=DATE)
    participants = forms.CharField(
        label=gettext_lazy("Who went"),
        max_length=200,
        help_text=gettext_lazy("names and units, e.g. 市合作交流办 王明、研究院 陈晨"),
    )
    villages = VillagesField(
        label=gettext_lazy("Villages visited"),
        queryset=Division.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    pairings = PairingsField(
        label=gettext_lazy("Pairings visited"),
        queryset=Pairing.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    findings = forms.CharField(
        label=gettext_lazy("Findings"), widget=forms.Textarea(attrs={"rows": 4})
    )
    problems = forms.CharField(
        label=gettext_lazy("Problems and difficulties found"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("add each problem to follow up on the visit's page"),
    )
    files = MultipleFileField(label=gettext_lazy("Photos and files (PDF or images)"))

    def __init__(self, *args, county=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["villages"].queryset = (
            Division.objects.filter(level="village", county=county)
            .select_related("parent")
            .order_by("code")
        )
        self.fields["pairings"].queryset = (
            Pairing.objects.filter(county=county, status__in=SLOT_STATUSES)
            .select_related("helper", "village")
            .order_by("village__code", "slot")
        )


class VisitEditForm(VisitForm):
    """Correcting a recorded visit: the same fields, without the files (added on its page)."""

    def __init__(self, *args, visit=None, **kwargs):
        super().__init__(*args, county=visit.county, **kwargs)
        del self.fields["files"]
        # the pairings it visited stay choosable after they ended
        self.fields["pairings"].queryset = (
            Pairing.objects.filter(
                Q(county=visit.county, status__in=SLOT_STATUSES)
                | Q(pk__in=visit.pairings.values("pk"))
            )
            .select_related("helper", "village")
            .order_by("village__code", "slot")
        )


def visit_initial(visit) -> dict:
    """A recorded visit's values as the edit form's initial data."""
    return {
        "visited_on": visit.visited_on,
        "participants": visit.participants,
        "findings": visit.findings,
        "problems": visit.problems,
        "villages": list(visit.villages.values_list("pk", flat=True)),
        "pairings": list(visit.pairings.values_list("pk", flat=True)),
    }


def posted_version(request) -> int | None:
    """The record's version the edit page was read at (its hidden `version` input)."""
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


class FollowUpForm(BootstrapMixin, forms.Form):
    problem = forms.CharField(label=gettext_lazy("Problem"), max_length=200)
    details = forms.CharField(
        label=gettext_lazy("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner_name = forms.CharField(
        label=gettext_lazy("Owner"),
        max_length=100,
        help_text=gettext_lazy("the person or unit that follows it up"),
    )
    owner = forms.ModelChoiceField(
        label=gettext_lazy("Owner's account"), queryset=None, required=False
    )
    due_on = forms.DateField(label=gettext_lazy("Due on"), widget=DATE)
    village = VillageChoiceField(
        label=gettext_lazy("Village"), queryset=Division.objects.none(), required=False
    )

    def __init__(self, *args, county=None, **kwargs):
        from bangfu.accounts.models import User

        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            User.objects.filter(is_active=True, role__in=[Role.CITY, Role.COUNTY, Role.INSTITUTE])
            .filter(~Q(role=Role.COUNTY) | Q(county=county))
            .order_by("role", "username")
        )
        self.fields["village"].queryset = (
            Division.objects.filter(level="village", county=county)
            .select_related("parent", "county")
            .order_by("code")
        )


class CloseForm(BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Closing note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("what was done; a follow-up is closed only with a note"),
    )
    on = forms.DateField(label=gettext_lazy("Closed on"), widget=DATE, required=False)


class ProblemForm(BootstrapMixin, forms.Form):
    pairing = forms.ModelChoiceField(
        label=gettext_lazy("About the pairing"),
        queryset=Pairing.objects.none(),
        required=False,
        empty_label=gettext_lazy("— general, not about one pairing —"),
    )
    county = forms.ModelChoiceField(
        label=gettext_lazy("County office"),
        queryset=Division.objects.filter(level="county").order_by("code"),
        required=False,
        help_text=gettext_lazy("for a general problem; a pairing's problem goes to its county"),
    )
    problem = forms.CharField(label=gettext_lazy("Problem"), max_length=200)
    details = forms.CharField(
        label=gettext_lazy("Details"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pairing"].queryset = (
            Pairing.objects.for_user(user).select_related("village").order_by("number")
        )
        self.fields["pairing"].label_from_instance = lambda p: f"{p.number} {p.village.name}"


class FollowUpFilterForm(BootstrapMixin, forms.Form):
    state = forms.ChoiceField(
        label=gettext_lazy("State"),
        required=False,
        choices=[
            ("", gettext_lazy("all")),
            ("open", gettext_lazy("open")),
            ("overdue", gettext_lazy("overdue")),
            ("closed", gettext_lazy("closed")),
        ],
    )
    source = forms.ChoiceField(
        label=gettext_lazy("Source"),
        required=False,
        choices=[("", gettext_lazy("all")), *FollowUp.Source.choices],
    )
    county = forms.ChoiceField(label=gettext_lazy("County"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = [
            ("", gettext_lazy("all")),
            *((c.code, c.name) for c in counties_in_scope(user)),
        ]
