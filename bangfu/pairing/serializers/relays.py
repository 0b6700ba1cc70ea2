"""Relay API shapes: a relay, the candidates to take over, and the hand-over's body."""

from __future__ import annotations

from rest_framework import serializers

from ..models import Relay, Status
from .shared import (
    HelperRefField,
    HelperSummarySerializer,
    NamedChoiceField,
    VillageSummarySerializer,
)


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
    reasons = serializers.ListField(child=serializers.CharField())


class HandOverSerializer(serializers.Serializer):
    helper = HelperRefField(help_text="USCC of the successor")
    start_date = serializers.DateField(required=False, allow_null=True, help_text="default: today")
    focus = serializers.CharField(
        max_length=100, required=False, allow_null=True, help_text="default: the old one's"
    )
    content = serializers.CharField(
        required=False, allow_null=True, help_text="default: the old one's"
    )
