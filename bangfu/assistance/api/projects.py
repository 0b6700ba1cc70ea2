"""Industry project API: /api/v1/projects/ — targets against actual, and recording progress."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bangfu.accounts.guards import require
from bangfu.accounts.roles import can
from bangfu.pairing.api.parsing import BODY_PARSERS, parse, query_filters

from ..models import Project
from ..selectors.projects import project_by_county, project_get, project_total
from ..serializers.projects import (
    ProjectDetailSerializer,
    ProjectPeriodSerializer,
    ProjectProgressSerializer,
    ProjectProgressWriteSerializer,
    ProjectSerializer,
)
from ..services.projects import project_progress_save


@extend_schema_view(
    list=extend_schema(
        summary="Industry projects: targets against actual in the caller's scope",
        parameters=[ProjectPeriodSerializer],
        responses=ProjectSerializer(many=True),
    ),
    retrieve=extend_schema(
        summary="One project: targets against actual, in total and by county",
        parameters=[ProjectPeriodSerializer],
        responses=ProjectDetailSerializer,
    ),
)
class ProjectViewSet(viewsets.GenericViewSet):
    """Industry projects (产业项目), looked up by code. Each progress row holds what was added
    in its half-year; the actual figures are their sums in the caller's scope (the
    programme for programme-wide roles, its county for a county office, none for a helper
    liaison), as on the project pages (`selectors.projects.project_total`)."""

    serializer_class = ProjectSerializer
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    filter_backends = []
    parser_classes = BODY_PARSERS
    queryset = Project.objects.none()  # for the schema's path parameter

    def list(self, request):
        up_to = query_filters(ProjectPeriodSerializer, request).get("up_to")
        rows = []
        for project in Project.objects.select_related("programme").order_by("code"):
            rows.append(project_total(user=request.user, project=project, up_to=up_to))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(ProjectSerializer(page, many=True).data)

    def retrieve(self, request, code=None):
        up_to = query_filters(ProjectPeriodSerializer, request).get("up_to")
        project = project_get(code=code)
        total = project_total(user=request.user, project=project, up_to=up_to)
        by_county = project_by_county(user=request.user, project=project, up_to=up_to)
        return Response(ProjectDetailSerializer(total, context={"by_county": by_county}).data)

    @extend_schema(
        summary="Record what the project added in a village in a half-year (county office)",
        description=(
            "The same project, period and village (or household) again replaces that "
            "period's figures: 201 when created, 200 when replaced."
        ),
        request=ProjectProgressWriteSerializer,
        responses={201: ProjectProgressSerializer, 200: ProjectProgressSerializer},
    )
    @action(detail=True, methods=["post"])
    def progress(self, request, code=None):
        require(can(request.user, "assistance.confirm"), "project.progress")
        project = project_get(code=code)
        data = parse(ProjectProgressWriteSerializer, request)
        row, created = project_progress_save(user=request.user, project=project, **data)
        return Response(
            ProjectProgressSerializer(row).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
