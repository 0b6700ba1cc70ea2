"""Plan API: /api/v1/plan-items/ — a pairing's plan items, and the progress reported on them."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bangfu.accounts.guards import require

from ..models import ItemState, Pairing, PlanItem, item_state_q
from ..selectors.pairings import pairing_get_for_user
from ..serializers.plans import (
    PlanItemCreateSerializer,
    PlanItemDetailSerializer,
    PlanItemSerializer,
    PlanItemUpdateSerializer,
    PlanProgressSerializer,
    ProgressAddSerializer,
)
from ..services.plans import plan_item_save, plan_progress_add
from ..services.rules import may_edit_content
from .parsing import BODY_PARSERS, expect_version, parse, query_filters


class PlanItemFilterSerializer(serializers.Serializer):
    pairing = serializers.CharField(
        required=False, allow_blank=True, help_text="the pairing's agreement number"
    )
    state = serializers.ChoiceField(choices=ItemState.choices, required=False, allow_blank=True)


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
        filters = query_filters(PlanItemFilterSerializer, self.request)
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
        item.pairing = pairing_get_for_user(user=self.request.user, number=item.pairing.number)
        return item

    def _editable(self) -> PlanItem:
        item = self.get_object()
        require(may_edit_content(self.request.user, item.pairing), "plan.edit", item.pairing)
        return item

    def retrieve(self, request, pk=None):
        return Response(PlanItemDetailSerializer(self.get_object()).data)

    def create(self, request):
        data = parse(PlanItemCreateSerializer, request)
        pairing = pairing_get_for_user(user=request.user, number=data.pop("pairing"))
        item = plan_item_save(user=request.user, pairing=pairing, **data)
        return Response(PlanItemSerializer(item).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        item = self._editable()
        data = parse(PlanItemUpdateSerializer, request, partial=True)
        expect_version(item, data)
        item = plan_item_save(user=request.user, pairing=item.pairing, item=item, **data)
        return Response(PlanItemSerializer(item).data)

    @extend_schema(
        summary="Report the value reached so far (files: evidence, PDF or images)",
        request=ProgressAddSerializer,
        responses={201: PlanProgressSerializer},
    )
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        item = self.get_object()
        require(may_edit_content(request.user, item.pairing), "plan.progress", item.pairing)
        data = parse(ProgressAddSerializer, request)
        progress = plan_progress_add(
            user=request.user,
            item=item,
            reported_on=data["reported_on"],
            value=data["value"],
            note=data["note"],
            uploads=data["files"],
        )
        return Response(PlanProgressSerializer(progress).data, status=status.HTTP_201_CREATED)
