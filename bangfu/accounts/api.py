import django_filters
from rest_framework import generics, viewsets

from .models import AuditEvent
from .permissions import IsAuditor, IsAuthenticatedAccount
from .serializers import AuditEventSerializer, MeSerializer


class MeView(generics.RetrieveAPIView):
    """The signed-in account: role and data scope."""

    serializer_class = MeSerializer
    permission_classes = [IsAuthenticatedAccount]

    def get_object(self):
        return self.request.user


class AuditEventFilter(django_filters.FilterSet):
    since = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="gte")
    until = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="lt")
    actor = django_filters.CharFilter(field_name="actor_name")

    class Meta:
        model = AuditEvent
        fields = ["event", "object_type", "outcome", "actor", "since", "until"]


class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit trail, read-only, for the auditor alone."""

    serializer_class = AuditEventSerializer
    permission_classes = [IsAuditor]
    filterset_class = AuditEventFilter

    def get_queryset(self):
        return AuditEvent.objects.for_user(self.request.user).order_by("-id")
