"""Coverage API shapes: coverage by county with the totals, and the uncovered villages."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers


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
