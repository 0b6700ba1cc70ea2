"""Site-visit API: /api/v1/site-visits/ — visits in the caller's scope, and recording one."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from bangfu.accounts import audit

from ..models import SiteVisit
from ..selectors.pairings import visits_for_user
from ..serializers.visits import SiteVisitCreateSerializer, SiteVisitSerializer
from ..services.visits import site_visit_save
from .parsing import BODY_PARSERS, parse, query_filters


class SiteVisitFilterSerializer(serializers.Serializer):
    county = serializers.CharField(required=False, allow_blank=True, help_text="county code")
    village = serializers.CharField(required=False, allow_blank=True, help_text="village code")
    helper = serializers.CharField(required=False, allow_blank=True, help_text="helper USCC")


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
        return visits_for_user(user=self.request.user, filters=filters).select_related(
            "village__parent", "village__county"
        )

    def get_queryset(self):
        return self._scoped(query_filters(SiteVisitFilterSerializer, self.request))

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
        data = parse(SiteVisitCreateSerializer, request)
        visit = site_visit_save(
            user=request.user,
            helper=data.pop("helper"),
            village=data.pop("village"),
            uploads=data.pop("files"),
            **data,
        )
        return Response(SiteVisitSerializer(visit).data, status=status.HTTP_201_CREATED)
