"""Pairing API: /api/v1/pairings/ — list, read, propose, edit, and every step of a pairing.

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

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bangfu.accounts.guards import require

from ..models import Pairing, Status
from ..selectors.pairings import SORTS, pairing_get_for_user, pairing_list_for_user
from ..serializers.pairings import (
    ActivateSerializer,
    AgreementSerializer,
    AgreementUploadSerializer,
    EndSerializer,
    PairingCreateSerializer,
    PairingDetailSerializer,
    PairingSerializer,
    PairingUpdateSerializer,
)
from ..serializers.relays import RelaySerializer
from ..serializers.shared import ReasonSerializer
from ..services.agreements import agreement_upload
from ..services.pairings import (
    pairing_activate,
    pairing_agree,
    pairing_end,
    pairing_propose,
    pairing_resume,
    pairing_suspend,
    pairing_update,
)
from ..services.relays import relay_report
from ..services.rules import may_edit_content, may_manage
from .parsing import BODY_PARSERS, UPLOAD_PARSERS, expect_version, parse, query_filters


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
    sort = serializers.ChoiceField(choices=list(SORTS), required=False, allow_blank=True)


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
        return pairing_list_for_user(
            user=self.request.user, filters=query_filters(PairingFilterSerializer, self.request)
        ).select_related("village__county")

    def get_object(self) -> Pairing:
        return pairing_get_for_user(user=self.request.user, number=self.kwargs["number"])

    def _detail(self, pairing: Pairing, code=status.HTTP_200_OK) -> Response:
        return Response(
            PairingDetailSerializer(pairing, context=self.get_serializer_context()).data,
            status=code,
        )

    def retrieve(self, request, number=None):
        return self._detail(self.get_object())

    def create(self, request):
        data = parse(PairingCreateSerializer, request)
        pairing = pairing_propose(user=request.user, **data)
        return self._detail(pairing, status.HTTP_201_CREATED)

    def partial_update(self, request, number=None):
        pairing = self.get_object()
        require(may_edit_content(request.user, pairing), "pairing.edit", pairing)
        data = parse(PairingUpdateSerializer, request, partial=True)
        expect_version(pairing, data)
        pairing = pairing_update(user=request.user, pairing=pairing, **data)
        return self._detail(pairing)

    def _managed(self) -> Pairing:
        pairing = self.get_object()
        require(may_manage(self.request.user, pairing.county_id), "pairing.manage", pairing)
        return pairing

    @extend_schema(summary="Proposed → agreed", request=None, responses=PairingDetailSerializer)
    @action(detail=True, methods=["post"])
    def agree(self, request, number=None):
        pairing = self._managed()
        return self._detail(pairing_agree(user=request.user, pairing=pairing))

    @extend_schema(
        summary="Proposed or agreed → active (needs the signed agreement and a free slot)",
        request=ActivateSerializer,
        responses=PairingDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def activate(self, request, number=None):
        pairing = self._managed()
        data = parse(ActivateSerializer, request)
        pairing = pairing_activate(user=request.user, pairing=pairing, on=data.get("on"))
        return self._detail(pairing)

    @extend_schema(
        summary="Active → suspended, with the reason",
        request=ReasonSerializer,
        responses=PairingDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def suspend(self, request, number=None):
        pairing = self._managed()
        data = parse(ReasonSerializer, request)
        return self._detail(
            pairing_suspend(user=request.user, pairing=pairing, reason=data["reason"])
        )

    @extend_schema(summary="Suspended → active", request=None, responses=PairingDetailSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request, number=None):
        pairing = self._managed()
        return self._detail(pairing_resume(user=request.user, pairing=pairing))

    @extend_schema(
        summary="End the pairing, with the reason and the date (default today)",
        request=EndSerializer,
        responses=PairingDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def end(self, request, number=None):
        pairing = self._managed()
        data = parse(EndSerializer, request)
        pairing = pairing_end(
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
        require(may_edit_content(request.user, pairing), "agreement.upload", pairing)
        data = parse(AgreementUploadSerializer, request)
        agreement = agreement_upload(
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
        require(may_edit_content(request.user, pairing), "relay.report", pairing)
        data = parse(ReasonSerializer, request)
        relay = relay_report(user=request.user, pairing=pairing, reason=data["reason"])
        return Response(RelaySerializer(relay).data, status=status.HTTP_201_CREATED)
