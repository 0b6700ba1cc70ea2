"""Pairing API: /api/v1/pairings/, plan-items/, site-visits/, relays/ and coverage/.

Views are thin: they parse with a serializer, call a service or a selector, and answer with
a serializer. Reads are scoped by the selectors (out of scope: 404, the denial audited).
Writes are checked by the services: PermissionDenied answers 403 and a broken rule
(Django's ValidationError) 400 with its messages (bangfu.core.api.exception_handler; a
stale `version` 409). An action on an existing record first asks the services' own
predicate (`may_manage`, `may_edit_content`), so that a role that may not act is told 403
before its body is looked at, rather than a list of missing fields.

The auditor and the system administrator read no business data: the default permission
class (business.read) answers them 403 everywhere here.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from bangfu.accounts import audit
from bangfu.accounts.roles import Role

from . import selectors, services
from .models import ItemState, Pairing, PlanItem, Relay, SiteVisit, Status, item_state_q
from .serializers import (
    ActivateSerializer,
    AgreementSerializer,
    AgreementUploadSerializer,
    CandidateSerializer,
    CoverageSerializer,
    EndSerializer,
    HandOverSerializer,
    NoteSerializer,
    PairingCreateSerializer,
    PairingDetailSerializer,
    PairingSerializer,
    PairingUpdateSerializer,
    PlanItemCreateSerializer,
    PlanItemDetailSerializer,
    PlanItemSerializer,
    PlanItemUpdateSerializer,
    PlanProgressSerializer,
    ProgressAddSerializer,
    ReasonSerializer,
    RelaySerializer,
    SiteVisitCreateSerializer,
    SiteVisitSerializer,
    UncoveredVillageSerializer,
)

UPLOAD_PARSERS = [MultiPartParser, FormParser]
BODY_PARSERS = [JSONParser, MultiPartParser, FormParser]


# --------------------------------------------------------------------------- helpers


def _check(allowed: bool, what: str, obj=None) -> None:
    """Refuse (403) unless `allowed`, writing the denial to the audit trail as the services
    do (the service then asks again: this only answers before the body is parsed)."""
    if not allowed:
        audit.record(event="access_denied", obj=obj, outcome="denied", detail=what)
        raise PermissionDenied(what)


def _parse(serializer_class, request, *, data=None, partial=False) -> dict:
    s = serializer_class(
        data=request.data if data is None else data, partial=partial, context={"request": request}
    )
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


def _filters(serializer_class, request) -> dict:
    """Query parameters parsed by `serializer_class`; empty ones left out."""
    data = _parse(serializer_class, request, data=request.query_params)
    return {k: v for k, v in data.items() if v not in (None, "")}


def _expect_version(obj, data: dict) -> None:
    """Optimistic locking: a `version` sent with an edit must be the one stored, or the save
    raises StaleRecordError (409)."""
    version = data.pop("version", None)
    if version is not None:
        obj.version = version


# --------------------------------------------------------------------------- filters


class PairingFilterSerializer(serializers.Serializer):
    county = serializers.CharField(required=False, allow_blank=True, help_text="county code")
    township = serializers.CharField(required=False, allow_blank=True, help_text="township code")
    village = serializers.CharField(required=False, allow_blank=True, help_text="village code")
    helper = serializers.CharField(required=False, allow_blank=True, help_text="helper USCC")
    status = serializers.ChoiceField(
        choices=[*Status.choices, ("open", "open (proposed, agreed, active or suspended)")],
        required=False,
        allow_blank=True,
    )
    q = serializers.CharField(
        required=False, allow_blank=True, help_text="helper or village name, or pinyin initials"
    )
    sort = serializers.ChoiceField(choices=list(selectors.SORTS), required=False, allow_blank=True)


class PlanItemFilterSerializer(serializers.Serializer):
    pairing = serializers.CharField(
        required=False, allow_blank=True, help_text="the pairing's agreement number"
    )
    state = serializers.ChoiceField(choices=ItemState.choices, required=False, allow_blank=True)


class SiteVisitFilterSerializer(serializers.Serializer):
    county = serializers.CharField(required=False, allow_blank=True, help_text="county code")
    village = serializers.CharField(required=False, allow_blank=True, help_text="village code")
    helper = serializers.CharField(required=False, allow_blank=True, help_text="helper USCC")


class RelayFilterSerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=Relay.State.choices,
        required=False,
        allow_blank=True,
        help_text="`open` lists the open ones and those handing over",
    )


class UncoveredFilterSerializer(serializers.Serializer):
    county = serializers.CharField(required=False, allow_blank=True, help_text="county code")
    township = serializers.CharField(required=False, allow_blank=True, help_text="township code")


class CandidateLimitSerializer(serializers.Serializer):
    limit = serializers.IntegerField(required=False, min_value=1, max_value=100, default=20)


class CandidateListSerializer(serializers.Serializer):
    relay = serializers.IntegerField()
    candidates = CandidateSerializer(many=True)


# --------------------------------------------------------------------------- pairings


@extend_schema_view(
    list=extend_schema(
        summary="Pairings in the caller's scope",
        parameters=[PairingFilterSerializer],
        responses=PairingSerializer(many=True),
    ),
    retrieve=extend_schema(
        summary="One pairing: terms, agreement, plan with states, relay links",
        responses=PairingDetailSerializer,
    ),
    create=extend_schema(
        summary="Propose a pairing (offices and the institute; a county office in its county)",
        request=PairingCreateSerializer,
        responses={201: PairingDetailSerializer},
    ),
    partial_update=extend_schema(
        summary="Edit focus, content, pathways or dates (dates: the offices only)",
        request=PairingUpdateSerializer,
        responses=PairingDetailSerializer,
    ),
)
class PairingViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Pairings (结对帮扶), looked up by agreement number. A helper liaison sees its own."""

    serializer_class = PairingSerializer
    lookup_field = "number"
    lookup_value_regex = "[A-Za-z0-9]+"
    filter_backends = []
    parser_classes = BODY_PARSERS

    def get_queryset(self):
        return selectors.pairing_list_for_user(
            user=self.request.user, filters=_filters(PairingFilterSerializer, self.request)
        ).select_related("village__county")

    def get_object(self) -> Pairing:
        return selectors.pairing_get_for_user(user=self.request.user, number=self.kwargs["number"])

    def _detail(self, pairing: Pairing, code=status.HTTP_200_OK) -> Response:
        return Response(
            PairingDetailSerializer(pairing, context=self.get_serializer_context()).data,
            status=code,
        )

    def retrieve(self, request, number=None):
        return self._detail(self.get_object())

    def create(self, request):
        data = _parse(PairingCreateSerializer, request)
        pairing = services.pairing_propose(user=request.user, **data)
        return self._detail(pairing, status.HTTP_201_CREATED)

    def partial_update(self, request, number=None):
        pairing = self.get_object()
        _check(services.may_edit_content(request.user, pairing), "pairing.edit", pairing)
        data = _parse(PairingUpdateSerializer, request, partial=True)
        _expect_version(pairing, data)
        pairing = services.pairing_update(user=request.user, pairing=pairing, **data)
        return self._detail(pairing)

    def _managed(self) -> Pairing:
        pairing = self.get_object()
        _check(services.may_manage(self.request.user, pairing.county_id), "pairing.manage", pairing)
        return pairing

    @extend_schema(summary="Proposed → agreed", request=None, responses=PairingDetailSerializer)
    @action(detail=True, methods=["post"])
    def agree(self, request, number=None):
        pairing = self._managed()
        return self._detail(services.pairing_agree(user=request.user, pairing=pairing))

    @extend_schema(
        summary="Proposed or agreed → active (needs the signed agreement and a free slot)",
        request=ActivateSerializer,
        responses=PairingDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def activate(self, request, number=None):
        pairing = self._managed()
        data = _parse(ActivateSerializer, request)
        pairing = services.pairing_activate(user=request.user, pairing=pairing, on=data.get("on"))
        return self._detail(pairing)

    @extend_schema(
        summary="Active → suspended, with the reason",
        request=ReasonSerializer,
        responses=PairingDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def suspend(self, request, number=None):
        pairing = self._managed()
        data = _parse(ReasonSerializer, request)
        return self._detail(
            services.pairing_suspend(user=request.user, pairing=pairing, reason=data["reason"])
        )

    @extend_schema(summary="Suspended → active", request=None, responses=PairingDetailSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request, number=None):
        pairing = self._managed()
        return self._detail(services.pairing_resume(user=request.user, pairing=pairing))

    @extend_schema(
        summary="End the pairing, with the reason and the date (default today)",
        request=EndSerializer,
        responses=PairingDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def end(self, request, number=None):
        pairing = self._managed()
        data = _parse(EndSerializer, request)
        pairing = services.pairing_end(
            user=request.user, pairing=pairing, reason=data["reason"], on=data.get("on")
        )
        return self._detail(pairing)

    @extend_schema(
        summary="Upload the signed agreement (PDF or image; a newer one replaces it)",
        request=AgreementUploadSerializer,
        responses=AgreementSerializer,
    )
    @action(detail=True, methods=["post"], parser_classes=UPLOAD_PARSERS)
    def agreement(self, request, number=None):
        pairing = self.get_object()
        _check(services.may_edit_content(request.user, pairing), "agreement.upload", pairing)
        data = _parse(AgreementUploadSerializer, request)
        agreement = services.agreement_upload(
            user=request.user,
            pairing=pairing,
            upload=data["file"],
            signed_on=data["signed_on"],
            helper_signatory=data["helper_signatory"],
            village_signatory=data["village_signatory"],
        )
        return Response(AgreementSerializer(agreement).data)

    @extend_schema(
        summary="Report that the helper cannot continue (接力帮扶)",
        request=ReasonSerializer,
        responses={201: RelaySerializer},
    )
    @action(detail=True, methods=["post"])
    def relay(self, request, number=None):
        pairing = self.get_object()
        _check(services.may_edit_content(request.user, pairing), "relay.report", pairing)
        data = _parse(ReasonSerializer, request)
        relay = services.relay_report(user=request.user, pairing=pairing, reason=data["reason"])
        return Response(RelaySerializer(relay).data, status=status.HTTP_201_CREATED)


# --------------------------------------------------------------------------- plan items


@extend_schema_view(
    list=extend_schema(
        summary="Plan items of the pairings in the caller's scope",
        parameters=[PlanItemFilterSerializer],
        responses=PlanItemSerializer(many=True),
    ),
    retrieve=extend_schema(
        summary="One plan item with its progress reports", responses=PlanItemDetailSerializer
    ),
    create=extend_schema(
        summary="Add a plan item to a pairing",
        request=PlanItemCreateSerializer,
        responses={201: PlanItemSerializer},
    ),
    partial_update=extend_schema(
        summary="Edit a plan item", request=PlanItemUpdateSerializer, responses=PlanItemSerializer
    ),
)
class PlanItemViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Plan items (帮扶规划) with their state (not due, on track, late, done) and percent."""

    serializer_class = PlanItemSerializer
    lookup_value_regex = "[0-9]+"
    filter_backends = []
    parser_classes = BODY_PARSERS

    def get_queryset(self):
        filters = _filters(PlanItemFilterSerializer, self.request)
        qs = PlanItem.objects.filter(
            pairing__in=Pairing.objects.for_user(self.request.user)
        ).select_related("pairing")
        if filters.get("pairing"):
            qs = qs.filter(pairing__number=filters["pairing"])
        if filters.get("state"):
            qs = qs.filter(item_state_q(filters["state"], timezone.localdate()))
        return qs.order_by("pairing__number", "due_date", "id")

    def get_object(self) -> PlanItem:
        """The item, if its pairing is in the caller's scope (the selector's 404 otherwise)."""
        item = (
            PlanItem.objects.select_related("pairing")
            .prefetch_related("progress__files", "progress__reported_by")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if item is None:
            raise Http404("No such plan item")
        item.pairing = selectors.pairing_get_for_user(
            user=self.request.user, number=item.pairing.number
        )
        return item

    def _editable(self) -> PlanItem:
        item = self.get_object()
        _check(
            services.may_edit_content(self.request.user, item.pairing), "plan.edit", item.pairing
        )
        return item

    def retrieve(self, request, pk=None):
        return Response(PlanItemDetailSerializer(self.get_object()).data)

    def create(self, request):
        data = _parse(PlanItemCreateSerializer, request)
        pairing = selectors.pairing_get_for_user(user=request.user, number=data.pop("pairing"))
        item = services.plan_item_save(user=request.user, pairing=pairing, **data)
        return Response(PlanItemSerializer(item).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        item = self._editable()
        data = _parse(PlanItemUpdateSerializer, request, partial=True)
        _expect_version(item, data)
        item = services.plan_item_save(user=request.user, pairing=item.pairing, item=item, **data)
        return Response(PlanItemSerializer(item).data)

    @extend_schema(
        summary="Report the value reached so far (files: evidence, PDF or images)",
        request=ProgressAddSerializer,
        responses={201: PlanProgressSerializer},
    )
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        item = self.get_object()
        _check(services.may_edit_content(request.user, item.pairing), "plan.progress", item.pairing)
        data = _parse(ProgressAddSerializer, request)
        progress = services.plan_progress_add(
            user=request.user,
            item=item,
            reported_on=data["reported_on"],
            value=data["value"],
            note=data["note"],
            uploads=data["files"],
        )
        return Response(PlanProgressSerializer(progress).data, status=status.HTTP_201_CREATED)


# --------------------------------------------------------------------------- site visits


@extend_schema_view(
    list=extend_schema(
        summary="Site visits (考察调研) in the caller's scope",
        parameters=[SiteVisitFilterSerializer],
        responses=SiteVisitSerializer(many=True),
    ),
    retrieve=extend_schema(summary="One site visit", responses=SiteVisitSerializer),
    create=extend_schema(
        summary="Record a site visit (the offices, or the helper's own liaison)",
        request=SiteVisitCreateSerializer,
        responses={201: SiteVisitSerializer},
    ),
)
class SiteVisitViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = SiteVisitSerializer
    lookup_value_regex = "[0-9]+"
    filter_backends = []
    parser_classes = BODY_PARSERS

    def _scoped(self, filters=None):
        return selectors.visits_for_user(user=self.request.user, filters=filters).select_related(
            "village__parent", "village__county"
        )

    def get_queryset(self):
        return self._scoped(_filters(SiteVisitFilterSerializer, self.request))

    def get_object(self) -> SiteVisit:
        pk = self.kwargs["pk"]
        visit = self._scoped().filter(pk=pk).first()
        if visit is None:
            if SiteVisit.objects.filter(pk=pk).exists():
                audit.record(
                    event="access_denied",
                    object_type="pairing.sitevisit",
                    object_id=str(pk),
                    outcome="denied",
                    detail="out of scope",
                )
            raise Http404("No such site visit")
        return visit

    def retrieve(self, request, pk=None):
        return Response(SiteVisitSerializer(self.get_object()).data)

    def create(self, request):
        data = _parse(SiteVisitCreateSerializer, request)
        visit = services.site_visit_save(
            user=request.user,
            helper=data.pop("helper"),
            village=data.pop("village"),
            uploads=data.pop("files"),
            **data,
        )
        return Response(SiteVisitSerializer(visit).data, status=status.HTTP_201_CREATED)


# --------------------------------------------------------------------------- relays


@extend_schema_view(
    list=extend_schema(
        summary="Relays (接力帮扶) in the caller's scope",
        parameters=[RelayFilterSerializer],
        responses=RelaySerializer(many=True),
    ),
    retrieve=extend_schema(summary="One relay", responses=RelaySerializer),
)
class RelayViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """A helper that cannot go on: the case, the candidates, the hand-over."""

    serializer_class = RelaySerializer
    lookup_value_regex = "[0-9]+"
    filter_backends = []
    parser_classes = BODY_PARSERS

    def get_queryset(self):
        state = _filters(RelayFilterSerializer, self.request).get("state")
        return selectors.relays_for_user(user=self.request.user, state=state).select_related(
            "pairing__village__parent", "pairing__village__county", "reported_by"
        )

    def get_object(self) -> Relay:
        return selectors.relay_get_for_user(user=self.request.user, pk=int(self.kwargs["pk"]))

    def _managed(self, what: str) -> Relay:
        """The relay, for those who choose successors: the offices (a county office in its
        county) and the institute."""
        relay = self.get_object()
        _check(services.may_manage(self.request.user, relay.pairing.county_id), what, relay.pairing)
        return relay

    def retrieve(self, request, pk=None):
        return Response(RelaySerializer(self.get_object()).data)

    @extend_schema(
        summary="Helpers that could take over, best first",
        description=(
            "Helpers with room under their capacity and not already in the village, ranked by "
            "same county, nearby county and how their industry and strengths fit the village. "
            "For those who choose the successor, as on the relay page."
        ),
        parameters=[CandidateLimitSerializer],
        responses=CandidateListSerializer,
    )
    @action(detail=True, methods=["get"])
    def candidates(self, request, pk=None):
        relay = self._managed("relay.candidates")
        limit = _parse(CandidateLimitSerializer, request, data=request.query_params)["limit"]
        open_ = relay.state == Relay.State.OPEN  # a successor is chosen only once
        rows = selectors.relay_candidates(relay=relay, limit=limit) if open_ else []
        return Response(
            {"relay": relay.pk, "candidates": CandidateSerializer(rows, many=True).data}
        )

    @extend_schema(
        summary="Choose the successor: its pairing is proposed, taking over the open plan",
        request=HandOverSerializer,
        responses={201: PairingDetailSerializer},
    )
    @action(detail=True, methods=["post"], url_path="hand-over", url_name="hand-over")
    def hand_over(self, request, pk=None):
        relay = self._managed("relay.hand_over")
        data = _parse(HandOverSerializer, request)
        successor = services.relay_hand_over(user=request.user, relay=relay, **data)
        return Response(PairingDetailSerializer(successor).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Cancel the relay", request=NoteSerializer, responses=RelaySerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        relay = self._managed("relay.cancel")
        data = _parse(NoteSerializer, request)
        relay = services.relay_cancel(user=request.user, relay=relay, note=data["note"])
        return Response(RelaySerializer(relay).data)


# --------------------------------------------------------------------------- coverage


class CoverageViewSet(viewsets.GenericViewSet):
    """Coverage (覆盖): poor villages with at least one active pairing, by county.

    As on the coverage board, not for helper liaisons: its counts include other helpers'
    pairings, which a liaison does not see."""

    serializer_class = CoverageSerializer
    filter_backends = []

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        _check(request.user.role != Role.HELPER, "pairing.coverage")

    @extend_schema(
        summary="Coverage by county, with the totals",
        parameters=[OpenApiParameter("page", exclude=True)],
        responses=CoverageSerializer,
    )
    def list(self, request):
        rows = selectors.coverage_by_county(user=request.user)
        totals = selectors.coverage_totals(rows)
        return Response(CoverageSerializer({"counties": rows, "totals": totals}).data)

    @extend_schema(
        summary="Poor villages with no active pairing, with the date last covered",
        parameters=[UncoveredFilterSerializer],
        responses=UncoveredVillageSerializer(many=True),
    )
    @action(detail=False, methods=["get"])
    def uncovered(self, request):
        filters = _filters(UncoveredFilterSerializer, request)
        qs = selectors.uncovered_villages(user=request.user, **filters)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(UncoveredVillageSerializer(page, many=True).data)
