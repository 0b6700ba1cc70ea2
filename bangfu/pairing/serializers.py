"""Pairing API shapes: what the endpoints read (input) and answer (output).

Input serializers only parse: types, lengths, references by natural key (helper USCC,
village code). The business rules and the permission checks are the services'; where a
service states a rule itself (a reason to suspend, end or relay), the field is optional
here so that the service's message is the one given. Files are checked by their bytes here
as well (the same check the services run) so that a bad upload is reported under its field.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from bangfu.core.api import CodeRelatedField
from bangfu.core.uploads import check_evidence
from bangfu.helpers.models import Helper
from bangfu.places.models import Division

from . import selectors
from .models import (
    Agreement,
    ItemState,
    Pairing,
    Pathway,
    PlanItem,
    PlanProgress,
    Relay,
    SiteVisit,
    Status,
)

# --------------------------------------------------------------------------- references


@extend_schema_field({"type": "string", "maxLength": 18})
class HelperRefField(CodeRelatedField):
    """A helper by its USCC, among the helpers the caller may see."""

    default_error_messages = {
        "does_not_exist": _("No helper has the credit code {value}."),
        "invalid": _("Give the helper's credit code."),
    }

    def __init__(self, **kwargs):
        super().__init__(slug_field="uscc", **kwargs)

    def get_queryset(self):
        return Helper.objects.for_user(self.context["request"].user)

    def to_internal_value(self, data):
        return super().to_internal_value(str(data).strip().upper())


@extend_schema_field({"type": "string", "pattern": "^[0-9]{12}$"})
class VillageRefField(CodeRelatedField):
    """A village by its 12-digit statistical code. Whether the caller may act on it is the
    service's question (a county office acts only in its county: 403)."""

    default_error_messages = {
        "does_not_exist": _("No village has the code {value}."),
        "invalid": _("Give the village's 12-digit code."),
    }

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self):
        return Division.objects.filter(level="village").select_related("county", "parent")

    def to_internal_value(self, data):
        return super().to_internal_value(str(data).strip())


class EvidenceFileField(serializers.FileField):
    """An uploaded PDF or image, checked by its bytes and size."""

    def to_internal_value(self, data):
        upload = super().to_internal_value(data)
        try:
            check_evidence(upload)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return upload


def pathway_list_field(**kwargs) -> serializers.ListField:
    return serializers.ListField(child=serializers.ChoiceField(choices=Pathway.choices), **kwargs)


class NamedChoiceField(serializers.ChoiceField):
    """A choice field whose choice set is one named schema component (`enum_name`) wherever
    it is used, so that lists, details and nested shapes share one enum in the schema."""

    def __init__(self, choices, *, enum_name: str, **kwargs):
        self.enum_name = enum_name
        super().__init__(choices=choices, **kwargs)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField

    def get_name(self) -> str:
        return self.target.enum_name

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        return {k: v for k, v in schema.items() if k in ("type", "enum", "description")}


# --------------------------------------------------------------------------- summaries


class HelperSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Helper
        fields = ["uscc", "name"]
        read_only_fields = fields


class VillageSummarySerializer(serializers.ModelSerializer):
    township_code = serializers.CharField(source="parent.code", read_only=True)
    township_name = serializers.CharField(source="parent.name", read_only=True)
    county_code = serializers.CharField(source="county.code", read_only=True)
    county_name = serializers.CharField(source="county.name", read_only=True)

    class Meta:
        model = Division
        fields = ["code", "name", "township_code", "township_name", "county_code", "county_name"]
        read_only_fields = fields


class StoredFileSummarySerializer(serializers.Serializer):
    name = serializers.CharField(source="original_name", read_only=True)
    content_type = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True)


# --------------------------------------------------------------------------- pairings


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


class PlanStateCountsSerializer(serializers.Serializer):
    not_due = serializers.IntegerField()
    on_track = serializers.IntegerField()
    late = serializers.IntegerField()
    done = serializers.IntegerField()


