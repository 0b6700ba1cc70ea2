"""/api/v1/ endpoints of relapse monitoring: monitoring cases, and the actions on one case.

/api/v1/monitoring-cases/ (list, read, open) and the actions `step`, `measures`, `visits`,
`remove-risk` on one case, calling the same services as the pages. Read like households
(`personal.read`, masked ID numbers); written by county offices for their own county
(`monitoring.manage`): others get 403, another county's case 404, a broken rule 400 with its
message."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bangfu.accounts import audit
from bangfu.accounts.roles import can
from bangfu.monitoring.selectors import case_get_for_user, case_list_for_user, measure_assistance
from bangfu.monitoring.serializers import (
    CaseDetailSerializer,
    CaseFilterSerializer,
    CaseOpenSerializer,
    CaseSerializer,
    MeasureAddSerializer,
    RemovalSerializer,
    StepRecordSerializer,
    VisitAddSerializer,
)
from bangfu.monitoring.services.cases import monitoring_case_open
from bangfu.monitoring.services.followup import (
    monitoring_measure_add,
    monitoring_risk_remove,
    monitoring_visit_add,
)
from bangfu.monitoring.services.identification import monitoring_step_record
from bangfu.registry import selectors
from bangfu.registry.api import PersonalDataReader


def _parse(serializer_class, data) -> dict:
    s = serializer_class(data=data)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


class MonitoringCaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Relapse-monitoring cases (防返贫监测) in the caller's scope."""

    permission_classes = [PersonalDataReader]
    lookup_field = "number"

    def get_serializer_class(self):
        if self.action == "create":
            return CaseOpenSerializer
        return CaseDetailSerializer if self.action != "list" else CaseSerializer

    def get_queryset(self):
        filters = _parse(CaseFilterSerializer, self.request.query_params)
        filters = {k: v for k, v in filters.items() if v not in (None, "", False)}
        return case_list_for_user(user=self.request.user, filters=filters)

    def get_object(self):
        return case_get_for_user(user=self.request.user, number=self.kwargs["number"])

    def _manage(self, case=None):
        if not can(self.request.user, "monitoring.manage"):
            audit.record(event="access_denied", obj=case, outcome="denied", detail="monitoring")
            raise PermissionDenied("monitoring.manage")

    def create(self, request, *args, **kwargs):
        self._manage()
        data = _parse(CaseOpenSerializer, request.data)
        household = selectors.household_get_for_user(user=request.user, ref=data.pop("household"))
        case = monitoring_case_open(user=request.user, household=household, **data)
        return Response(CaseDetailSerializer(case).data, status=status.HTTP_201_CREATED)

    def _act(self, request, serializer_class, call):
        case = self.get_object()
        self._manage(case)
        call(case, _parse(serializer_class, request.data))
        case = case_get_for_user(user=request.user, number=case.number)
        return Response(CaseDetailSerializer(case).data, status=status.HTTP_200_OK)

    @action(detail=True, methods=["post"], serializer_class=StepRecordSerializer)
    def step(self, request, number=None):
        """Record the next identification step (in order; public notice ≥ 5 days)."""
        return self._act(
            request,
            StepRecordSerializer,
            lambda case, data: monitoring_step_record(user=request.user, case=case, **data),
        )

    @action(detail=True, methods=["post"], serializer_class=MeasureAddSerializer)
    def measures(self, request, number=None):
        """Add an assistance measure to an identified case."""

        def call(case, data):
            assistance = measure_assistance(user=request.user, number=data.pop("assistance"))
            monitoring_measure_add(user=request.user, case=case, assistance=assistance, **data)

        return self._act(request, MeasureAddSerializer, call)

    @action(detail=True, methods=["post"], serializer_class=VisitAddSerializer)
    def visits(self, request, number=None):
        """Add a follow-up visit (with the per-capita income found)."""
        return self._act(
            request,
            VisitAddSerializer,
            lambda case, data: monitoring_visit_add(user=request.user, case=case, **data),
        )

    @action(
        detail=True, methods=["post"], url_path="remove-risk", serializer_class=RemovalSerializer
    )
    def remove_risk(self, request, number=None):
        """Risk removal: only after 6 months of income at or above the threshold."""
        return self._act(
            request,
            RemovalSerializer,
            lambda case, data: monitoring_risk_remove(user=request.user, case=case, **data),
        )


def register(router) -> None:
    """Add the relapse-monitoring endpoints to the /api/v1/ router."""
    router.register("monitoring-cases", MonitoringCaseViewSet, basename="monitoring-case")
