"""Assistance API: /api/v1/assistance/ — records, their review (one or many), corrections.

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

from bangfu.accounts.guards import require
from bangfu.accounts.roles import can
from bangfu.core.periods import parse_period
from bangfu.pairing.api.parsing import BODY_PARSERS, expect_version, parse, query_filters
from bangfu.pairing.models import Pathway
from bangfu.pairing.serializers.shared import NoteSerializer, ReasonSerializer

from ..models import Assistance, AssistanceStatus, Kind
from ..selectors.records import assistance_get_for_user, assistance_list_for_user
from ..serializers.records import (
    AssistanceCorrectSerializer,
    AssistanceCreateSerializer,
    AssistanceDetailSerializer,
    AssistanceSerializer,
    AssistanceUpdateSerializer,
)
from ..services.records import assistance_correct, assistance_save, assistance_submit, record_fields
from ..services.review import (
    assistance_confirm,
    assistance_confirm_many,
    assistance_reopen,
    assistance_return,
    assistance_return_many,
)
from ..services.rules import is_county_office, may_record, may_record_any

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
        filters = query_filters(AssistanceFilterSerializer, self.request)
        qs = assistance_list_for_user(user=self.request.user, filters=filters)
        if filters.get("township"):
            qs = qs.filter(township__code=filters["township"])
        return qs.select_related(*RELATED)

    def get_object(self) -> Assistance:
        number = self.kwargs["number"].upper()
        return assistance_get_for_user(user=self.request.user, number=number)

    def _detail(self, record: Assistance, code=status.HTTP_200_OK) -> Response:
        record = Assistance.objects.select_related(
            *RELATED, "corrects", "created_by", "submitted_by", "confirmed_by"
        ).get(pk=record.pk)
        return Response(AssistanceDetailSerializer(record).data, status=code)

    def _recordable(self) -> Assistance:
        record = self.get_object()
        user = self.request.user
        require(
            may_record(user, helper_id=record.helper_id, county_id=record.county_id),
            "assistance.record",
            record,
        )
        return record

    def _reviewable(self, what: str) -> Assistance:
        record = self.get_object()
        require(is_county_office(self.request.user, record.county_id), what, record)
        return record

    def retrieve(self, request, number=None):
        return self._detail(self.get_object())

    def create(self, request):
        require(may_record_any(request.user), "assistance.record")
        data = parse(AssistanceCreateSerializer, request)
        record = assistance_save(user=request.user, uploads=data.pop("files"), **data)
        return self._detail(record, status.HTTP_201_CREATED)

    def partial_update(self, request, number=None):
        record = self._recordable()
        data = parse(AssistanceUpdateSerializer, request, partial=True)
        expect_version(record, data)
        uploads = data.pop("files", [])
        fields = {**record_fields(record), **data}
        record = assistance_save(user=request.user, record=record, uploads=uploads, **fields)
        return self._detail(record)

    @extend_schema(
        summary="Draft or sent back → submitted, for the county office to confirm",
        request=None,
        responses=AssistanceDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, number=None):
        record = self._recordable()
        return self._detail(assistance_submit(user=request.user, record=record))

    @extend_schema(
        summary="Submitted → confirmed by the county office: the record now counts",
        request=None,
        responses=AssistanceDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, number=None):
        record = self._reviewable("assistance.confirm")
        return self._detail(assistance_confirm(user=request.user, record=record))

    @extend_schema(
        summary="Submitted → sent back with a note saying what to fix",
        request=NoteSerializer,
        responses=AssistanceDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def send_back(self, request, number=None):
        record = self._reviewable("assistance.return")
        note = parse(NoteSerializer, request)["note"]
        return self._detail(assistance_return(user=request.user, record=record, note=note))

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
        require(can(request.user, "assistance.confirm"), "assistance.confirm")
        data = parse(BulkReviewSerializer, request)
        if data["action"] == "confirm":
            done = assistance_confirm_many(user=request.user, numbers=data["numbers"])
        else:
            done = assistance_return_many(
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
        reason = parse(ReasonSerializer, request)["reason"]
        record = assistance_reopen(user=request.user, record=record, reason=reason)
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
        data = parse(AssistanceCorrectSerializer, request, partial=True)
        uploads = data.pop("files", [])
        correction = assistance_correct(user=request.user, record=record, uploads=uploads, **data)
        return self._detail(correction, status.HTTP_201_CREATED)
