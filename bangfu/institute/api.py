"""Tech-help visits API: /api/v1/tech-visits/ (list, read, record, change one's own).

Thin: serializers.py parses, the services write, the selectors read. The institute's staff
record (`institute.manage`); county offices read their county; helper liaisons nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from bangfu.accounts.roles import can
from bangfu.places.models import ServicePoint

from . import selectors, services
from .serializers import (
    TechVisitChangeSerializer,
    TechVisitFilterSerializer,
    TechVisitInputSerializer,
    TechVisitSerializer,
)


def _parse(serializer_class, data) -> dict:
    s = serializer_class(data=data)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


def _point(user, pk: int) -> ServicePoint:
    point = ServicePoint.objects.for_user(user).filter(pk=pk).first()
    if point is None:
        raise ValidationError({"point": _("No centre or workstation has this id.")})
    return point


class TechVisitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Visits and services of the institute to tech-help households (科技帮扶服务记录)."""

    filter_backends = []
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self):
        if self.action == "create":
            return TechVisitInputSerializer
        if self.action == "partial_update":
            return TechVisitChangeSerializer
        return TechVisitSerializer

    def get_queryset(self):
        if not can(self.request.user, "personal.read"):
            raise PermissionDenied("personal.read")
        filters = _parse(TechVisitFilterSerializer, self.request.query_params)
        filters = {k: v for k, v in filters.items() if v not in (None, "", False)}
        return selectors.visit_list_for_user(user=self.request.user, filters=filters)

    def get_object(self):
        if not can(self.request.user, "personal.read"):
            raise PermissionDenied("personal.read")
        return selectors.visit_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(parameters=[TechVisitFilterSerializer])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=TechVisitInputSerializer, responses={201: TechVisitSerializer})
    def create(self, request):
        if not can(request.user, "institute.manage"):
            raise PermissionDenied("institute.manage")
        data = _parse(TechVisitInputSerializer, request.data)
        household = selectors.household_for_visit(user=request.user, ref=data.pop("household"))
        if household is None:
            raise ValidationError({"household": _("No household in your scope has this number.")})
        point = _point(request.user, data.pop("point"))
        visit = services.visit_record(user=request.user, household=household, point=point, **data)
        return Response(TechVisitSerializer(visit).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TechVisitChangeSerializer, responses={200: TechVisitSerializer})
    def partial_update(self, request, pk=None):
        visit = self.get_object()
        if not services.may_edit_visit(request.user, visit):
            raise PermissionDenied("institute.visit.edit")
        data = _parse(TechVisitChangeSerializer, request.data)
        if "point" in data:
            data["point"] = _point(request.user, data["point"])
        visit = services.visit_update(user=request.user, visit=visit, **data)
        return Response(TechVisitSerializer(visit).data)


def register(router) -> None:
    """Add the tech-help visits to the /api/v1/ router."""
    router.register("tech-visits", TechVisitViewSet, basename="tech-visit")
