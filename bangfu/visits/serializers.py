"""Serializers of the supervision-visit API: visits, follow-ups, and the inputs and filters."""

from __future__ import annotations

from rest_framework import serializers

from bangfu.visits.models import FollowUp, Visit


class FollowUpSerializer(serializers.ModelSerializer):
    county = serializers.CharField(source="county.code", read_only=True)
    helper = serializers.CharField(
        source="helper.uscc", read_only=True, default=None, allow_null=True
    )
    pairing = serializers.CharField(
        source="pairing.number", read_only=True, default=None, allow_null=True
    )
    village = serializers.CharField(
        source="village.code", read_only=True, default=None, allow_null=True
    )
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "source",
            "visit",
            "county",
            "helper",
            "pairing",
            "village",
            "problem",
            "details",
            "raised_on",
            "owner_name",
            "owner",
            "due_on",
            "state",
            "overdue",
            "closing_note",
            "closed_on",
            "version",
        ]

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue()


class VisitSerializer(serializers.ModelSerializer):
    county = serializers.CharField(source="county.code", read_only=True)
    recorded_by = serializers.CharField(
        source="recorded_by.username", default=None, allow_null=True
    )

    class Meta:
        model = Visit
        fields = [
            "id",
            "county",
            "visited_on",
            "participants",
            "recorded_by",
            "findings",
            "problems",
            "version",
        ]


class VisitDetailSerializer(VisitSerializer):
    villages = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    pairings = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    files = serializers.SlugRelatedField(slug_field="original_name", many=True, read_only=True)
    follow_ups = FollowUpSerializer(many=True, read_only=True)

    class Meta(VisitSerializer.Meta):
        fields = [*VisitSerializer.Meta.fields, "villages", "pairings", "files", "follow_ups"]


class FollowUpAddSerializer(serializers.Serializer):
    problem = serializers.CharField(max_length=200)
    owner_name = serializers.CharField(max_length=100)
    due_on = serializers.DateField()
    details = serializers.CharField(required=False, allow_blank=True, default="")
    village = serializers.CharField(required=False, allow_blank=True, default="")


class VisitCreateSerializer(serializers.Serializer):
    county = serializers.CharField(help_text="county code")
    visited_on = serializers.DateField()
    participants = serializers.CharField(max_length=200)
    findings = serializers.CharField()
    problems = serializers.CharField(required=False, allow_blank=True, default="")
    villages = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, help_text="village codes"
    )
    pairings = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, help_text="agreement numbers"
    )
    follow_ups = FollowUpAddSerializer(many=True, required=False, default=list)


class VisitUpdateSerializer(serializers.Serializer):
    """A correction: only the fields sent change. `version`, when sent, must be the version
    read, or the answer is 409 (someone else changed it)."""

    visited_on = serializers.DateField(required=False)
    participants = serializers.CharField(max_length=200, required=False)
    findings = serializers.CharField(required=False)
    problems = serializers.CharField(required=False, allow_blank=True)
    villages = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="village codes"
    )
    pairings = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="agreement numbers"
    )
    version = serializers.IntegerField(required=False, min_value=1)


class ProblemRaiseSerializer(serializers.Serializer):
    problem = serializers.CharField(max_length=200)
    details = serializers.CharField(required=False, allow_blank=True, default="")
    pairing = serializers.CharField(required=False, allow_blank=True, default="")
    county = serializers.CharField(required=False, allow_blank=True, default="")


class CloseSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    on = serializers.DateField(required=False, allow_null=True, default=None)


class VisitFilterSerializer(serializers.Serializer):
    county = serializers.CharField(required=False, allow_blank=True)
    year = serializers.IntegerField(required=False, allow_null=True)


class FollowUpFilterSerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=["open", "closed", "overdue"], required=False, allow_blank=True
    )
    source = serializers.ChoiceField(
        choices=FollowUp.Source.choices, required=False, allow_blank=True
    )
    county = serializers.CharField(required=False, allow_blank=True)
    helper = serializers.CharField(required=False, allow_blank=True)
