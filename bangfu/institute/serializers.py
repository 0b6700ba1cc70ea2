"""Serializers of the tech-help visits API: a visit as read, its input, the list's filters."""

from __future__ import annotations

from rest_framework import serializers

from .models import Service, SubjectKind, TechVisit


class TechVisitSerializer(serializers.ModelSerializer):
    household = serializers.CharField(source="household.ref", read_only=True)
    household_head = serializers.CharField(source="household.head_name", read_only=True)
    village = serializers.CharField(source="household.village.code", read_only=True)
    county = serializers.CharField(source="county.code", read_only=True)
    point_name = serializers.CharField(source="point.name", read_only=True)
    point_kind = serializers.CharField(source="point.kind", read_only=True)
    recorded_by = serializers.CharField(
        source="recorded_by.full_name", read_only=True, default="", allow_null=True
    )

    class Meta:
        model = TechVisit
        fields = [
            "id",
            "household",
            "household_head",
            "village",
            "county",
            "point",
            "point_name",
            "point_kind",
            "visited_on",
            "service",
            "subject_kind",
            "subject",
            "description",
            "result",
            "recorded_by",
            "version",
        ]
        read_only_fields = fields


class TechVisitInputSerializer(serializers.Serializer):
    household = serializers.CharField(max_length=16, help_text="the household's public number")
    point = serializers.IntegerField(
        help_text="id of the centre or workstation", min_value=1, max_value=2**31 - 1
    )
    visited_on = serializers.DateField()
    service = serializers.ChoiceField(choices=Service.choices)
    subject_kind = serializers.ChoiceField(choices=SubjectKind.choices)
    subject = serializers.CharField(max_length=40)
    description = serializers.CharField()
    result = serializers.CharField(required=False, allow_blank=True, default="")


class TechVisitChangeSerializer(serializers.Serializer):
    point = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    visited_on = serializers.DateField(required=False)
    service = serializers.ChoiceField(choices=Service.choices, required=False)
    subject_kind = serializers.ChoiceField(choices=SubjectKind.choices, required=False)
    subject = serializers.CharField(max_length=40, required=False)
    description = serializers.CharField(required=False)
    result = serializers.CharField(required=False, allow_blank=True)


class TechVisitFilterSerializer(serializers.Serializer):
    county = serializers.RegexField(r"^\d{6}$", required=False)
    township = serializers.RegexField(r"^\d{9}$", required=False)
    village = serializers.RegexField(r"^\d{12}$", required=False)
    point = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    household = serializers.CharField(required=False, max_length=16)
    service = serializers.ChoiceField(choices=Service.choices, required=False)
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    mine = serializers.BooleanField(required=False, default=False)
