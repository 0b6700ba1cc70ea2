"""Relay candidates: helpers that could take over a village, ranked by place and fit."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from bangfu.helpers.models import Helper
from bangfu.registry.models import VillageProfile

from ..models import OPEN_STATUSES, Pairing, Relay, Status

# Counties that border each other (for "same or nearby county").
NEIGHBOURS = {
    "130821": {"130822", "130825", "130826", "130881", "130828", "130827"},
    "130822": {"130821", "130825", "130881"},
    "130825": {"130821", "130822", "130826", "130828"},
    "130828": {"130825", "130826", "130821"},
    "130881": {"130821", "130822", "130827"},
}


@dataclass
class Candidate:
    helper: Helper
    load: int
    room: int
    same_county: bool
    nearby: bool
    matches: list[str]
    score: float


def _words(text: str) -> set[str]:
    import re

    return {
        w for w in re.split(r"[\s,，、;；。.:：!！?？/()（）]+", text or "") if 2 <= len(w) <= 8
    }


def relay_candidates(*, relay: Relay, limit: int = 20) -> list[Candidate]:
    """Helpers that could take over: room left under their capacity, not already with the
    village, ranked by same county, nearby county, and how well their industry and strengths
    fit the village's industries, resources and tags."""
    old = relay.pairing
    county_code = old.county.code
    nearby_codes = NEIGHBOURS.get(county_code, set())
    profile = VillageProfile.objects.filter(village=old.village).first()
    wanted = _words(
        " ".join(
            [
                old.focus,
                profile.main_industries if profile else "",
                profile.resources if profile else "",
                profile.tags if profile else "",
            ]
        )
    )
    loads = dict(
        Pairing.objects.open()
        .values("helper_id")
        .annotate(n=Count("id"))
        .values_list("helper_id", "n")
    )
    counties_of: dict[int, set[str]] = {}
    for helper_id, code in (
        Pairing.objects.filter(status__in=[*OPEN_STATUSES, Status.ENDED, Status.RELAYED])
        .values_list("helper_id", "county__code")
        .distinct()
    ):
        counties_of.setdefault(helper_id, set()).add(code)
    busy_here = set(
        Pairing.objects.open().filter(village=old.village).values_list("helper_id", flat=True)
    )
    out = []
    for helper in Helper.objects.exclude(pk=old.helper_id).exclude(pk__in=busy_here):
        load = loads.get(helper.pk, 0)
        room = helper.capacity - load
        if room <= 0:
            continue
        counties = counties_of.get(helper.pk, set())
        same = county_code in counties or helper.uscc[2:8] == county_code
        near = not same and bool(counties & nearby_codes)
        have = _words(f"{helper.industry} {helper.strengths}")
        matches = sorted(w for w in wanted if any(w in h or h in w for h in have))
        score = 3.0 * same + 1.5 * near + 1.0 * len(matches) + min(room, 5) * 0.2
        out.append(Candidate(helper, load, room, same, near, matches, score))
    out.sort(key=lambda c: (-c.score, c.helper.initials, c.helper.pk))
    return out[:limit]
