"""Serializers of the evaluation API: checklists, evaluations and checks, cross-checks, notices."""

from __future__ import annotations

from rest_framework import serializers

from bangfu.evaluation.models import (
    Checklist,
    ChecklistItem,
    CrossCheckAssignment,
    Evaluation,
    Notice,
    NoticeEntry,
    Score,
    ScoreSheet,
    SheetKind,
)


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "group", "title", "points", "evidence_key", "order"]


class ChecklistSerializer(serializers.ModelSerializer):
    items = ItemSerializer(many=True, read_only=True)
    points = serializers.SerializerMethodField()

    class Meta:
        model = Checklist
        fields = ["id", "year", "note", "points", "items", "version"]

    def get_points(self, obj) -> int:
        return sum(i.points for i in obj.items.all())


class ScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = Score
        fields = ["item", "score", "note"]


class SheetSerializer(serializers.ModelSerializer):
    checker_county = serializers.CharField(
        source="checker_county.code", default=None, allow_null=True
    )
    scores = ScoreSerializer(many=True, read_only=True)

    class Meta:
        model = ScoreSheet
        fields = ["kind", "state", "checker_county", "total", "note", "submitted_at", "scores"]


class EvaluationSerializer(serializers.ModelSerializer):
    county = serializers.CharField(source="county.code", read_only=True)
    county_name = serializers.CharField(source="county.name", read_only=True)
    year = serializers.IntegerField(source="checklist.year", read_only=True)

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "year",
            "county",
            "county_name",
            "final_score",
            "rank",
            "grade",
            "finalised_at",
        ]


class ScoreLineSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    score = serializers.CharField(allow_blank=True, allow_null=True, required=False)
    note = serializers.CharField(allow_blank=True, required=False, default="")


class ScoreInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SheetKind.choices)
    scores = ScoreLineSerializer(many=True)
    note = serializers.CharField(allow_blank=True, required=False, default="")
    submit = serializers.BooleanField(required=False, default=False)


class EvaluationFilterSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, allow_null=True)
    county = serializers.CharField(required=False, allow_blank=True)


class CrossCheckSerializer(serializers.ModelSerializer):
    checker = serializers.CharField(source="checker.code")
    checked = serializers.CharField(source="checked.code")

    class Meta:
        model = CrossCheckAssignment
        fields = ["id", "year", "checker", "checked", "adjusted", "reason"]


class NoticeEntrySerializer(serializers.ModelSerializer):
    helper = serializers.CharField(source="helper.uscc", default=None, allow_null=True)
    county = serializers.CharField(source="county.code", default=None, allow_null=True)

    class Meta:
        model = NoticeEntry
        fields = ["id", "subject", "name", "helper", "county", "reason", "version"]


class NoticeSerializer(serializers.ModelSerializer):
    entries = NoticeEntrySerializer(many=True, read_only=True)

    class Meta:
        model = Notice
        fields = [
            "id",
            "year",
            "kind",
            "number",
            "subject",
            "title",
            "issuer",
            "intro",
            "issued_on",
            "entries",
            "version",
        ]


class NoticeUpdateSerializer(serializers.Serializer):
    """A draft notice's fields; only those sent change. Refused (400) once issued; a stale
    `version` answers 409."""

    kind = serializers.ChoiceField(choices=Notice.Kind.choices, required=False)
    year = serializers.IntegerField(required=False)
    subject = serializers.CharField(max_length=100, required=False)
    number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    issuer = serializers.CharField(max_length=100, required=False)
    intro = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(required=False, min_value=1)


class NoticeEntryUpdateSerializer(serializers.Serializer):
    """An entry of a draft notice; only the fields sent change (`helper`: USCC, `county`:
    code, empty to clear). Refused (400) once issued; a stale `version` answers 409."""

    subject = serializers.ChoiceField(choices=NoticeEntry.Subject.choices, required=False)
    name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    helper = serializers.CharField(required=False, allow_blank=True, help_text="USCC")
    county = serializers.CharField(required=False, allow_blank=True, help_text="county code")
    reason = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(required=False, min_value=1)
