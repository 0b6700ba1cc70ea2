"""The import/export kinds: one place that maps a KIND name to its spec and its rows."""

from __future__ import annotations

from bangfu.assistance.imports.spec import AssistanceSpec, assistance_queryset
from bangfu.helpers.io import HelperSpec
from bangfu.registry.io.households import HouseholdSpec
from bangfu.registry.io.villages import VillageSpec


def specs():
    return {
        "villages": VillageSpec(),
        "households": HouseholdSpec(),
        "helpers": HelperSpec(),
        "assistance": AssistanceSpec(),
    }


def queryset_for(kind: str, *, user, filters: dict | None = None):
    """The rows an export of `kind` covers, scoped like the pages (user None: the operator)."""
    from bangfu.helpers.models import Helper
    from bangfu.helpers.selectors import helper_list_for_user
    from bangfu.registry.models import Household, VillageProfile
    from bangfu.registry.selectors import household_list_for_user, village_profile_list_for_user

    filters = filters or {}
    if kind == "assistance":
        return assistance_queryset(user=user, filters=filters)
    if user is None:
        qs = {
            "villages": VillageProfile.objects.all(),
            "households": Household.objects.all(),
            "helpers": Helper.objects.all(),
        }[kind]
        if filters.get("county"):
            qs = qs.filter(county__code=filters["county"]) if kind != "helpers" else qs
        order = {
            "villages": ("village__code",),
            "households": ("village__code", "head_name", "id"),
            "helpers": ("initials", "id"),
        }[kind]
        return qs.order_by(*order)
    return {
        "villages": village_profile_list_for_user,
        "households": household_list_for_user,
        "helpers": helper_list_for_user,
    }[kind](user=user, filters=filters)
