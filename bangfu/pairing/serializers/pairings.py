"""Pairing API shapes: a pairing in a list and in full, its agreement, and the action bodies."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Agreement, Pairing, Status
from ..selectors.pairings import plan_state_counts, visits_for_user
from .plans import PlanItemSerializer, PlanStateCountsSerializer
from .shared import (
    EvidenceFileField,
    HelperRefField,
    HelperSummarySerializer,
    NamedChoiceField,
    ReasonSerializer,
    VillageRefField,
    VillageSummarySerializer,
    pathway_list_field,
)


class AgreementSerializer(serializers.ModelSerializer):
    pairing = serializers.CharField(source="pairing.number", read_only=True)
    has_scan = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = [
            "pairing",
            "signed_on",
            "helper_signatory",
            "village_signatory",
            "has_scan",
            "version",
        ]
        read_only_fields = fields

    def get_has_scan(self, obj: Agreement) -> bool:
        return obj.scan_id is not None


class PairingSerializer(serializers.ModelSerializer):
    """A pairing in a list."""

    status = NamedChoiceField(Status.choices, enum_name="PairingStatusEnum", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    helper = HelperSummarySerializer(read_only=True)
    village = VillageSummarySerializer(read_only=True)
    pathways = pathway_list_field(source="pathway_list", read_only=True)
    has_agreement = serializers.SerializerMethodField()

    class Meta:
        model = Pairing
        fields = [
            "number",
            "status",
            "status_label",
            "helper",
            "village",
            "focus",
            "pathways",
            "slot",
            "start_date",
            "end_date",
            "activated_on",
            "ended_on",
            "has_agreement",
            "version",
        ]
        read_only_fields = fields

    def get_has_agreement(self, obj: Pairing) -> bool:
        return hasattr(obj, "agreement")


class PairingDetailSerializer(PairingSerializer):
    """One pairing: its terms, agreement, plan and relay links."""

    agreement = serializers.SerializerMethodField()
    predecessor = serializers.CharField(
        source="predecessor.number", read_only=True, allow_null=True
    )
    successor = serializers.CharField(source="successor.number", read_only=True, allow_null=True)
    programme = serializers.CharField(source="programme.name", read_only=True)
    plan_items = PlanItemSerializer(many=True, read_only=True)
    plan_states = serializers.SerializerMethodField()

    class Meta(PairingSerializer.Meta):
        fields = [
            *PairingSerializer.Meta.fields,
            "programme",
            "content",
            "end_reason",
            "capacity_reason",
            "eligibility_reason",
            "predecessor",
            "successor",
            "agreement",
            "plan_items",
            "plan_states",
        ]
        read_only_fields = fields

    @extend_schema_field(AgreementSerializer(allow_null=True))
    def get_agreement(self, obj: Pairing):
        agreement = Agreement.objects.filter(pairing=obj).first()
        return AgreementSerializer(agreement).data if agreement else None

    @extend_schema_field(PlanStateCountsSerializer)
    def get_plan_states(self, obj: Pairing):
        return plan_state_counts(obj.plan_items.all())


class PairingCreateSerializer(serializers.Serializer):
    helper = HelperRefField(help_text="USCC of the helper")
    village = VillageRefField(help_text="12-digit code of the village")
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True)
    focus = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    content = serializers.CharField(required=False, allow_blank=True, default="")
    pathways = pathway_list_field(required=False, default=list)
    capacity_reason = serializers.CharField(required=False, allow_blank=True, default="")
    eligibility_reason = serializers.CharField(required=False, allow_blank=True, default="")
    visit = serializers.IntegerField(
        required=False, allow_null=True, help_text="id of the site visit that led to it"
    )

    def validate_visit(self, value):
        if value is None:
            return None
        visit = visits_for_user(user=self.context["request"].user).filter(pk=value)
        visit = visit.first()
        if visit is None:
            raise serializers.ValidationError(_("No such site visit."))
        return visit


class PairingUpdateSerializer(serializers.Serializer):
    """The editable terms; only the fields sent are changed. `version`, when sent, must be
    the version read, or the answer is 409 (someone else changed it)."""

    focus = serializers.CharField(max_length=100, required=False, allow_blank=True)
    content = serializers.CharField(required=False, allow_blank=True)
    pathways = pathway_list_field(required=False)
    start_date = serializers.DateField(required=False)
    end_date = serializers.DateField(required=False, allow_null=True)
    version = serializers.IntegerField(required=False, min_value=1)


class ActivateSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True, help_text="default: today")


class EndSerializer(ReasonSerializer):
    on = serializers.DateField(required=False, allow_null=True, help_text="default: today")


class AgreementUploadSerializer(serializers.Serializer):
    file = EvidenceFileField(help_text="the signed agreement: PDF or image")
    signed_on = serializers.DateField()
    helper_signatory = serializers.CharField(
        max_length=32, required=False, allow_blank=True, default=""
    )
    village_signatory = serializers.CharField(
        max_length=32, required=False, allow_blank=True, default=""
    )
