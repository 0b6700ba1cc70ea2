"""/api/v1/ endpoints of the registry: village profiles and households, read-only and scoped."""

from rest_framework import viewsets

from bangfu.accounts.permissions import IsActiveBusinessUser

from . import selectors
from .serializers import HouseholdDetailSerializer, HouseholdSerializer, VillageProfileSerializer


class PersonalDataReader(IsActiveBusinessUser):
    """Households and members: roles that may see personal data at all (masked)."""

    def has_permission(self, request, view):
        from bangfu.accounts.roles import can

        return super().has_permission(request, view) and can(request.user, "personal.read")


FILTERS = (
    "county",
    "township",
    "village",
    "status",
    "cause",
    "tech_help",
    "monitoring",
    "q",
    "sort",
)
VILLAGE_FILTERS = ("county", "township", "status", "workstation", "demonstration", "q", "sort")


def _filters(request, names) -> dict:
    return {n: request.query_params.get(n) for n in names if request.query_params.get(n)}


class VillageProfileViewSet(viewsets.ReadOnlyModelViewSet):
    """Village profiles (村情) in the caller's scope; filters as on the page."""

    serializer_class = VillageProfileSerializer
    lookup_field = "code"
    lookup_value_regex = "[0-9]{12}"

    def get_queryset(self):
        return selectors.village_profile_list_for_user(
            user=self.request.user, filters=_filters(self.request, VILLAGE_FILTERS)
        )

    def get_object(self):
        return selectors.village_profile_get_for_user(
            user=self.request.user, code=self.kwargs["code"]
        )


class HouseholdViewSet(viewsets.ReadOnlyModelViewSet):
    """Registered poor households in the caller's scope; ID numbers and phones masked."""

    permission_classes = [PersonalDataReader]
    lookup_field = "ref"

    def get_serializer_class(self):
        return HouseholdDetailSerializer if self.action == "retrieve" else HouseholdSerializer

    def get_queryset(self):
        return selectors.household_list_for_user(
            user=self.request.user, filters=_filters(self.request, FILTERS)
        )

    def get_object(self):
        return selectors.household_get_for_user(user=self.request.user, ref=self.kwargs["ref"])
