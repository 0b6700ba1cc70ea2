"""Supervision-visit API: /api/v1/visits/ (list, read, record; `follow-ups` to add one) and
/api/v1/follow-ups/ (list, read; create = a helper liaison raises a problem; `close`).

Thin: parse with a serializer, call the services in visits.py, answer with a serializer.
Reads are scoped by the selectors (out of scope: 404); writes are checked by the services
(403), a broken rule answers 400 with its messages.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bangfu.accounts.roles import Role
from bangfu.pairing.models import Pairing
from bangfu.places.models import Division
from bangfu.visits import services as visits
from bangfu.visits.models import FollowUp, Visit


class FollowUpSerializer(serializers.ModelSerializer):
    county = serializers.CharField(source="county.code", read_only=True)
    helper = serializers.CharField(
        source="helper.uscc", read_only=True, default=None, allow_null=True
    )
    pairing = serializers.CharField(
        source="pairing.number", read_only=True, default=None, allow_null=True
    )
    village = serializers.CharField(
        source="village.code", read_only=True, default=None, allow_null=True
    )
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "source",
            "visit",
            "county",
            "helper",
            "pairing",
            "village",
            "problem",
            "details",
            "raised_on",
            "owner_name",
            "owner",
            "due_on",
            "state",
            "overdue",
            "closing_note",
            "closed_on",
            "version",
        ]

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue()


class VisitSerializer(serializers.ModelSerializer):
    county = serializers.CharField(source="county.code", read_only=True)
    recorded_by = serializers.CharField(
        source="recorded_by.username", default=None, allow_null=True
    )

    class Meta:
        model = Visit
        fields = [
            "id",
            "county",
            "visited_on",
            "participants",
            "recorded_by",
            "findings",
            "problems",
            "version",
        ]


class VisitDetailSerializer(VisitSerializer):
    villages = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    pairings = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    files = serializers.SlugRelatedField(slug_field="original_name", many=True, read_only=True)
    follow_ups = FollowUpSerializer(many=True, read_only=True)

    class Meta(VisitSerializer.Meta):
        fields = [*VisitSerializer.Meta.fields, "villages", "pairings", "files", "follow_ups"]


class FollowUpAddSerializer(serializers.Serializer):
    problem = serializers.CharField(max_length=200)
    owner_name = serializers.CharField(max_length=100)
    due_on = serializers.DateField()
    details = serializers.CharField(required=False, allow_blank=True, default="")
    village = serializers.CharField(required=False, allow_blank=True, default="")


class VisitCreateSerializer(serializers.Serializer):
    county = serializers.CharField(help_text="county code")
    visited_on = serializers.DateField()
    participants = serializers.CharField(max_length=200)
    findings = serializers.CharField()
    problems = serializers.CharField(required=False, allow_blank=True, default="")
    villages = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, help_text="village codes"
    )
    pairings = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, help_text="agreement numbers"
    )
    follow_ups = FollowUpAddSerializer(many=True, required=False, default=list)


class ProblemRaiseSerializer(serializers.Serializer):
    problem = serializers.CharField(max_length=200)
    details = serializers.CharField(required=False, allow_blank=True, default="")
    pairing = serializers.CharField(required=False, allow_blank=True, default="")
    county = serializers.CharField(required=False, allow_blank=True, default="")


class CloseSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    on = serializers.DateField(required=False, allow_null=True, default=None)


class VisitFilterSerializer(serializers.Serializer):
    county = serializers.CharField(required=False, allow_blank=True)
    year = serializers.IntegerField(required=False, allow_null=True)


class FollowUpFilterSerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=["open", "closed", "overdue"], required=False, allow_blank=True
    )
    source = serializers.ChoiceField(
        choices=FollowUp.Source.choices, required=False, allow_blank=True
    )
    county = serializers.CharField(required=False, allow_blank=True)
    helper = serializers.CharField(required=False, allow_blank=True)


def _parse(serializer_class, data) -> dict:
    s = serializer_class(data=data)
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
        return VisitSerializer if self.action == "list" else VisitDetailSerializer

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not visits.may_read_oversight(request.user):
            raise PermissionDenied

    def get_queryset(self):
        return visits.visit_list_for_user(
            user=self.request.user, filters=_filters(VisitFilterSerializer, self.request)
        )

    def get_object(self):
        return visits.visit_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

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
        visit = visits.visit_record(
            user=request.user,
            county=county,
            villages=villages,
            pairings=pairings,
            follow_ups=follow_ups,
            **data,
        )
        visit = visits.visit_get_for_user(user=request.user, pk=visit.pk)
        return Response(VisitDetailSerializer(visit).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], url_path="follow-ups")
    def follow_ups(self, request, pk=None):
        """Add a problem found on this visit, with its owner and due date."""
        visit = self.get_object()
        if not visits.may_record_visit(request.user, visit.county_id):
            raise PermissionDenied
        data = _parse(FollowUpAddSerializer, request.data)
        data["village"] = _village(data.get("village", ""))
        follow_up = visits.follow_up_add(user=request.user, visit=visit, **data)
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
        return visits.follow_up_list_for_user(
            user=self.request.user, filters=_filters(FollowUpFilterSerializer, self.request)
        )

    def get_object(self):
        return visits.follow_up_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

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
        follow_up = visits.helper_problem_raise(
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
        if not visits.may_close(request.user, follow_up):
            raise PermissionDenied
        data = _parse(CloseSerializer, request.data)
        follow_up = visits.follow_up_close(
            user=request.user, follow_up=follow_up, note=data["note"], on=data["on"]
        )
        return Response(FollowUpSerializer(follow_up).data)


def register(router) -> None:
    """Add the visits' endpoints to the /api/v1/ router."""
    router.register("visits", VisitViewSet, basename="visit")
    router.register("follow-ups", FollowUpViewSet, basename="follow-up")
