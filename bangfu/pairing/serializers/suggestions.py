"""Suggestion API serializers: runs, suggested pairs with their reasons, decisions, weights."""

from __future__ import annotations

from rest_framework import serializers

from ..models import FitWeights, Suggestion, SuggestionRun
from ..selectors.suggestions import reasons_in_words
from .shared import NamedChoiceField


class SuggestionSerializer(serializers.ModelSerializer):
    helper = serializers.CharField(source="helper.uscc")
    helper_name = serializers.CharField(source="helper.name")
    village = serializers.CharField(source="village.code")
    village_name = serializers.CharField(source="village.name")
    county = serializers.CharField(source="county.code")
    reasons = serializers.SerializerMethodField()
    pairing = serializers.CharField(source="pairing.number", allow_null=True, default=None)
    state = NamedChoiceField(
        Suggestion.State.choices, enum_name="SuggestionStateEnum", read_only=True
    )

    class Meta:
        model = Suggestion
        fields = [
            "id",
            "helper",
            "helper_name",
            "village",
            "village_name",
            "county",
            "focus",
            "score",
            "reasons",
            "first_helper",
            "in_greedy",
            "state",
            "reject_reason",
            "pairing",
        ]

    def get_reasons(self, obj) -> list[str]:
        return reasons_in_words(obj)


class SuggestionRunSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id")
    county = serializers.CharField(source="county.code", allow_null=True, default=None)
    status = NamedChoiceField(
        SuggestionRun.Status.choices, enum_name="SuggestionRunStatusEnum", read_only=True
    )

    class Meta:
        model = SuggestionRun
        fields = [
            "id",
            "county",
            "widened",
            "status",
            "percent",
            "message",
            "summary",
            "created_at",
        ]


class SuggestionRunDetailSerializer(SuggestionRunSerializer):
    suggestions = serializers.SerializerMethodField()

    class Meta(SuggestionRunSerializer.Meta):
        fields = [*SuggestionRunSerializer.Meta.fields, "suggestions"]

    def get_suggestions(self, obj) -> list[dict]:
        return SuggestionSerializer(self.context.get("rows", []), many=True).data


class RunStartSerializer(serializers.Serializer):
    county = serializers.CharField(
        required=False, allow_blank=True, help_text="county code; a county office: its own"
    )
    widened = serializers.BooleanField(
        required=False, default=False, help_text="also helpers outside the region pairings"
    )


class AcceptSerializer(serializers.Serializer):
    suggestions = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    start_date = serializers.DateField(required=False, allow_null=True)


class RejectSerializer(serializers.Serializer):
    suggestion = serializers.IntegerField()
    reason = serializers.CharField(max_length=500)


class AcceptResultSerializer(serializers.Serializer):
    made = serializers.ListField(child=serializers.CharField())
    refused = serializers.ListField(child=serializers.DictField())


class WeightsSerializer(serializers.ModelSerializer):
    class Meta:
        model = FitWeights
        fields = list(FitWeights.FIELDS)
