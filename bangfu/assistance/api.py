"""Assistance API: /api/v1/assistance/ (records and their confirmation) and /api/v1/projects/.

Views are thin, as in the pairing API: they parse with a serializer, call a service, and
answer with a serializer. Reads are scoped like the pages (`Assistance.objects.for_user`: a
helper liaison its own helper's records, a county office its county's, the city office, the
institute and inspectors everything); a record out of scope is 404, the denial audited.
Writes are the services': PermissionDenied answers 403, a broken rule 400 with its
messages, a stale `version` 409. An action first asks the services' own predicate
(`may_record`, `is_county_office`) so that a role that may not act is told 403 before its
body is looked at. The auditor and the system administrator read no business data (403).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bangfu.accounts.roles import Role, can
from bangfu.core.periods import parse_period
from bangfu.pairing.api import BODY_PARSERS, _check, _expect_version, _filters, _parse
from bangfu.pairing.models import Pathway
from bangfu.pairing.serializers import NoteSerializer, ReasonSerializer

from . import project_services, selectors, services
from .models import Assistance, AssistanceStatus, Kind, Project
from .serializers import (
    MEASURES,
    AssistanceCorrectSerializer,
    AssistanceCreateSerializer,
    AssistanceDetailSerializer,
    AssistanceSerializer,
    AssistanceUpdateSerializer,
    ProjectDetailSerializer,
    ProjectPeriodSerializer,
    ProjectProgressSerializer,
    ProjectProgressWriteSerializer,
    ProjectSerializer,
)

RELATED = ("helper", "village__parent", "village__county", "pairing")


class AssistanceFilterSerializer(serializers.Serializer):
    period = serializers.CharField(
        required=False, allow_blank=True, help_text="half-year period, e.g. 2017H2"
    )
    county = serializers.CharField(required=False, allow_blank=True, help_text="county code")
    township = serializers.CharField(required=False, allow_blank=True, help_text="township code")
    village = serializers.CharField(required=False, allow_blank=True, help_text="village code")
    helper = serializers.CharField(required=False, allow_blank=True, help_text="helper USCC")
    pathway = serializers.ChoiceField(choices=Pathway.choices, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=Kind.choices, required=False, allow_blank=True)
    status = serializers.ChoiceField(
        choices=AssistanceStatus.choices, required=False, allow_blank=True
    )

    def validate_period(self, value: str) -> str:
        if not value:
            return value
        try:
            return parse_period(value).code
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from exc

    def validate_helper(self, value: str) -> str:
        return value.strip().upper()


class BulkReviewSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[("confirm", "confirm"), ("return", "send back")],
        help_text="confirm: the records count from now; return: back to their recorders",
    )
    numbers = serializers.ListField(
        child=serializers.CharField(max_length=20),
        min_length=1,
        max_length=500,
        help_text="record numbers, submitted records of the caller's county",
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text="what needs fixing: required to send back, the same note on every record",
    )


def _may_record_at_all(user) -> bool:
    """Who records assistance at all: a helper's liaison, or a county office."""
    return bool(
        (getattr(user, "role", None) == Role.HELPER and user.helper_id)
        or can(user, "assistance.confirm")
    )


def _current_fields(record: Assistance) -> dict:
    """The record as `services.assistance_save` takes it."""
    return {
        "helper": record.helper,
        "village": record.village,
        "pairing": record.pairing,
        "on": record.on,
        "pathway": record.pathway,
        "kind": record.kind,
        "description": record.description,
        "beneficiaries": list(record.beneficiaries.all()),
        **{m: getattr(record, m) for m in MEASURES},
    }


