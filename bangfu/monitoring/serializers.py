"""Shapes of the relapse-monitoring API: cases with their steps, measures and visits; inputs;
rigid expenses; the exits still followed."""

from __future__ import annotations

import datetime as dt

from rest_framework import serializers

from bangfu.monitoring.models import (
    CaseSource,
    CaseState,
    MonitoringCase,
    MonitoringGroup,
    MonitoringMeasure,
    MonitoringStep,
    MonitoringVisit,
    Step,
)
from bangfu.monitoring.rules import add_months, household_years, village_years
from bangfu.registry.models import Household, RigidExpense, VillageProfile


class StepSerializer(serializers.ModelSerializer):
    class Meta:
        model = MonitoringStep
        fields = [
            "step",
            "done_on",
            "passed",
            "notes",
            "notice_start",
            "notice_end",
            "signed_name",
        ]


class MeasureSerializer(serializers.ModelSerializer):
    assistance = serializers.SlugRelatedField(slug_field="number", read_only=True, allow_null=True)

    class Meta:
        model = MonitoringMeasure
        fields = ["kind", "description", "started_on", "assistance"]


class MonitoringVisitSerializer(serializers.ModelSerializer):
    class Meta:
        model = MonitoringVisit
        fields = ["visited_on", "visitor", "per_capita_income", "notes"]


class CaseSerializer(serializers.ModelSerializer):
    household = serializers.CharField(source="household.ref", read_only=True)
    head_name = serializers.CharField(source="household.head_name", read_only=True)
    head_id_number = serializers.CharField(source="household.masked_id_number", read_only=True)
    village = serializers.CharField(source="household.village.code", read_only=True)
    county = serializers.CharField(source="county.code", read_only=True)

    class Meta:
        model = MonitoringCase
        fields = [
            "number",
            "household",
            "head_name",
            "head_id_number",
            "village",
            "county",
            "group",
            "source",
            "reason",
            "opened_on",
            "state",
            "next_step",
            "next_due",
            "identified_on",
            "closed_on",
            "closing_note",
            "version",
        ]


class CaseDetailSerializer(CaseSerializer):
    steps = StepSerializer(many=True, read_only=True)
    measures = MeasureSerializer(many=True, read_only=True)
    visits = MonitoringVisitSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "steps", "measures", "visits"]


class CaseOpenSerializer(serializers.Serializer):
    household = serializers.CharField(help_text="the household number (ref)")
    group = serializers.ChoiceField(choices=MonitoringGroup.choices)
    source = serializers.ChoiceField(choices=CaseSource.choices)
    reason = serializers.CharField()
    opened_on = serializers.DateField(required=False)


class StepRecordSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=Step.choices)
    done_on = serializers.DateField()
    signed_name = serializers.CharField(max_length=64)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    passed = serializers.BooleanField(required=False, default=True)
    notice_start = serializers.DateField(required=False, allow_null=True, default=None)
    notice_end = serializers.DateField(required=False, allow_null=True, default=None)


class MeasureAddSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MonitoringMeasure.Kind.choices)
    description = serializers.CharField()
    started_on = serializers.DateField()
    assistance = serializers.CharField(required=False, allow_blank=True, default="")


class VisitAddSerializer(serializers.Serializer):
    visited_on = serializers.DateField()
    visitor = serializers.CharField(max_length=64)
    per_capita_income = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class RemovalSerializer(serializers.Serializer):
    removed_on = serializers.DateField()
    note = serializers.CharField()


class CaseFilterSerializer(serializers.Serializer):
    county = serializers.CharField(required=False, allow_blank=True, help_text="county code")
    state = serializers.ChoiceField(choices=CaseState.choices, required=False, allow_blank=True)
    group = serializers.ChoiceField(
        choices=MonitoringGroup.choices, required=False, allow_blank=True
    )
    overdue = serializers.BooleanField(required=False, default=False)
    q = serializers.CharField(required=False, allow_blank=True)


# --------------------------------------------------------------------------- rigid expenses


class RigidExpenseSerializer(serializers.ModelSerializer):
    household = serializers.CharField(source="household.ref", read_only=True)
    head_name = serializers.CharField(source="household.head_name", read_only=True)
    village = serializers.CharField(source="household.village.code", read_only=True)
    county = serializers.CharField(source="household.county.code", read_only=True)

    class Meta:
        model = RigidExpense
        fields = ["id", "household", "head_name", "village", "county", "year", "kind", "amount"]


class RigidExpenseUpdateSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=RigidExpense.Kind.choices)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)


class RigidExpenseWriteSerializer(RigidExpenseUpdateSerializer):
    household = serializers.CharField(help_text="the household number (ref)")


class RigidExpenseFilterSerializer(serializers.Serializer):
    household = serializers.CharField(required=False, allow_blank=True, help_text="household ref")
    county = serializers.CharField(required=False, allow_blank=True, help_text="county code")
    year = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=9999)
    kind = serializers.ChoiceField(
        choices=RigidExpense.Kind.choices, required=False, allow_blank=True
    )


# --------------------------------------------------------------------------- still followed


class FollowedFilterSerializer(serializers.Serializer):
    on = serializers.DateField(
        required=False, allow_null=True, help_text="the day the periods are counted at (today)"
    )


class FollowedHouseholdSerializer(serializers.ModelSerializer):
    household = serializers.CharField(source="ref", read_only=True)
    head_id_number = serializers.CharField(source="masked_id_number", read_only=True)
    village = serializers.CharField(source="village.code", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)
    township_name = serializers.CharField(source="village.parent.name", read_only=True)
    followed_until_year = serializers.SerializerMethodField()

    class Meta:
        model = Household
        fields = [
            "household",
            "head_name",
            "head_id_number",
            "village",
            "village_name",
            "township_name",
            "year_exited",
            "followed_until_year",
            "monitoring",
        ]

    def get_followed_until_year(self, obj) -> int:
        return obj.year_exited + household_years()


class FollowedVillageSerializer(serializers.ModelSerializer):
    village = serializers.CharField(source="village.code", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)
    township_name = serializers.CharField(source="village.parent.name", read_only=True)
    county = serializers.CharField(source="county.code", read_only=True)
    followed_until = serializers.SerializerMethodField()

    class Meta:
        model = VillageProfile
        fields = [
            "village",
            "village_name",
            "township_name",
            "county",
            "exited_on",
            "followed_until",
        ]

    def get_followed_until(self, obj) -> dt.date:
        return add_months(obj.exited_on, 12 * village_years())
