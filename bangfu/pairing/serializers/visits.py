"""Site-visit API shapes: a visit as answered, and what recording one takes."""

from __future__ import annotations

from rest_framework import serializers

from ..models import SiteVisit
from .shared import (
    EvidenceFileField,
    HelperRefField,
    HelperSummarySerializer,
    StoredFileSummarySerializer,
    VillageRefField,
    VillageSummarySerializer,
)


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
