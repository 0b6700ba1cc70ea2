"""Indicators API: GET /api/v1/indicators/?period=2017H2&county=130821.

The figures of the dashboard for the caller's scope (a county officer: its county; a helper
liaison: its own helper's records; programme-wide roles: the programme or one county), in
total and per county (or per township of the chosen county), computed by
`bangfu.assistance.indicators` like every page and export. Money is a decimal string in yuan,
counts are integers. A bad period answers 400, a county out of scope 404.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from bangfu.assistance.indicators import INDICATORS, figures

from . import breakdown, filtering


class IndicatorQuerySerializer(serializers.Serializer):
    period = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="a half-year such as 2017H2 (periods end on 20 June and 21 December), "
        "`all` for everything confirmed so far; default: the latest closed half-year",
    )
    county = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="a county code (a county officer is always in its own county)",
    )


def _figure_field(indicator):
    help_text = f"{indicator.name_zh}（{indicator.unit_zh}）：{indicator.definition_zh}"
    if indicator.money:
        return serializers.DecimalField(max_digits=18, decimal_places=2, help_text=help_text)
    return serializers.IntegerField(help_text=help_text)


FiguresSerializer = type(
    "IndicatorFiguresSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "Every indicator (统计口径) by its code; see docs/INDICATORS.md.",
        **{i.code: _figure_field(i) for i in INDICATORS},
    },
)


class CoverageFigureSerializer(serializers.Serializer):
    poor = serializers.IntegerField(help_text="registered poor villages not yet exited")
    covered = serializers.IntegerField(help_text="of them with at least one active pairing")
    percent = serializers.FloatField()


class ScopeSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=["programme", "county", "helper"])
    county = serializers.CharField(allow_null=True, help_text="county code")
    county_name = serializers.CharField(allow_null=True)
    helper = serializers.CharField(allow_null=True, help_text="the helper's USCC")
    helper_name = serializers.CharField(allow_null=True)


class UnitFiguresSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=["county", "township"])
    code = serializers.CharField()
    name = serializers.CharField()
    figures = FiguresSerializer()
    coverage = CoverageFigureSerializer(
        allow_null=True, help_text="null for helper liaisons (it counts other helpers)"
    )


class IndicatorsSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="the half-year (e.g. 2017H2) or `all`")
    start = serializers.DateField(allow_null=True, help_text="the period's first day")
    end = serializers.DateField(allow_null=True, help_text="the period's last day")
    scope = ScopeSerializer()
    figures = FiguresSerializer()
    coverage = CoverageFigureSerializer(allow_null=True, help_text="today's coverage")
    by_unit = UnitFiguresSerializer(many=True, help_text="per county, or per township")


def _coverage(c):
    return None if c is None else {"poor": c.poor, "covered": c.covered, "percent": c.percent}


class IndicatorsView(APIView):
    """The indicators of the caller's scope for a half-year or for all periods."""

    @extend_schema(
        summary="The indicators (统计口径) for a period and scope, in total and by unit",
        parameters=[IndicatorQuerySerializer],
        responses=IndicatorsSerializer,
    )
    def get(self, request):
        query = IndicatorQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        try:
            filters = filtering.dashboard_filters(user=request.user, **query.validated_data)
        except ValueError as exc:
            raise serializers.ValidationError({"period": [str(exc)]}) from exc
        records = breakdown.scope_records(user=request.user, filters=filters)
        coverage = breakdown.coverage_of(user=request.user, filters=filters)
        if filters.county is None:
            unit_coverage = breakdown.coverage_by_county(user=request.user, filters=filters)
        elif filters.helper is None:
            unit_coverage = breakdown.coverage_by_township(user=request.user, county=filters.county)
        else:
            unit_coverage = {}
        rows = breakdown.unit_rows(
            user=request.user, filters=filters, records=records, coverage=unit_coverage
        )
        county, helper = filters.county, filters.helper
        body = {
            "period": filters.period_code,
            "start": filters.period.start if filters.period else None,
            "end": filters.period.end if filters.period else None,
            "scope": {
                "level": filters.level,
                "county": county.code if county else None,
                "county_name": county.name if county else None,
                "helper": helper.uscc if helper else None,
                "helper_name": helper.name if helper else None,
            },
            "figures": figures(records),
            "coverage": _coverage(coverage),
            "by_unit": [
                {
                    "level": filters.unit_level,
                    "code": r.division.code,
                    "name": r.division.name,
                    "figures": r.figures,
                    "coverage": _coverage(r.coverage),
                }
                for r in rows
            ],
        }
        return Response(IndicatorsSerializer(body).data)
