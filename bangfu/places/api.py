"""The places' API: divisions (filtered, searched), programmes, region pairings, service points."""

import django_filters
from rest_framework import viewsets

from .models import Division, Level, Programme, RegionPairing, ServicePoint
from .serializers import (
    DivisionSerializer,
    ProgrammeSerializer,
    RegionPairingSerializer,
    ServicePointSerializer,
)


class DivisionFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=Level.choices)
    parent = django_filters.CharFilter(field_name="parent__code")
    county = django_filters.CharFilter(field_name="county__code")
    q = django_filters.CharFilter(method="search", label="name, pinyin initials or code prefix")

    class Meta:
        model = Division
        fields = ["level", "parent", "county", "q"]

    def search(self, queryset, name, value):
        return queryset.search(value)


class DivisionViewSet(viewsets.ReadOnlyModelViewSet):
    """Divisions (行政区划) in the caller's scope; looked up by statistical code."""

    serializer_class = DivisionSerializer
    lookup_field = "code"
    lookup_value_regex = "[0-9]{4,12}"
    filterset_class = DivisionFilter

    def get_queryset(self):
        return Division.objects.for_user(self.request.user).select_related("parent", "county")


class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProgrammeSerializer
    queryset = Programme.objects.all()


class RegionPairingViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RegionPairingSerializer

    def get_queryset(self):
        return RegionPairing.objects.for_user(self.request.user).select_related("county")


class ServicePointViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ServicePointSerializer
    filterset_fields = ["kind"]

    def get_queryset(self):
        return (
            ServicePoint.objects.for_user(self.request.user)
            .select_related("division")
            .prefetch_related("staff")
        )
