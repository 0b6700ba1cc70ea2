"""Industry project API shapes: targets against actual, by county, and recording progress."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bangfu.pairing.serializers.shared import VillageRefField, VillageSummarySerializer

from ..models import ProjectProgress


class ProjectFiguresSerializer(serializers.Serializer):
    area_mu = serializers.DecimalField(max_digits=14, decimal_places=2)
    livestock = serializers.IntegerField()
    revenue_yuan = serializers.DecimalField(max_digits=18, decimal_places=2)


class ProjectActualSerializer(ProjectFiguresSerializer):
    """What the progress rows add up to (cumulative), with the first year's profit (the
    target's measure) and the percentages of the targets."""

    first_year_revenue_yuan = serializers.DecimalField(
        max_digits=18, decimal_places=2, source="first_year_revenue"
    )
    villages = serializers.IntegerField()
    area_percent = serializers.FloatField()
    livestock_percent = serializers.FloatField()
    revenue_percent = serializers.FloatField(help_text="first-year profit against the target")


def _actual(row) -> dict:
    """A selectors.ProjectRow as ProjectActualSerializer reads it."""
    f = row.figures
    return {
        "area_mu": f.area_mu,
        "livestock": f.livestock,
        "revenue_yuan": f.revenue_yuan,
        "first_year_revenue": row.first_year_revenue,
        "villages": f.villages,
        "area_percent": row.area_percent,
        "livestock_percent": row.livestock_percent,
        "revenue_percent": row.revenue_percent,
    }


class ProjectCountySerializer(ProjectActualSerializer):
    county_code = serializers.CharField()
    county_name = serializers.CharField()


class ProjectSerializer(serializers.Serializer):
    """A project with its targets and, in the caller's scope (a county office: its county;
    a helper liaison: none), what its progress rows add up to."""

    code = serializers.CharField(source="project.code")
    name = serializers.CharField(source="project.name")
    description = serializers.CharField(source="project.description")
    programme = serializers.CharField(source="project.programme.name")
    first_year = serializers.IntegerField(source="project.first_year")
    target = serializers.SerializerMethodField()
    actual = serializers.SerializerMethodField()

    @extend_schema_field(ProjectFiguresSerializer)
    def get_target(self, row):
        p = row.project
        return ProjectFiguresSerializer(
            {
                "area_mu": p.target_area_mu,
                "livestock": p.target_livestock,
                "revenue_yuan": p.target_revenue_yuan,
            }
        ).data

    @extend_schema_field(ProjectActualSerializer)
    def get_actual(self, row):
        return ProjectActualSerializer(_actual(row)).data


class ProjectDetailSerializer(ProjectSerializer):
    by_county = serializers.SerializerMethodField()

    @extend_schema_field(ProjectCountySerializer(many=True))
    def get_by_county(self, row):
        return ProjectCountySerializer(
            [
                {"county_code": c.code, "county_name": c.label, **_actual(c)}
                for c in self.context["by_county"]
            ],
            many=True,
        ).data


class ProjectPeriodSerializer(serializers.Serializer):
    up_to = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="cumulative figures up to and including this half-year, e.g. 2018H1",
    )

    def validate_up_to(self, value: str) -> str:
        if not value:
            return value
        from bangfu.core.periods import parse_period

        try:
            return parse_period(value).code
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from exc


class ProjectProgressSerializer(serializers.ModelSerializer):
    project = serializers.CharField(source="project.code", read_only=True)
    village = VillageSummarySerializer(read_only=True)
    household = serializers.CharField(source="household.ref", read_only=True, allow_null=True)

    class Meta:
        model = ProjectProgress
        fields = [
            "id",
            "project",
            "period",
            "village",
            "household",
            "area_mu",
            "livestock",
            "revenue_yuan",
            "version",
        ]
        read_only_fields = fields


class ProjectProgressWriteSerializer(serializers.Serializer):
    """What the project added in a village (or one household of it) in a half-year; the
    same project, period and village (or household) again replaces that period's row."""

    period = serializers.CharField(help_text="half-year, e.g. 2018H1")
    village = VillageRefField(help_text="12-digit code of the village")
    household = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, help_text="household number (H…)"
    )
    area_mu = serializers.DecimalField(
        max_digits=20, decimal_places=2, required=False, default=Decimal("0")
    )
    livestock = serializers.IntegerField(required=False, default=0)
    revenue_yuan = serializers.DecimalField(
        max_digits=20, decimal_places=2, required=False, default=Decimal("0")
    )

    def validate_household(self, value):
        from bangfu.registry.models import Household

        if not value:
            return None
        household = Household.objects.filter(ref=value.strip().upper()).first()
        if household is None:
            raise serializers.ValidationError(
                _("No household has the number %(refs)s.") % {"refs": value}
            )
        return household