class PlanItemSerializer(serializers.ModelSerializer):
    pairing = serializers.CharField(source="pairing.number", read_only=True)
    state = NamedChoiceField(ItemState.choices, enum_name="PlanItemStateEnum", read_only=True)
    state_label = serializers.CharField(read_only=True)
    percent = serializers.IntegerField(read_only=True)
    inherited_from = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = PlanItem
        fields = [
            "id",
            "pairing",
            "what",
            "how",
            "indicator",
            "target_value",
            "unit",
            "due_date",
            "achieved",
            "done_on",
            "state",
            "state_label",
            "percent",
            "inherited_from",
            "version",
        ]
        read_only_fields = fields


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
        return selectors.plan_state_counts(obj.plan_items.all())


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
        visit = selectors.visits_for_user(user=self.context["request"].user).filter(pk=value)
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


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


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


# --------------------------------------------------------------------------- plan


class PlanProgressSerializer(serializers.ModelSerializer):
    item = PlanItemSerializer(read_only=True)
    files = StoredFileSummarySerializer(many=True, read_only=True)
    reported_by = serializers.CharField(source="reported_by.username", read_only=True, default="")

    class Meta:
        model = PlanProgress
        fields = ["id", "item", "reported_on", "value", "note", "files", "reported_by"]
        read_only_fields = fields


class ProgressEntrySerializer(serializers.ModelSerializer):
    """A progress report inside its item (the item itself left out)."""

    files = StoredFileSummarySerializer(many=True, read_only=True)
    reported_by = serializers.CharField(source="reported_by.username", read_only=True, default="")

    class Meta:
        model = PlanProgress
        fields = ["id", "reported_on", "value", "note", "files", "reported_by"]
        read_only_fields = fields


class PlanItemDetailSerializer(PlanItemSerializer):
    progress = ProgressEntrySerializer(many=True, read_only=True)

    class Meta(PlanItemSerializer.Meta):
        fields = [*PlanItemSerializer.Meta.fields, "progress"]
        read_only_fields = fields


class PlanItemWriteSerializer(serializers.Serializer):
    what = serializers.CharField(max_length=200)
    how = serializers.CharField(required=False, allow_blank=True)
    indicator = serializers.CharField(max_length=100)
    target_value = serializers.DecimalField(max_digits=14, decimal_places=2)
    unit = serializers.CharField(max_length=16)
    due_date = serializers.DateField()


class PlanItemCreateSerializer(PlanItemWriteSerializer):
    pairing = serializers.CharField(max_length=24, help_text="the pairing's agreement number")


class PlanItemUpdateSerializer(PlanItemWriteSerializer):
    version = serializers.IntegerField(required=False, min_value=1)


class ProgressAddSerializer(serializers.Serializer):
    reported_on = serializers.DateField(required=False, help_text="default: today")
    value = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="the value reached so far"
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    files = serializers.ListField(child=EvidenceFileField(), required=False, default=list)

    def validate(self, attrs):
        attrs.setdefault("reported_on", timezone.localdate())
        return attrs


# --------------------------------------------------------------------------- site visits


class SiteVisitSerializer(serializers.ModelSerializer):
    helper = HelperSummarySerializer(read_only=True)
    village = VillageSummarySerializer(read_only=True)
    pairing = serializers.CharField(source="pairing.number", read_only=True, allow_null=True)
    files = StoredFileSummarySerializer(many=True, read_only=True)

    class Meta:
        model = SiteVisit
        fields = [
            "id",
            "helper",
            "village",
            "pairing",
            "visited_on",
            "participants",
            "findings",
            "files",
            "version",
        ]
        read_only_fields = fields


class SiteVisitCreateSerializer(serializers.Serializer):
    helper = HelperRefField(help_text="USCC of the helper")
    village = VillageRefField(help_text="12-digit code of the village")
    visited_on = serializers.DateField()
    participants = serializers.CharField(max_length=200)
    findings = serializers.CharField()
    files = serializers.ListField(child=EvidenceFileField(), required=False, default=list)