@extend_schema_view(
    list=extend_schema(
        summary="Assistance records in the caller's scope, newest first",
        parameters=[AssistanceFilterSerializer],
        responses=AssistanceSerializer(many=True),
    ),
    retrieve=extend_schema(
        summary="One record: measures, beneficiary households, evidence, review",
        responses=AssistanceDetailSerializer,
    ),
    create=extend_schema(
        summary="Record a draft (the helper's liaison, or the village's county office)",
        description="JSON, or multipart with evidence `files` (PDF or images).",
        request=AssistanceCreateSerializer,
        responses={201: AssistanceDetailSerializer},
    ),
    partial_update=extend_schema(
        summary="Edit a draft or a record sent back; the fields sent are changed",
        request=AssistanceUpdateSerializer,
        responses=AssistanceDetailSerializer,
    ),
)
class AssistanceViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Assistance records (帮扶记录), looked up by record number. Only confirmed ones count."""

    serializer_class = AssistanceSerializer
    lookup_field = "number"
    lookup_value_regex = "[A-Za-z0-9]+"
    filter_backends = []
    parser_classes = BODY_PARSERS
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        filters = _filters(AssistanceFilterSerializer, self.request)
        qs = selectors.assistance_list_for_user(user=self.request.user, filters=filters)
        if filters.get("township"):
            qs = qs.filter(township__code=filters["township"])
        return qs.select_related(*RELATED)

    def get_object(self) -> Assistance:
        number = self.kwargs["number"].upper()
        return selectors.assistance_get_for_user(user=self.request.user, number=number)

    def _detail(self, record: Assistance, code=status.HTTP_200_OK) -> Response:
        record = Assistance.objects.select_related(
            *RELATED, "corrects", "created_by", "submitted_by", "confirmed_by"
        ).get(pk=record.pk)
        return Response(AssistanceDetailSerializer(record).data, status=code)

    def _recordable(self) -> Assistance:
        record = self.get_object()
        user = self.request.user
        _check(
            services.may_record(user, helper_id=record.helper_id, county_id=record.county_id),
            "assistance.record",
            record,
        )
        return record

    def _reviewable(self, what: str) -> Assistance:
        record = self.get_object()
        _check(services.is_county_office(self.request.user, record.county_id), what, record)
        return record

    def retrieve(self, request, number=None):
        return self._detail(self.get_object())

    def create(self, request):
        _check(_may_record_at_all(request.user), "assistance.record")
        data = _parse(AssistanceCreateSerializer, request)
        record = services.assistance_save(user=request.user, uploads=data.pop("files"), **data)
        return self._detail(record, status.HTTP_201_CREATED)

    def partial_update(self, request, number=None):
        record = self._recordable()
        data = _parse(AssistanceUpdateSerializer, request, partial=True)
        _expect_version(record, data)
        uploads = data.pop("files", [])
        fields = {**_current_fields(record), **data}
        record = services.assistance_save(
            user=request.user, record=record, uploads=uploads, **fields
        )
        return self._detail(record)

    @extend_schema(
        summary="Draft or sent back → submitted, for the county office to confirm",
        request=None,
        responses=AssistanceDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, number=None):
        record = self._recordable()
        return self._detail(services.assistance_submit(user=request.user, record=record))

    @extend_schema(
        summary="Submitted → confirmed by the county office: the record now counts",
        request=None,
        responses=AssistanceDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, number=None):
        record = self._reviewable("assistance.confirm")
        return self._detail(services.assistance_confirm(user=request.user, record=record))

    @extend_schema(
        summary="Submitted → sent back with a note saying what to fix",
        request=NoteSerializer,
        responses=AssistanceDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def send_back(self, request, number=None):
        record = self._reviewable("assistance.return")
        note = _parse(NoteSerializer, request)["note"]
        return self._detail(services.assistance_return(user=request.user, record=record, note=note))

    @extend_schema(
        summary="Confirm or send back many submitted records at once (county office)",
        description=(
            "All or nothing, in one transaction, one audit row per record. When any record "
            "cannot be acted on (not of the caller's county, not submitted, or in a half-year "
            "locked since its filing was accepted) the answer is 400 naming each of them, "
            "and nothing changes."
        ),
        request=BulkReviewSerializer,
        responses=AssistanceSerializer(many=True),
    )
    @action(detail=False, methods=["post"], url_path="review", url_name="review")
    def review(self, request):
        _check(can(request.user, "assistance.confirm"), "assistance.confirm")
        data = _parse(BulkReviewSerializer, request)
        if data["action"] == "confirm":
            done = services.assistance_confirm_many(user=request.user, numbers=data["numbers"])
        else:
            done = services.assistance_return_many(
                user=request.user, numbers=data["numbers"], note=data["note"]
            )
        records = Assistance.objects.select_related(*RELATED).filter(pk__in=[r.pk for r in done])
        return Response(AssistanceSerializer(records.order_by("id"), many=True).data)

    @extend_schema(
        summary="Confirmed → draft, with the reason (audited): it stops counting",
        request=ReasonSerializer,
        responses=AssistanceDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, number=None):
        record = self._reviewable("assistance.reopen")
        reason = _parse(ReasonSerializer, request)["reason"]
        record = services.assistance_reopen(user=request.user, record=record, reason=reason)
        return self._detail(record)

    @extend_schema(
        summary="A correcting draft for a confirmed record (it replaces it once confirmed)",
        description="The fields sent are the correction; the others are copied.",
        request=AssistanceCorrectSerializer,
        responses={201: AssistanceDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def correct(self, request, number=None):
        record = self._recordable()
        data = _parse(AssistanceCorrectSerializer, request, partial=True)
        uploads = data.pop("files", [])
        correction = services.assistance_correct(
            user=request.user, record=record, uploads=uploads, **data
        )
        return self._detail(correction, status.HTTP_201_CREATED)


# --------------------------------------------------------------------------- projects


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
    liaison), as on the project pages (`selectors.project_total`)."""

    serializer_class = ProjectSerializer
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    filter_backends = []
    parser_classes = BODY_PARSERS
    queryset = Project.objects.none()  # for the schema's path parameter

    def list(self, request):
        up_to = _filters(ProjectPeriodSerializer, request).get("up_to")
        rows = []
        for project in Project.objects.select_related("programme").order_by("code"):
            rows.append(selectors.project_total(user=request.user, project=project, up_to=up_to))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(ProjectSerializer(page, many=True).data)

    def retrieve(self, request, code=None):
        up_to = _filters(ProjectPeriodSerializer, request).get("up_to")
        project = selectors.project_get(code=code)
        total = selectors.project_total(user=request.user, project=project, up_to=up_to)
        by_county = selectors.project_by_county(user=request.user, project=project, up_to=up_to)
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
        _check(can(request.user, "assistance.confirm"), "project.progress")
        project = selectors.project_get(code=code)
        data = _parse(ProjectProgressWriteSerializer, request)
        row, created = project_services.project_progress_save(
            user=request.user, project=project, **data
        )
        return Response(
            ProjectProgressSerializer(row).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
