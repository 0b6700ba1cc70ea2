"""/api/v1/ endpoints of the leading groups and demonstration villages.

- `leading-group-members`: the rosters (attachment 3), scoped like the pages; a county office
  writes its own county's, the city office every county's.
- `demonstration-recommendations`: the helping districts' recommendations (attachment 4);
  `select` / `unselect` for the city office, at most the programme's quota selected.

Reads go through the scoped selectors (out of scope: 404); writes through `groups`' services
(PermissionDenied → 403, a broken rule → 400 with the messages).
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from bangfu.accounts.guards import require
from bangfu.accounts.permissions import ReadsReporting
from bangfu.groups import selectors
from bangfu.groups.models import DemonstrationRecommendation, LeadingGroupMember
from bangfu.groups.rules import may_select
from bangfu.groups.serializers import (
    DemonstrationRecommendationSerializer,
    DemonstrationRecommendationWriteSerializer,
    DemonstrationSelectionSerializer,
    LeadingGroupMemberSerializer,
    LeadingGroupMemberWriteSerializer,
)
from bangfu.groups.services import (
    member_remove,
    member_save,
    recommendation_create,
    recommendation_save,
    recommendation_select,
    recommendation_unselect,
)
from bangfu.places.models import Division, RegionPairing
from bangfu.places.programme import current_programme, programme_counties


def _parse(serializer_class, request, *, partial: bool = False) -> dict:
    s = serializer_class(data=request.data, partial=partial)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


def _programme_county(programme, code: str) -> Division:
    """A county of the programme by code (scope is the service's business: a county office
    naming another county gets the service's clear refusal)."""
    for county in programme_counties(programme):
        if county.code == code:
            return county
    raise DRFValidationError({"county": ["No such county in this programme."]})


# --------------------------------------------------------------------------- roster


@extend_schema(parameters=[OpenApiParameter("county", str, description="county code")])
class LeadingGroupMemberViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The leading-group rosters (attachment 3) of the current programme."""

    permission_classes = [ReadsReporting]
    serializer_class = LeadingGroupMemberSerializer
    queryset = LeadingGroupMember.objects.none()  # the schema's model; get_queryset scopes

    def get_queryset(self):
        qs = selectors.roster_for_user(user=self.request.user, programme=current_programme())
        county = self.request.query_params.get("county", "").strip()
        if county and self.action == "list":
            qs = qs.filter(county__code=county)
        return qs

    def get_object(self):
        obj = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if obj is None:
            raise Http404
        return obj

    @extend_schema(
        request=LeadingGroupMemberWriteSerializer, responses={201: LeadingGroupMemberSerializer}
    )
    def create(self, request, *args, **kwargs):
        data = _parse(LeadingGroupMemberWriteSerializer, request)
        programme = current_programme()
        code = data.pop("county", "")
        if not code:
            raise DRFValidationError({"county": ["This field is required."]})
        county = _programme_county(programme, code)
        member = member_save(user=request.user, programme=programme, county=county, **data)
        return Response(LeadingGroupMemberSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=LeadingGroupMemberWriteSerializer, responses=LeadingGroupMemberSerializer
    )
    def update(self, request, *args, **kwargs):
        member = self.get_object()
        data = _parse(
            LeadingGroupMemberWriteSerializer, request, partial=kwargs.get("partial", False)
        )
        data.pop("county", None)  # a member does not move to another county
        member = member_save(
            user=request.user,
            programme=member.programme,
            county=member.county,
            member=member,
            **data,
        )
        return Response(LeadingGroupMemberSerializer(member).data)

    def destroy(self, request, *args, **kwargs):
        member_remove(user=request.user, member=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# --------------------------------------------------------------------------- demonstration


def _village(code: str | None) -> Division | None:
    return Division.objects.filter(code=code or "", level="village").first()


class DemonstrationRecommendationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The helping districts' demonstration-village recommendations (attachment 4)."""

    permission_classes = [ReadsReporting]
    serializer_class = DemonstrationRecommendationSerializer
    queryset = DemonstrationRecommendation.objects.none()  # the schema's model

    def get_queryset(self):
        qs = selectors.recommendations_for_user(
            user=self.request.user, programme=current_programme()
        )
        params = self.request.query_params
        if self.action == "list":
            if params.get("county"):
                qs = qs.filter(county__code=params["county"])
            if params.get("selected") in ("1", "true"):
                qs = qs.filter(selected=True)
        return qs

    def get_object(self):
        obj = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if obj is None:
            raise Http404
        return obj

    @extend_schema(
        parameters=[
            OpenApiParameter("county", str, description="county code"),
            OpenApiParameter("selected", str, description="1: selected villages only"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=DemonstrationRecommendationWriteSerializer,
        responses={201: DemonstrationRecommendationSerializer},
    )
    def create(self, request, *args, **kwargs):
        data = _parse(DemonstrationRecommendationWriteSerializer, request)
        programme = current_programme()
        rp = RegionPairing.objects.filter(
            programme=programme, pk=data.pop("region_pairing", None) or 0
        ).first()
        if rp is None:
            raise DRFValidationError({"region_pairing": ["No such helping district."]})
        data["village"] = _village(data.get("village"))
        rec = recommendation_create(
            user=request.user, programme=programme, region_pairing=rp, **data
        )
        return Response(
            DemonstrationRecommendationSerializer(rec).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request=DemonstrationRecommendationWriteSerializer,
        responses=DemonstrationRecommendationSerializer,
    )
    def update(self, request, *args, **kwargs):
        rec = self.get_object()
        data = _parse(
            DemonstrationRecommendationWriteSerializer,
            request,
            partial=kwargs.get("partial", False),
        )
        data.pop("region_pairing", None)
        merged = {
            "village": rec.village,
            "reasons": rec.reasons,
            "industry": rec.industry,
            "recommended_by": rec.recommended_by,
            "recommended_on": rec.recommended_on,
        }
        if "village" in data:
            data["village"] = _village(data["village"])
        merged.update(data)
        rec = recommendation_save(
            user=request.user,
            programme=rec.programme,
            region_pairing=rec.region_pairing,
            **merged,
        )
        return Response(DemonstrationRecommendationSerializer(rec).data)

    @extend_schema(
        summary="Select as a demonstration village (city office; at most the quota)",
        request=DemonstrationSelectionSerializer,
        responses=DemonstrationRecommendationSerializer,
    )
    @action(detail=True, methods=["post"])
    def select(self, request, pk=None):
        rec = self.get_object()
        require(may_select(request.user), "reporting.review", rec)
        data = _parse(DemonstrationSelectionSerializer, request)
        rec = recommendation_select(
            user=request.user, recommendation=rec, note=data.get("note", "")
        )
        return Response(DemonstrationRecommendationSerializer(rec).data)

    @extend_schema(
        summary="Unselect a demonstration village (city office), with a note",
        request=DemonstrationSelectionSerializer,
        responses=DemonstrationRecommendationSerializer,
    )
    @action(detail=True, methods=["post"])
    def unselect(self, request, pk=None):
        rec = self.get_object()
        require(may_select(request.user), "reporting.review", rec)
        data = _parse(DemonstrationSelectionSerializer, request)
        rec = recommendation_unselect(
            user=request.user, recommendation=rec, note=data.get("note", "")
        )
        return Response(DemonstrationRecommendationSerializer(rec).data)


def register(router) -> None:
    """Add these endpoints to the /api/v1/ router."""
    router.register(
        "leading-group-members", LeadingGroupMemberViewSet, basename="leading-group-member"
    )
    router.register(
        "demonstration-recommendations",
        DemonstrationRecommendationViewSet,
        basename="demonstration-recommendation",
    )
