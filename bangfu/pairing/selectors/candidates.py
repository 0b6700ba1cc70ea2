"""Relay candidates: helpers that could take over a village, ranked by the suggestions' fit
(the same points and reasons as /pairings/suggestions/), nearby counties noted."""

from __future__ import annotations

from dataclasses import dataclass, field

from bangfu.helpers.models import Helper
from bangfu.places.models import Division
from bangfu.places.programme import current_programme, programme_counties
from bangfu.registry.models import VillageProfile

from ..models import Pairing, Relay
from ..suggestions.build import current_weights, helper_facts, open_loads, village_facts
from ..suggestions.fit import VillageFacts, reason_text, score, words

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
    reasons: list[str] = field(default_factory=list)


def relay_candidates(*, relay: Relay, limit: int = 20) -> list[Candidate]:
    """Helpers that could take over: room left under their capacity, not already with the
    village, ranked by the fit of the pairing suggestions (industry words, the poverty
    causes their pathways answer, same township or county, track record, spare capacity)."""
    old = relay.pairing
    county = old.county
    nearby_codes = NEIGHBOURS.get(county.code, set())
    facts = village_facts(VillageProfile.objects.filter(village_id=old.village_id)).get(
        old.village_id
    ) or VillageFacts(old.village_id, county.pk, old.village.parent_id, frozenset())
    if old.focus:
        facts.text_words = facts.text_words | words(old.focus)
    programme = current_programme()
    scope = [c.pk for c in programme_counties(programme)]
    if county.pk not in scope:
        scope.append(county.pk)
    busy_here = set(
        Pairing.objects.open().filter(village=old.village).values_list("helper_id", flat=True)
    )
    loads = open_loads()
    weights = current_weights()
    scored = []
    for hf, _name, _focus in helper_facts(programme, scope, loads):
        if hf.key == old.helper_id or hf.key in busy_here:
            continue
        points, reasons = score(hf, facts, weights)
        scored.append((points, hf, reasons))
    helpers = Helper.objects.in_bulk([hf.key for _p, hf, _r in scored])
    codes = dict(Division.objects.filter(level="county").values_list("pk", "code"))
    out = []
    for points, hf, reasons in scored:
        same = county.pk in hf.counties
        near = not same and bool({codes.get(c) for c in hf.counties} & nearby_codes)
        matches = next((v.split("、") for c, v in reasons if c == "industry"), [])
        out.append(
            Candidate(
                helpers[hf.key],
                loads[hf.key],
                hf.room,
                same,
                near,
                matches,
                float(points),
                [reason_text(c, v) for c, v in reasons],
            )
        )
    out.sort(key=lambda c: (-c.score, -c.nearby, c.helper.initials, c.helper.pk))
    return out[:limit]
