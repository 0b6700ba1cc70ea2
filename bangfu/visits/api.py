"""Supervision-visit API: /api/v1/visits/ (list, read, record, correct) and /api/v1/follow-ups/.

/api/v1/visits/: list, read, record, PATCH to correct (stale `version`: 409); `follow-ups`
to add one. /api/v1/follow-ups/: list,
read; create = a helper liaison raises a problem; `close`.

Thin: parse with a serializer (serializers.py), call the services, answer with a serializer.
Reads are scoped by the selectors (out of scope: 404); writes are checked by the services
(403), a broken rule answers 400 with its messages.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bangfu.accounts.roles import Role
from bangfu.pairing.models import Pairing
from bangfu.places.models import Division
from bangfu.visits import permissions, selectors, services
from bangfu.visits.serializers import (
    CloseSerializer,
    FollowUpAddSerializer,
    FollowUpFilterSerializer,
    FollowUpSerializer,
    ProblemRaiseSerializer,
    VisitCreateSerializer,
    VisitDetailSerializer,
    VisitFilterSerializer,
    VisitSerializer,
    VisitUpdateSerializer,
)


def _parse(serializer_class, data) -> dict:
    s = serializer_class(data=data)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


def _parse_partial(serializer_class, data) -> dict:
    s = serializer_class(data=data, partial=True)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


def _filters(serializer_class, request) -> dict:
    return {
        k: v
        for k, v in _parse(serializer_class, request.query_params).items()
        if v not in (None, "")
    }


def _village(code: str, county_id: int | None = None):
    if not code:
        return None
    village = Division.objects.filter(code=code, level="village").first()
    if village is None:
        raise ValidationError({"village": _("No village has the code %(code)s.") % {"code": code}})
    return village


class VisitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Supervision visits (调研督导) in the caller's scope (not helper liaisons)."""

    filter_backends = []

    def get_serializer_class(self):
        if self.action == "create":
            return VisitCreateSerializer
        if self.action == "follow_ups":
            return FollowUpAddSerializer
        if self.action == "partial_update":
            return VisitUpdateSerializer
        return VisitSerializer if self.action == "list" else VisitDetailSerializer

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not permissions.may_read_oversight(request.user):
            raise PermissionDenied

    def get_queryset(self):
        return selectors.visit_list_for_user(
            user=self.request.user, filters=_filters(VisitFilterSerializer, self.request)
        )

    def get_object(self):
        return selectors.visit_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def create(self, request):
        data = _parse(VisitCreateSerializer, request.data)
        county = Division.objects.filter(code=data.pop("county"), level="county").first()
        if county is None:
            raise ValidationError({"county": _("Choose a county.")})
        codes = data.pop("villages")
        villages = list(Division.objects.filter(code__in=codes, level="village"))
        if len(villages) != len(set(codes)):
            raise ValidationError({"villages": _("Some village codes are unknown.")})
        numbers = data.pop("pairings")
        pairings = list(Pairing.objects.filter(number__in=numbers))
        if len(pairings) != len(set(numbers)):
            raise ValidationError({"pairings": _("Some agreement numbers are unknown.")})
        follow_ups = [
            {**f, "village": _village(f.get("village", ""))} for f in data.pop("follow_ups")
        ]
        visit = services.visit_record(
            user=request.user,
            county=county,
            villages=villages,
            pairings=pairings,
            follow_ups=follow_ups,
            **data,
        )
        visit = selectors.visit_get_for_user(user=request.user, pk=visit.pk)
        return Response(VisitDetailSerializer(visit).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Correct a recorded visit (only the fields sent change)",
        request=VisitUpdateSerializer,
        responses=VisitDetailSerializer,
    )
    def partial_update(self, request, pk=None):
        visit = self.get_object()
        if not permissions.may_edit_visit(request.user, visit):
            raise PermissionDenied
        data = _parse_partial(VisitUpdateSerializer, request.data)
        if "villages" in data:
            codes = data["villages"]
            data["villages"] = list(Division.objects.filter(code__in=codes, level="village"))
            if len(data["villages"]) != len(set(codes)):
                raise ValidationError({"villages": _("Some village codes are unknown.")})
        if "pairings" in data:
            numbers = data["pairings"]
            data["pairings"] = list(Pairing.objects.filter(number__in=numbers))
            if len(data["pairings"]) != len(set(numbers)):
                raise ValidationError({"pairings": _("Some agreement numbers are unknown.")})
        services.visit_update(user=request.user, visit=visit, **data)
        visit = selectors.visit_get_for_user(user=request.user, pk=visit.pk)
        return Response(VisitDetailSerializer(visit).data)

    @action(detail=True, methods=["post"], url_path="follow-ups")
    def follow_ups(self, request, pk=None):
        """Add a problem found on this visit, with its owner and due date."""
        visit = self.get_object()
        if not permissions.may_record_visit(request.user, visit.county_id):
            raise PermissionDenied
        data = _parse(FollowUpAddSerializer, request.data)
        data["village"] = _village(data.get("village", ""))
        follow_up = services.follow_up_add(user=request.user, visit=visit, **data)
        return Response(FollowUpSerializer(follow_up).data, status=status.HTTP_201_CREATED)


class FollowUpViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Follow-ups of visits and problems raised by helpers; a liaison sees its own problems
    and raises new ones (POST); the owner closes them with a note (`close`)."""

    filter_backends = []

    def get_serializer_class(self):
        if self.action == "create":
            return ProblemRaiseSerializer
        if self.action == "close":
            return CloseSerializer
        return FollowUpSerializer

    def get_queryset(self):
        return selectors.follow_up_list_for_user(
            user=self.request.user, filters=_filters(FollowUpFilterSerializer, self.request)
        )

    def get_object(self):
        return selectors.follow_up_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def create(self, request):
        if request.user.role != Role.HELPER:
            raise PermissionDenied
        data = _parse(ProblemRaiseSerializer, request.data)
        pairing = None
        if data["pairing"]:
            pairing = Pairing.objects.for_user(request.user).filter(number=data["pairing"]).first()
            if pairing is None:
                raise ValidationError({"pairing": _("Choose one of your own pairings.")})
        county = None
        if data["county"]:
            county = Division.objects.filter(code=data["county"], level="county").first()
        follow_up = services.helper_problem_raise(
            user=request.user,
            problem=data["problem"],
            details=data["details"],
            pairing=pairing,
            county=county,
        )
        return Response(FollowUpSerializer(follow_up).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close with the note of what was done (refused without a note)."""
        follow_up = self.get_object()
        if not permissions.may_close(request.user, follow_up):
            raise PermissionDenied
        data = _parse(CloseSerializer, request.data)
        follow_up = services.follow_up_close(
            user=request.user, follow_up=follow_up, note=data["note"], on=data["on"]
        )
        return Response(FollowUpSerializer(follow_up).data)


def register(router) -> None:
    """Add the visits' endpoints to the /api/v1/ router."""
    router.register("visits", VisitViewSet, basename="visit")
    router.register("follow-ups", FollowUpViewSet, basename="follow-up")
