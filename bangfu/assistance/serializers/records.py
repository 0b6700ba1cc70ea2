"""Assistance record API shapes: a record in a list and in full, and what recording one takes.

Input serializers only parse: types, references by natural key (helper USCC, village code,
pairing number, household number). The rules — amounts in range, poor persons within
persons, the kind of a pathway, a beneficiary in the village, dates, locked periods, who may
act — are the services'; the fields they check are loose here (a negative or absurd amount
passes the parser) so that the services' message is the one given.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bangfu.core.api import CodeRelatedField
from bangfu.pairing.models import Pairing, Pathway
from bangfu.pairing.serializers.shared import (
    EvidenceFileField,
    HelperRefField,
    HelperSummarySerializer,
    NamedChoiceField,
    VillageRefField,
    VillageSummarySerializer,
)

from ..models import COUNT_FIELDS, MEASURE_FIELDS, MONEY_FIELDS, Assistance, AssistanceStatus, Kind


def pathway_field(**kwargs):
    return NamedChoiceField(Pathway.choices, enum_name="AssistancePathwayEnum", **kwargs)


def kind_field(**kwargs):
    return NamedChoiceField(Kind.choices, enum_name="AssistanceKindEnum", **kwargs)


def status_field(**kwargs):
    return NamedChoiceField(AssistanceStatus.choices, enum_name="AssistanceStatusEnum", **kwargs)


# --------------------------------------------------------------------------- references


@extend_schema_field({"type": "string", "maxLength": 24})
class PairingRefField(CodeRelatedField):
    """A pairing by its agreement number, among those the caller may see."""

    default_error_messages = {
        "does_not_exist": _("No pairing has the number {value}."),
        "invalid": _("Give the pairing's agreement number."),
    }

    def __init__(self, **kwargs):
        super().__init__(slug_field="number", **kwargs)

    def get_queryset(self):
        return Pairing.objects.for_user(self.context["request"].user)

    def to_internal_value(self, data):
        return super().to_internal_value(str(data).strip().upper())


class HouseholdRefsField(serializers.ListField):
    """Beneficiary households by their household numbers (H…). Whether each lives in the
    record's village is the service's question."""

    child = serializers.CharField(max_length=12)

    def to_internal_value(self, data):
        from bangfu.registry.models import Household

        refs = list(dict.fromkeys(r.strip().upper() for r in super().to_internal_value(data)))
        found = {h.ref: h for h in Household.objects.filter(ref__in=refs).select_related("village")}
        unknown = [r for r in refs if r not in found]
        if unknown:
            raise serializers.ValidationError(
                _("No household has the number %(refs)s.") % {"refs": "、".join(unknown)}
            )
        return [found[r] for r in refs]


# --------------------------------------------------------------------------- records


class AssistanceSerializer(serializers.ModelSerializer):
    """A record in a list."""

    status = status_field(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    helper = HelperSummarySerializer(read_only=True)
    village = VillageSummarySerializer(read_only=True)
    pairing = serializers.CharField(source="pairing.number", read_only=True, allow_null=True)
    pathway = pathway_field(read_only=True)
    pathway_label = serializers.CharField(source="get_pathway_display", read_only=True)
    kind = kind_field(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Assistance
        fields = [
            "number",
            "on",
            "period",
            "status",
            "status_label",
            "helper",
            "village",
            "pairing",
            "pathway",
            "pathway_label",
            "kind",
            "kind_label",
            "description",
            *MEASURE_FIELDS,
            "version",
        ]
        read_only_fields = fields


class AssistanceDetailSerializer(AssistanceSerializer):
    """One record: its measures, beneficiary households (by number), evidence, review."""

    beneficiaries = serializers.SerializerMethodField()
    evidence_count = serializers.SerializerMethodField()
    corrects = serializers.CharField(source="corrects.number", read_only=True, allow_null=True)
    corrections = serializers.SerializerMethodField()
    created_by = serializers.CharField(source="created_by.username", read_only=True, default="")
    submitted_by = serializers.CharField(source="submitted_by.username", read_only=True, default="")
    confirmed_by = serializers.CharField(source="confirmed_by.username", read_only=True, default="")

    class Meta(AssistanceSerializer.Meta):
        fields = [
            *AssistanceSerializer.Meta.fields,
            "beneficiaries",
            "evidence_count",
            "review_note",
            "corrects",
            "corrections",
            "created_by",
            "created_at",
            "submitted_by",
            "submitted_at",
            "confirmed_by",
            "confirmed_at",
            "trained_from_roster",
        ]
        read_only_fields = fields

    def get_beneficiaries(self, obj: Assistance) -> list[str]:
        """Household numbers (opaque references, no personal data)."""
        return sorted(obj.beneficiary_set.values_list("household__ref", flat=True))

    def get_evidence_count(self, obj: Assistance) -> int:
        return obj.evidence.count()

    def get_corrections(self, obj: Assistance) -> list[str]:
        return list(obj.corrections.order_by("id").values_list("number", flat=True))


class AssistanceFieldsSerializer(serializers.Serializer):
    """The record's fields, each optional: those sent are changed (a correction: those sent
    differ from the corrected record)."""

    helper = HelperRefField(required=False, help_text="USCC of the helper")
    village = VillageRefField(required=False, help_text="12-digit code of the village")
    pairing = PairingRefField(
        required=False, allow_null=True, help_text="agreement number; null: outside a pairing"
    )
    on = serializers.DateField(required=False)
    pathway = pathway_field(required=False)
    kind = kind_field(required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    money_yuan = serializers.DecimalField(max_digits=20, decimal_places=2, required=False)
    goods_yuan = serializers.DecimalField(max_digits=20, decimal_places=2, required=False)
    wages_yuan = serializers.DecimalField(max_digits=20, decimal_places=2, required=False)
    investment_yuan = serializers.DecimalField(max_digits=20, decimal_places=2, required=False)
    purchase_yuan = serializers.DecimalField(max_digits=20, decimal_places=2, required=False)
    loan_yuan = serializers.DecimalField(max_digits=20, decimal_places=2, required=False)
    loan_rate = serializers.DecimalField(
        max_digits=8, decimal_places=2, required=False, allow_null=True, help_text="% a year"
    )
    persons_trained = serializers.IntegerField(required=False)
    poor_trained = serializers.IntegerField(required=False, help_text="of the persons trained")
    jobs = serializers.IntegerField(required=False)
    poor_jobs = serializers.IntegerField(required=False, help_text="of the jobs")
    volunteer_hours = serializers.IntegerField(required=False)
    households_reached = serializers.IntegerField(
        required=False, help_text="at least the beneficiary households listed"
    )
    beneficiaries = HouseholdRefsField(
        required=False, help_text="household numbers (H…) of the village's registered households"
    )
    files = serializers.ListField(
        child=EvidenceFileField(),
        required=False,
        help_text="evidence added to the record: photos, receipts (PDF or images)",
    )


class AssistanceCreateSerializer(AssistanceFieldsSerializer):
    helper = HelperRefField(help_text="USCC of the helper")
    village = VillageRefField(help_text="12-digit code of the village")
    on = serializers.DateField(help_text="the day of the help")
    pathway = pathway_field()
    kind = kind_field(help_text="a kind of the pathway")
    description = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs):
        attrs.setdefault("pairing", None)
        for name in MONEY_FIELDS:
            attrs.setdefault(name, Decimal("0"))
        for name in COUNT_FIELDS:
            attrs.setdefault(name, 0)
        attrs.setdefault("loan_rate", None)
        attrs.setdefault("beneficiaries", [])
        attrs.setdefault("files", [])
        return attrs


class AssistanceUpdateSerializer(AssistanceFieldsSerializer):
    """The fields sent are changed (a draft or a record sent back only). `version`, when
    sent, must be the version read, or the answer is 409 (someone else changed it)."""

    version = serializers.IntegerField(required=False, min_value=1)


class AssistanceCorrectSerializer(AssistanceFieldsSerializer):
    """What the correcting record changes; the rest is copied from the corrected record."""
