"""Scoped reads of the leading groups and demonstration villages, and the public page's facts.

The liaisons' contacts are published on /public/ on purpose (officials acting in office);
`public_liaisons` and `public_seeking_villages` are the only reads that serve anonymous users
and they return public facts only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.utils.translation import gettext as _

from bangfu.accounts.roles import Role, can
from bangfu.groups.models import DemonstrationRecommendation, GroupRole, LeadingGroupMember
from bangfu.places.models import Division, Programme, RegionPairing
from bangfu.places.programme import programme_counties

# --------------------------------------------------------------------------- counties


def counties_for_user(user, programme: Programme) -> list[Division]:
    """The programme's counties `user` may see: all five, or a county office's own."""
    counties = programme_counties(programme)
    if getattr(user, "role", None) == Role.COUNTY:
        return [c for c in counties if c.pk == user.county_id]
    if not can(user, "reporting.read"):
        return []
    return counties


def county_get_for_user(*, user, programme: Programme, code: str) -> Division:
    """A county of the programme in `user`'s scope, by its code; 404 otherwise."""
    for county in counties_for_user(user, programme):
        if county.code == code:
            return county
    raise Http404(_("No such county"))


# --------------------------------------------------------------------------- roster: reads


def roster_for_user(*, user, programme: Programme, county: Division | None = None):
    qs = LeadingGroupMember.objects.for_user(user).filter(programme=programme)
    if county is not None:
        qs = qs.filter(county=county)
    return qs.select_related("county").order_by("county__code", "order", "id")


def member_get_for_user(*, user, pk: int) -> LeadingGroupMember:
    """One member in `user`'s scope; out of scope and missing are the same 404."""
    member = LeadingGroupMember.objects.for_user(user).select_related("county").filter(pk=pk)
    found = member.first()
    if found is None:
        raise Http404(_("No such member"))
    return found


def roster_problems(programme: Programme, county: Division) -> list[str]:
    """What keeps the roster (attachment 3) from being filed, in the user's language: no
    member at all, no leader, no liaison, a liaison with neither a phone nor an e-mail."""
    members = list(
        LeadingGroupMember.objects.filter(programme=programme, county=county).order_by(
            "order", "id"
        )
    )
    return roster_problems_of(county, members)


def roster_problems_of(county: Division, members: list[LeadingGroupMember]) -> list[str]:
    """`roster_problems` for members already read (one county's, in order)."""
    if not members:
        return [_("%(county)s has no leading group roster yet.") % {"county": county.name}]
    problems = []
    roles = {m.group_role for m in members}
    if GroupRole.LEADER not in roles:
        problems.append(_("The leading group has no leader."))
    liaisons = [m for m in members if m.group_role == GroupRole.LIAISON]
    if not liaisons:
        problems.append(_("The leading group has no liaison: name one with a phone number."))
    for m in liaisons:
        if not m.phone:
            problems.append(_("The liaison %(name)s has no phone number.") % {"name": m.name})
    return problems


# --------------------------------------------------------------------------- demonstration


def recommendations_for_user(
    *, user, programme: Programme, county: Division | None = None, selected_only: bool = False
):
    qs = DemonstrationRecommendation.objects.for_user(user).filter(programme=programme)
    if county is not None:
        qs = qs.filter(county=county)
    if selected_only:
        qs = qs.filter(selected=True)
    return qs.select_related("county", "village", "village__parent", "region_pairing").order_by(
        "county__code", "region_pairing__helping_district"
    )


def recommendation_get_for_user(*, user, pk: int) -> DemonstrationRecommendation:
    found = (
        DemonstrationRecommendation.objects.for_user(user)
        .select_related("county", "village", "region_pairing", "programme")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404(_("No such recommendation"))
    return found


def region_pairing_get_for_user(*, user, programme: Programme, pk: int) -> RegionPairing:
    found = (
        RegionPairing.objects.for_user(user)
        .select_related("county")
        .filter(programme=programme, pk=pk)
        .first()
    )
    if found is None or not can(user, "reporting.read"):
        raise Http404(_("No such helping district"))
    return found


def selected_count(programme: Programme) -> int:
    return DemonstrationRecommendation.objects.filter(programme=programme, selected=True).count()


def region_pairings_for_user(*, user, programme: Programme, county_ids: list[int]):
    """The helping districts (region pairings) of `county_ids` in `user`'s scope."""
    return (
        RegionPairing.objects.for_user(user)
        .filter(programme=programme, county_id__in=county_ids)
        .order_by("county__code", "helping_district")
    )


def poor_villages(county: Division) -> list[Division]:
    """The registered poor villages of `county`, the choices of a recommendation."""
    from bangfu.registry.models import VillageProfile

    return list(
        Division.objects.filter(
            level="village",
            county=county,
            pk__in=VillageProfile.objects.filter(is_registered_poor=True).values("village_id"),
        )
        .select_related("parent")
        .order_by("code")
    )


# --------------------------------------------------------------------------- public page


@dataclass(frozen=True)
class SeekingVillage:
    """Public facts of a poor village still seeking helpers: no household data at all."""

    county: str
    township: str
    village: str
    industries: str
    resources: str
    places_free: int


def public_liaisons(programme: Programme) -> list[tuple[Division, list[LeadingGroupMember]]]:
    """Each county of the programme with its liaison persons (published on purpose)."""
    members = (
        LeadingGroupMember.objects.filter(programme=programme, group_role=GroupRole.LIAISON)
        .select_related("county")
        .order_by("county__code", "order", "id")
    )
    by_county: dict[int, list[LeadingGroupMember]] = {}
    for m in members:
        by_county.setdefault(m.county_id, []).append(m)
    return [(c, by_county.get(c.pk, [])) for c in programme_counties(programme)]


def public_seeking_villages(programme: Programme) -> list[SeekingVillage]:
    """Registered poor villages not exited with no active pairing, in the programme's
    counties, with the helper places still free (the programme's maximum minus the pairings
    holding a place). Only the village profile's public facts are read."""
    from bangfu.pairing.models import SLOT_STATUSES, Pairing, Status
    from bangfu.registry.models import VillageProfile

    counties = [c.pk for c in programme_counties(programme)]
    rows = (
        VillageProfile.objects.filter(
            is_registered_poor=True, exited_on__isnull=True, county_id__in=counties
        )
        .annotate(
            covered=Exists(
                Pairing.objects.filter(village_id=OuterRef("village_id"), status=Status.ACTIVE)
            ),
            holding=Count(
                "village__pairings", filter=Q(village__pairings__status__in=SLOT_STATUSES)
            ),
        )
        .filter(covered=False)
        .order_by("village__code")
        .values_list(
            "county__name",
            "village__parent__name",
            "village__name",
            "main_industries",
            "resources",
            "holding",
        )
    )
    limit = programme.max_helpers_per_village
    return [
        SeekingVillage(
            county=county,
            township=township or "",
            village=village,
            industries=industries or "",
            resources=resources or "",
            places_free=max(limit - holding, 0),
        )
        for county, township, village, industries, resources, holding in rows
    ]
