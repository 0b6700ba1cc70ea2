"""The form to record or edit an act of help, and a review's note (the services decide)."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangfu.accounts.roles import Role, can
from bangfu.core.forms import BootstrapMixin, SearchableSelect
from bangfu.helpers.models import Helper
from bangfu.pairing.forms import DATE, HelperChoiceField, MultipleFileField, VillageChoiceField
from bangfu.pairing.models import OPEN_STATUSES, Pairing, Pathway
from bangfu.places.models import Division
from bangfu.registry.models import Household

from ..models import KINDS_BY_PATHWAY
from .fields import COUNT_WIDGET, MONEY_WIDGET, KindSelect, kind_choices

# The measures in the order the form shows them, with their group.
MEASURE_GROUPS = [
    (_("Money and goods"), ("money_yuan", "goods_yuan")),
    (
        _("Training and jobs"),
        ("persons_trained", "poor_trained", "jobs", "poor_jobs", "wages_yuan"),
    ),
    (
        _("Investment, purchases and loans"),
        ("investment_yuan", "purchase_yuan", "loan_yuan", "loan_rate"),
    ),
    (_("Volunteers and reach"), ("volunteer_hours", "households_reached")),
]


class PairingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} · {obj.helper.name} → {obj.village.name}"


class HouseholdChoices(forms.ModelMultipleChoiceField):
    """Validated against every household in the user's scope, so that a household of another
    village reaches the service and is refused there with its name; shown for one village."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj.head_name} · {obj.masked_id_number}"


