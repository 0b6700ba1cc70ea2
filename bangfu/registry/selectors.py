"""Scoped reads of the registry: every page, API call and export goes through here."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404

from bangfu.accounts import audit
from bangfu.accounts.roles import can

from .models import Household, Member, VillageProfile

HOUSEHOLD_SORTS = {
    "village": ("village__code", "head_name", "id"),
    "-village": ("-village__code", "head_name", "id"),
    "name": ("head_initials", "id"),
    "-name": ("-head_initials", "-id"),
    "registered": ("year_registered", "id"),
    "-registered": ("-year_registered", "-id"),
    "size": ("size", "id"),
    "-size": ("-size", "-id"),
}
VILLAGE_SORTS = {
    "code": ("village__code",),
    "-code": ("-village__code",),
    "poor": ("-households_poor", "village__code"),
    "distance": ("distance_km", "village__code"),
}


def _denied(object_type: str, key: str) -> None:
    audit.record(
        event="access_denied",
        object_type=object_type,
        object_id=key,
        outcome="denied",
        detail="out of scope",
    )


def village_profile_list_for_user(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = VillageProfile.objects.for_user(user).select_related(
        "village", "village__parent", "county"
    )
    if filters.get("county"):
        qs = qs.filter(county__code=filters["county"])
    if filters.get("township"):
        qs = qs.filter(village__parent__code=filters["township"])
    status = filters.get("status")
    if status == "poor":
        qs = qs.filter(is_registered_poor=True, exited_on__isnull=True)
    elif status == "exited":
        qs = qs.filter(exited_on__isnull=False)
    elif status == "not_poor":
        qs = qs.filter(is_registered_poor=False)
    if filters.get("workstation"):
        qs = qs.filter(has_workstation=True)
    if filters.get("demonstration"):
        qs = qs.filter(is_demonstration=True)
    text = (filters.get("q") or "").strip()
    if text:
        if text.isdigit():
            qs = qs.filter(village__code__startswith=text)
        elif text.isascii():
            qs = qs.filter(village__initials__startswith=text.lower())
        else:
            qs = qs.filter(
                Q(village__name__contains=text) | Q(village__parent__name__contains=text)
            )
    return qs.order_by(*VILLAGE_SORTS.get(filters.get("sort") or "code", VILLAGE_SORTS["code"]))


def village_profile_get_for_user(*, user, code: str) -> VillageProfile:
    obj = (
        VillageProfile.objects.for_user(user)
        .select_related("village", "village__parent", "county")
        .filter(village__code=code)
        .first()
    )
    if obj is None:
        if VillageProfile.objects.filter(village__code=code).exists():
            _denied("registry.villageprofile", code)
        raise Http404("No such village profile")
    return obj


def household_list_for_user(*, user, filters: dict | None = None):
    """Households in scope, filtered; ordered on indexed columns so pages stay fast."""
    if not can(user, "personal.read"):
        return Household.objects.none()
    filters = filters or {}
    qs = Household.objects.for_user(user).select_related("village", "village__parent")
    if filters.get("county"):
        qs = qs.filter(county__code=filters["county"])
    if filters.get("township"):
        qs = qs.filter(village__parent__code=filters["township"])
    if filters.get("village"):
        qs = qs.filter(village__code=filters["village"])
    status = filters.get("status")
    if status == "poor":
        qs = qs.filter(year_exited__isnull=True)
    elif status == "exited":
        qs = qs.filter(year_exited__isnull=False)
    if filters.get("cause"):
        qs = qs.filter(causes__contains="," + filters["cause"] + ",")
    if filters.get("tech_help"):
        qs = qs.filter(tech_help=True)
    if filters.get("monitoring"):
        qs = qs.filter(monitoring=filters["monitoring"])
    if filters.get("q"):
        qs = qs.search(filters["q"])
    if filters.get("id_hash"):
        qs = qs.filter(id_hash=filters["id_hash"])
    return qs.order_by(
        *HOUSEHOLD_SORTS.get(filters.get("sort") or "village", HOUSEHOLD_SORTS["village"])
    )


def household_get_for_user(*, user, ref: str) -> Household:
    obj = None
    if can(user, "personal.read"):
        obj = (
            Household.objects.for_user(user)
            .select_related("village", "village__parent", "county")
            .filter(ref=ref)
            .first()
        )
    if obj is None:
        if Household.objects.filter(ref=ref).exists():
            _denied("registry.household", ref)
        raise Http404("No such household")
    return obj


def household_members(*, household: Household):
    return list(Member.objects.filter(household=household).order_by("id"))


def village_household_counts(*, user, village_ids) -> dict[int, int]:
    rows = (
        Household.objects.for_user(user)
        .filter(village_id__in=village_ids)
        .values("village_id")
        .annotate(n=Count("id"))
    )
    return {r["village_id"]: r["n"] for r in rows}


def registry_totals(*, user) -> dict[str, int]:
    """The registry in figures for the user's scope (home page); household figures only for
    roles that may see households."""
    from django.db.models import Count, Q

    profiles = VillageProfile.objects.for_user(user).aggregate(
        poor=Count("id", filter=Q(is_registered_poor=True, exited_on__isnull=True)),
        exited=Count("id", filter=Q(exited_on__isnull=False)),
    )
    totals = {"poor_villages": profiles["poor"], "exited_villages": profiles["exited"]}
    if can(user, "personal.read"):
        households = Household.objects.for_user(user).aggregate(
            all=Count("id"),
            tech=Count("id", filter=Q(tech_help=True)),
            exited=Count("id", filter=Q(year_exited__isnull=False)),
        )
        totals.update(
            households=households["all"],
            tech_help=households["tech"],
            exited_households=households["exited"],
        )
    return totals
