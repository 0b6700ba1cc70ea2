"""Relay API: /api/v1/relays/ — the cases, the candidates, the hand-over and cancelling."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bangfu.accounts.guards import require

from ..models import Relay
from ..selectors.candidates import relay_candidates
from ..selectors.pairings import relay_get_for_user, relays_for_user
from ..serializers.pairings import PairingDetailSerializer
from ..serializers.relays import CandidateSerializer, HandOverSerializer, RelaySerializer
from ..serializers.shared import NoteSerializer
from ..services.relays import relay_cancel, relay_hand_over
from ..services.rules import may_manage
from .parsing import BODY_PARSERS, parse, query_filters


class RelayFilterSerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=Relay.State.choices,
        required=False,
        allow_blank=True,
        help_text="`open` lists the open ones and those handing over",
    )


class CandidateLimitSerializer(serializers.Serializer):
    limit = serializers.IntegerField(required=False, min_value=1, max_value=100, default=20)


class CandidateListSerializer(serializers.Serializer):
    relay = serializers.IntegerField()
    candidates = CandidateSerializer(many=True)


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
        state = query_filters(RelayFilterSerializer, self.request).get("state")
        return relays_for_user(user=self.request.user, state=state).select_related(
            "pairing__village__parent", "pairing__village__county", "reported_by"
        )

    def get_object(self) -> Relay:
        return relay_get_for_user(user=self.request.user, pk=int(self.kwargs["pk"]))

    def _managed(self, what: str) -> Relay:
        """The relay, for those who choose successors: the offices (a county office in its
        county) and the institute."""
        relay = self.get_object()
        require(may_manage(self.request.user, relay.pairing.county_id), what, relay.pairing)
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
        limit = parse(CandidateLimitSerializer, request, data=request.query_params)["limit"]
        open_ = relay.state == Relay.State.OPEN  # a successor is chosen only once
        rows = relay_candidates(relay=relay, limit=limit) if open_ else []
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
        data = parse(HandOverSerializer, request)
        successor = relay_hand_over(user=request.user, relay=relay, **data)
        return Response(PairingDetailSerializer(successor).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Cancel the relay", request=NoteSerializer, responses=RelaySerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        relay = self._managed("relay.cancel")
        data = parse(NoteSerializer, request)
        relay = relay_cancel(user=request.user, relay=relay, note=data["note"])
        return Response(RelaySerializer(relay).data)
