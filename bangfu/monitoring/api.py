"""/api/v1/ endpoints of relapse monitoring: cases and their actions, rigid expenses, followed exits.

/api/v1/monitoring-cases/ (list, read, open) and the actions `step`, `measures`, `visits`,
`remove-risk` on one case, calling the same services as the pages. Read like households
(`personal.read`, masked ID numbers); written by county offices for their own county
(`monitoring.manage`): others get 403, another county's case 404, a broken rule 400 with its
message.

/api/v1/rigid-expenses/ (list, read, add, correct, delete) follows the same rules: read like
households, written by the county office of the household's county. /api/v1/followed-households/
and /api/v1/followed-villages/ are the "still followed after exit" page's two lists, with its
filter (`on`) and scope."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from bangfu.accounts import audit
from bangfu.accounts.roles import can
from bangfu.monitoring.selectors import (
    case_get_for_user,
    case_list_for_user,
    followed_households_for_user,
    followed_villages_for_user,
    measure_assistance,
    rigid_expense_get_for_user,
    rigid_expense_list_for_user,
)
from bangfu.monitoring.serializers import (
    CaseDetailSerializer,
    CaseFilterSerializer,
    CaseOpenSerializer,
    CaseSerializer,
    FollowedFilterSerializer,
    FollowedHouseholdSerializer,
    FollowedVillageSerializer,
    MeasureAddSerializer,
    RemovalSerializer,
    RigidExpenseFilterSerializer,
    RigidExpenseSerializer,
    RigidExpenseUpdateSerializer,
    RigidExpenseWriteSerializer,
    StepRecordSerializer,
    VisitAddSerializer,
)
from bangfu.monitoring.services.cases import monitoring_case_open
from bangfu.monitoring.services.expenses import (
    rigid_expense_add,
    rigid_expense_delete,
    rigid_expense_update,
)
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


def _require_manage(user, obj=None) -> None:
    if not can(user, "monitoring.manage"):
        audit.record(event="access_denied", obj=obj, outcome="denied", detail="monitoring")
        raise PermissionDenied("monitoring.manage")


class RigidExpenseViewSet(viewsets.ModelViewSet):
    """Rigid expenses (刚性支出: medical, schooling) of the households in scope; they feed the
    monitoring rule of sudden severe difficulty."""

    permission_classes = [PersonalDataReader]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_serializer_class(self):
        if self.action == "create":
            return RigidExpenseWriteSerializer
        if self.action in ("update", "partial_update"):
            return RigidExpenseUpdateSerializer
        return RigidExpenseSerializer

    def get_queryset(self):
        filters = _parse(RigidExpenseFilterSerializer, self.request.query_params)
        filters = {k: v for k, v in filters.items() if v not in (None, "")}
        return rigid_expense_list_for_user(user=self.request.user, filters=filters)

    def get_object(self):
        pk = self.kwargs["pk"]
        if not str(pk).isdigit():
            raise NotFound()
        return rigid_expense_get_for_user(user=self.request.user, pk=int(pk))

    def create(self, request, *args, **kwargs):
        _require_manage(request.user)
        data = _parse(RigidExpenseWriteSerializer, request.data)
        household = selectors.household_get_for_user(user=request.user, ref=data.pop("household"))
        expense = rigid_expense_add(user=request.user, household=household, **data)
        return Response(RigidExpenseSerializer(expense).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        expense = self.get_object()
        _require_manage(request.user, expense)
        given = RigidExpenseUpdateSerializer(
            data=request.data, partial=kwargs.get("partial", False)
        )
        given.is_valid(raise_exception=True)
        data = {"year": expense.year, "kind": expense.kind, "amount": expense.amount}
        data.update(given.validated_data)
        expense = rigid_expense_update(user=request.user, expense=expense, **data)
        return Response(RigidExpenseSerializer(expense).data)

    def destroy(self, request, *args, **kwargs):
        expense = self.get_object()
        _require_manage(request.user, expense)
        rigid_expense_delete(user=request.user, expense=expense)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _followed_on(request):
    return _parse(FollowedFilterSerializer, request.query_params).get("on")


class FollowedHouseholdViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Exited households still within their monitoring period (3 years after the year of
    exit by default) on `on` (today), in the caller's scope."""

    permission_classes = [PersonalDataReader]
    serializer_class = FollowedHouseholdSerializer

    def get_queryset(self):
        return followed_households_for_user(user=self.request.user, on=_followed_on(self.request))


class FollowedVillageViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Exited villages still within their monitoring period (5 years by default) on `on`."""

    permission_classes = [PersonalDataReader]
    serializer_class = FollowedVillageSerializer

    def get_queryset(self):
        return followed_villages_for_user(user=self.request.user, on=_followed_on(self.request))


def register(router) -> None:
    """Add the relapse-monitoring endpoints to the /api/v1/ router."""
    router.register("monitoring-cases", MonitoringCaseViewSet, basename="monitoring-case")
    router.register("rigid-expenses", RigidExpenseViewSet, basename="rigid-expense")
    router.register("followed-households", FollowedHouseholdViewSet, basename="followed-household")
    router.register("followed-villages", FollowedVillageViewSet, basename="followed-village")
