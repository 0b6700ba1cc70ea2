"""Coverage API: /api/v1/coverage/ — coverage by county, and the uncovered poor villages."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bangfu.accounts.guards import require
from bangfu.accounts.roles import Role

from ..selectors.coverage import coverage_by_county, coverage_totals, uncovered_villages
from ..serializers.coverage import CoverageSerializer, UncoveredVillageSerializer
from .parsing import query_filters


class UncoveredFilterSerializer(serializers.Serializer):
    county = serializers.CharField(required=False, allow_blank=True, help_text="county code")
    township = serializers.CharField(required=False, allow_blank=True, help_text="township code")


class CoverageViewSet(viewsets.GenericViewSet):
    """Coverage (覆盖): poor villages with at least one active pairing, by county.

    As on the coverage board, not for helper liaisons: its counts include other helpers'
    pairings, which a liaison does not see."""

    serializer_class = CoverageSerializer
    filter_backends = []

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        require(request.user.role != Role.HELPER, "pairing.coverage")

    @extend_schema(
        summary="Coverage by county, with the totals",
        parameters=[OpenApiParameter("page", exclude=True)],
        responses=CoverageSerializer,
    )
    def list(self, request):
        rows = coverage_by_county(user=request.user)
        totals = coverage_totals(rows)
        return Response(CoverageSerializer({"counties": rows, "totals": totals}).data)

    @extend_schema(
        summary="Poor villages with no active pairing, with the date last covered",
        parameters=[UncoveredFilterSerializer],
        responses=UncoveredVillageSerializer(many=True),
    )
    @action(detail=False, methods=["get"])
    def uncovered(self, request):
        filters = query_filters(UncoveredFilterSerializer, request)
        qs = uncovered_villages(user=request.user, **filters)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(UncoveredVillageSerializer(page, many=True).data)
