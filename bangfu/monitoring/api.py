"""Relapse-monitoring API: /api/v1/monitoring-cases/ (list, read, open) and the actions
`step`, `measures`, `visits`, `remove-risk` on one case, calling the same services as the
pages. Read like households (`personal.read`, masked ID numbers); written by county
offices for their own county (`monitoring.manage`): others get 403, another county's case
404, a broken rule 400 with its message."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bangfu.accounts import audit
from bangfu.accounts.roles import can
from bangfu.monitoring import services as monitoring
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
from bangfu.registry import selectors
from bangfu.registry.api import PersonalDataReader


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
        return monitoring.case_list_for_user(user=self.request.user, filters=filters)

    def get_object(self):
        return monitoring.case_get_for_user(user=self.request.user, number=self.kwargs["number"])

    def _manage(self, case=None):
        if not can(self.request.user, "monitoring.manage"):
            audit.record(event="access_denied", obj=case, outcome="denied", detail="monitoring")
            raise PermissionDenied("monitoring.manage")

    def create(self, request, *args, **kwargs):
        self._manage()
        data = _parse(CaseOpenSerializer, request.data)
        household = selectors.household_get_for_user(user=request.user, ref=data.pop("household"))
        case = monitoring.monitoring_case_open(user=request.user, household=household, **data)
        return Response(CaseDetailSerializer(case).data, status=status.HTTP_201_CREATED)

    def _act(self, request, serializer_class, call):
        case = self.get_object()
        self._manage(case)
        call(case, _parse(serializer_class, request.data))
        case = monitoring.case_get_for_user(user=request.user, number=case.number)
        return Response(CaseDetailSerializer(case).data, status=status.HTTP_200_OK)

    @action(detail=True, methods=["post"], serializer_class=StepRecordSerializer)
    def step(self, request, number=None):
        """Record the next identification step (in order; public notice ≥ 5 days)."""
        return self._act(
            request,
            StepRecordSerializer,
            lambda case, data: monitoring.monitoring_step_record(
                user=request.user, case=case, **data
            ),
        )

    @action(detail=True, methods=["post"], serializer_class=MeasureAddSerializer)
    def measures(self, request, number=None):
        """Add an assistance measure to an identified case."""

        def call(case, data):
            from django.core.exceptions import ValidationError

            from bangfu.assistance.models import Assistance

            ref = (data.pop("assistance") or "").strip().upper()
            assistance = None
            if ref:
                assistance = Assistance.objects.for_user(request.user).filter(number=ref).first()
                if assistance is None:
                    raise ValidationError(
                        {"assistance": _("No assistance record %(number)s.") % {"number": ref}}
                    )
            monitoring.monitoring_measure_add(
                user=request.user, case=case, assistance=assistance, **data
            )

        return self._act(request, MeasureAddSerializer, call)

    @action(detail=True, methods=["post"], serializer_class=VisitAddSerializer)
    def visits(self, request, number=None):
        """Add a follow-up visit (with the per-capita income found)."""
        return self._act(
            request,
            VisitAddSerializer,
            lambda case, data: monitoring.monitoring_visit_add(
                user=request.user, case=case, **data
            ),
        )

    @action(
        detail=True, methods=["post"], url_path="remove-risk", serializer_class=RemovalSerializer
    )
    def remove_risk(self, request, number=None):
        """Risk removal: only after 6 months of income at or above the threshold."""
        return self._act(
            request,
            RemovalSerializer,
            lambda case, data: monitoring.monitoring_risk_remove(
                user=request.user, case=case, **data
            ),
        )


def register(router) -> None:
    """Add the relapse-monitoring endpoints to the /api/v1/ router."""
    router.register("monitoring-cases", MonitoringCaseViewSet, basename="monitoring-case")
