"""The helpers' API: the register, read-only, scoped like the pages."""

from rest_framework import viewsets

from . import selectors
from .serializers import HelperSerializer


class HelperViewSet(viewsets.ReadOnlyModelViewSet):
    """Helpers (帮扶主体): public programme facts for every business role."""

    serializer_class = HelperSerializer
    lookup_field = "uscc"

    def get_queryset(self):
        params = self.request.query_params
        filters = {n: params.get(n) for n in ("kind", "industry", "q", "sort") if params.get(n)}
        return selectors.helper_list_for_user(user=self.request.user, filters=filters)

    def get_object(self):
        return selectors.helper_get_for_user(user=self.request.user, uscc=self.kwargs["uscc"])