class AssistanceForm(BootstrapMixin, forms.Form):
    """Record or edit an act of help. The service checks the pathway and kind, the pairing,
    the village's county, the period lock, the measures and the beneficiaries."""

    pairing = PairingChoiceField(
        label=_("Pairing"),
        queryset=Pairing.objects.none(),
        required=False,
        empty_label=_("— none: help outside a pairing —"),
        help_text=_("the helper and the village follow the pairing"),
    )
    helper = HelperChoiceField(label=_("Helper"), queryset=Helper.objects.none(), required=False)
    village = VillageChoiceField(
        label=_("Village"), queryset=Division.objects.none(), required=False, to_field_name="code"
    )
    on = forms.DateField(label=_("Date"), widget=DATE)
    pathway = forms.ChoiceField(
        label=_("Pathway"), choices=[("", _("— choose —")), *Pathway.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), help_text=_("a kind of the chosen pathway"), widget=KindSelect
    )
    description = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    money_yuan = forms.DecimalField(label=_("money (yuan)"), required=False, widget=MONEY_WIDGET)
    goods_yuan = forms.DecimalField(
        label=_("value of goods (yuan)"), required=False, widget=MONEY_WIDGET
    )
    persons_trained = forms.IntegerField(
        label=_("persons trained"), required=False, widget=COUNT_WIDGET
    )
    poor_trained = forms.IntegerField(label=_("of them poor"), required=False, widget=COUNT_WIDGET)
    jobs = forms.IntegerField(label=_("jobs found"), required=False, widget=COUNT_WIDGET)
    poor_jobs = forms.IntegerField(
        label=_("of them for poor persons"), required=False, widget=COUNT_WIDGET
    )
    wages_yuan = forms.DecimalField(
        label=_("wages paid (yuan)"), required=False, widget=MONEY_WIDGET
    )
    investment_yuan = forms.DecimalField(
        label=_("investment (yuan)"), required=False, widget=MONEY_WIDGET
    )
    purchase_yuan = forms.DecimalField(
        label=_("purchases (yuan)"), required=False, widget=MONEY_WIDGET
    )
    loan_yuan = forms.DecimalField(label=_("loans (yuan)"), required=False, widget=MONEY_WIDGET)
    loan_rate = forms.DecimalField(
        label=_("loan rate (% a year)"), required=False, widget=MONEY_WIDGET
    )
    volunteer_hours = forms.IntegerField(
        label=_("volunteer hours"), required=False, widget=COUNT_WIDGET
    )
    households_reached = forms.IntegerField(
        label=_("households reached"),
        required=False,
        widget=COUNT_WIDGET,
        help_text=_("at least the number of beneficiary households ticked"),
    )
    beneficiaries = HouseholdChoices(
        label=_("Beneficiary households"), queryset=Household.objects.none(), required=False
    )
    files = MultipleFileField(label=_("Photos, receipts (PDF or images)"))

    def __init__(self, *args, user=None, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.is_liaison = getattr(user, "role", None) == Role.HELPER
        self.fields["kind"].choices = kind_choices()
        # pairings: the user's open pairings (a liaison's own helper's only), and the
        # record's own pairing when it has ended since
        wanted = Q(status__in=OPEN_STATUSES)
        if record is not None and record.pairing_id:
            wanted |= Q(pk=record.pairing_id)
        self.fields["pairing"].queryset = (
            Pairing.objects.for_user(user)
            .filter(wanted)
            .select_related("helper", "village")
            .order_by("village__code", "number")
        )
        # villages: validated against every village, so that another county's village reaches
        # the service (refused there, audited); offered within the user's scope
        self.fields["village"].queryset = Division.objects.filter(level="village").select_related(
            "parent", "county"
        )
        self.fields["village"].widget = SearchableSelect(attrs=self.fields["village"].widget.attrs)
        self.fields["village"].widget.choices = self._village_choices(user)
        self.fields["village"].widget.search_keys = self._village_keys(user)
        if record is not None and record.trained_from_roster:
            for name in ("persons_trained", "poor_trained"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("counted from the training roster")
        if self.is_liaison:
            self.fields["households_reached"].help_text = ""
            del self.fields["helper"]
            del self.fields["beneficiaries"]  # liaisons never read the household registry
        else:
            self.fields["helper"].queryset = Helper.objects.for_user(user).order_by(
                "initials", "id"
            )
            self.fields["helper"].widget = SearchableSelect(
                attrs=self.fields["helper"].widget.attrs
            )
            self.fields["helper"].widget.choices = self.fields["helper"].choices
            self.fields["helper"].widget.search_keys = {
                str(pk): initials
                for pk, initials in self.fields["helper"].queryset.values_list("pk", "initials")
            }
            self.fields["beneficiaries"].queryset = Household.objects.for_user(user)
            self.fields["beneficiaries"].widget.attrs["class"] = "form-check-input"
            self.fields["beneficiaries"].widget.choices = self.household_choices(
                self._chosen_village()
            )
            self.fields["village"].widget.attrs.update(
                {
                    "hx-get": reverse("assistance:households"),
                    "hx-trigger": "change",
                    "hx-target": "#beneficiaries-box",
                    "hx-swap": "innerHTML",
                }
            )
            if not can(user, "personal.read"):
                del self.fields["beneficiaries"]

    @property
    def shows_households(self) -> bool:
        return "beneficiaries" in self.fields

    def _village_choices(self, user) -> list:
        scoped = (
            Division.objects.for_user(user)
            .filter(level="village")
            .select_related("parent", "county")
            .order_by("code")
        )
        label = self.fields["village"].label_from_instance
        if not self.is_liaison:
            return [("", _("— choose —")), *((v.code, label(v)) for v in scoped)]
        own = set(Pairing.objects.for_user(user).values_list("village_id", flat=True).distinct())
        mine = [(v.code, label(v)) for v in scoped if v.pk in own]
        others = [(v.code, label(v)) for v in scoped if v.pk not in own]
        return [
            ("", _("— choose —")),
            (_("Villages of your pairings"), mine),
            (_("Other villages"), others),
        ]

    def _village_keys(self, user) -> dict[str, str]:
        """Each village's pinyin initials with its township's (“xbc xjz”), for the search."""
        return {
            code: f"{initials} {township}".strip()
            for code, initials, township in Division.objects.for_user(user)
            .filter(level="village")
            .values_list("code", "initials", "parent__initials")
        }

    def _chosen_village(self) -> str | None:
        """The code of the village the form is for (posted, initial, or the pairing's)."""
        code = self.data.get("village") if self.is_bound else None
        if not code:
            code = self.initial.get("village")
        if not code and self.is_bound and str(self.data.get("pairing") or "").isdigit():
            code = (
                Pairing.objects.for_user(self.user)
                .filter(pk=self.data["pairing"])
                .values_list("village__code", flat=True)
                .first()
            )
        return str(code) if code else None

    def household_choices(self, village_code: str | None) -> list:
        """The registered households of one village in the user's scope: head and masked ID."""
        if not village_code:
            return []
        label = self.fields["beneficiaries"].label_from_instance
        return [
            (h.pk, label(h))
            for h in Household.objects.for_user(self.user)
            .filter(village__code=village_code)
            .order_by("head_name", "id")[:500]
        ]

    def clean(self):
        data = super().clean()
        pairing = data.get("pairing")
        if pairing is not None:
            data["village"] = data.get("village") or pairing.village
            if not self.is_liaison:
                data["helper"] = data.get("helper") or pairing.helper
        if not data.get("village") and "village" not in self.errors:
            self.add_error("village", _("Choose a village (or a pairing)."))
        if not self.is_liaison and not data.get("helper") and "helper" not in self.errors:
            self.add_error("helper", _("Choose the helper (or a pairing)."))
        pathway, kind = data.get("pathway"), data.get("kind")
        if kind and not pathway:
            # the first pathway that holds the kind (training: technology)
            data["pathway"] = next(p for p, kinds in KINDS_BY_PATHWAY.items() if kind in kinds)
        return data

    def measures(self) -> dict:
        return {
            name: self.cleaned_data.get(name) for _label, names in MEASURE_GROUPS for name in names
        }

    def measure_groups(self):
        """The measure fields as bound fields, by group (for the template)."""
        return [(label, [self[name] for name in names]) for label, names in MEASURE_GROUPS]


class NoteForm(BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