# --------------------------------------------------------------------------- relays


class RelaySerializer(serializers.ModelSerializer):
    pairing = serializers.CharField(source="pairing.number", read_only=True)
    pairing_status = NamedChoiceField(
        Status.choices, enum_name="PairingStatusEnum", source="pairing.status", read_only=True
    )
    helper = HelperSummarySerializer(source="pairing.helper", read_only=True)
    village = VillageSummarySerializer(source="pairing.village", read_only=True)
    state = NamedChoiceField(Relay.State.choices, enum_name="RelayStateEnum", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    successor = serializers.CharField(source="successor.number", read_only=True, allow_null=True)
    successor_helper = HelperSummarySerializer(
        source="successor.helper", read_only=True, allow_null=True
    )
    reported_by = serializers.CharField(source="reported_by.username", read_only=True, default="")

    class Meta:
        model = Relay
        fields = [
            "id",
            "pairing",
            "pairing_status",
            "helper",
            "village",
            "reason",
            "reported_on",
            "reported_by",
            "state",
            "state_label",
            "successor",
            "successor_helper",
            "closed_on",
            "note",
            "version",
        ]
        read_only_fields = fields


class CandidateSerializer(serializers.Serializer):
    uscc = serializers.CharField(source="helper.uscc")
    name = serializers.CharField(source="helper.name")
    industry = serializers.CharField(source="helper.industry")
    capacity = serializers.IntegerField(source="helper.capacity")
    load = serializers.IntegerField()
    room = serializers.IntegerField()
    same_county = serializers.BooleanField()
    nearby = serializers.BooleanField()
    matches = serializers.ListField(child=serializers.CharField())
    score = serializers.FloatField()


class HandOverSerializer(serializers.Serializer):
    helper = HelperRefField(help_text="USCC of the successor")
    start_date = serializers.DateField(required=False, allow_null=True, help_text="default: today")
    focus = serializers.CharField(
        max_length=100, required=False, allow_null=True, help_text="default: the old one's"
    )
    content = serializers.CharField(
        required=False, allow_null=True, help_text="default: the old one's"
    )


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


# --------------------------------------------------------------------------- coverage


class CoverageRowSerializer(serializers.Serializer):
    county_code = serializers.CharField(source="county.code", allow_null=True, default=None)
    county_name = serializers.CharField(source="county.name", allow_null=True, default=None)
    poor = serializers.IntegerField(help_text="registered poor villages not exited")
    covered = serializers.IntegerField(help_text="… with at least one active pairing")
    percent = serializers.FloatField()
    active_pairings = serializers.IntegerField()
    helpers_per_village = serializers.FloatField(help_text="active pairings per covered village")
    uncovered = serializers.IntegerField()
    full = serializers.IntegerField(help_text="villages whose five slots are all held")


@extend_schema_serializer(many=False)
class CoverageSerializer(serializers.Serializer):
    counties = CoverageRowSerializer(many=True)
    totals = CoverageRowSerializer()


class UncoveredVillageSerializer(serializers.Serializer):
    code = serializers.CharField(source="village.code")
    name = serializers.CharField(source="village.name")
    township_code = serializers.CharField(source="village.parent.code")
    township_name = serializers.CharField(source="village.parent.name")
    county_code = serializers.CharField(source="county.code")
    county_name = serializers.CharField(source="county.name")
    last_covered = serializers.DateField(allow_null=True, help_text="null: never covered")
    days_since_covered = serializers.SerializerMethodField()
    open_pairings = serializers.IntegerField(help_text="proposed, agreed or suspended ones")

    def get_days_since_covered(self, obj) -> int | None:
        last = obj.last_covered
        if last is None:
            return None
        return (timezone.localdate() - last).days
