"""Plan API shapes: plan items with their states, progress reports, and what adding them takes."""

from __future__ import annotations

from django.utils import timezone
from rest_framework import serializers

from ..models import ItemState, PlanItem, PlanProgress
from .shared import EvidenceFileField, NamedChoiceField, StoredFileSummarySerializer


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
