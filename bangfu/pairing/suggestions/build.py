"""The assignment instance of a county or the programme, read from the database.

Eligible villages: registered poor and not exited, or opened by the county office
(`VillageOpening`); room: the programme's helper limit minus the village's open pairings.
Helpers: spare capacity (declared capacity minus open pairings) above nothing. A helper may
be suggested in the counties of its region — the counties paired with the helping district
its address names, the county of its USCC, the counties it has paired in before — or, when
the user widens the run, anywhere in scope. Pairs already open and pairs rejected before
are left out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q

from bangfu.helpers.models import Helper
from bangfu.places.models import Division, RegionPairing
from bangfu.places.programme import current_programme, programme_counties
from bangfu.registry.models import Household, VillageProfile

from ..models import (
    MAX_SLOTS,
    OPEN_STATUSES,
    FitWeights,
    Pairing,
    Status,
    Suggestion,
    VillageOpening,
)
from .fit import DEFAULT_WEIGHTS, KIND_PATHWAYS, HelperFacts, VillageFacts, score, words
from .solver import Arc, HelperSpec, Instance, VillageSpec

TOP_K = 200  # candidate villages kept per helper, best fit first


def norm_focus(text: str) -> str:
    return "".join((text or "").split()).casefold()


@dataclass
class Built:
    instance: Instance
    helper_names: dict[int, str] = field(default_factory=dict)
    focus_of: dict[int, str] = field(default_factory=dict)  # helper → focus as written
    village_county: dict[int, int] = field(default_factory=dict)
    reasons: dict[tuple[int, int], list] = field(default_factory=dict)
    poor_villages: int = 0  # eligible villages in scope
    with_helper: int = 0  # of which with at least one open pairing
    with_two: int = 0  # of which with two or more


def current_weights() -> dict[str, int]:
    """The city office's fit weights, or the defaults (fit.DEFAULT_WEIGHTS)."""
    row = FitWeights.objects.order_by("pk").first()
    return row.as_dict() if row else dict(DEFAULT_WEIGHTS)


def village_facts(profiles) -> dict[int, VillageFacts]:
    """The fit facts of the villages of `profiles` (a VillageProfile queryset)."""
    rows = list(
        profiles.values_list(
            "village_id", "county_id", "village__parent_id", "main_industries", "resources", "tags"
        )
    )
    causes = _causes([r[0] for r in rows])
    return {
        v: VillageFacts(v, c, t, words(f"{mi} {res} {tags}"), causes.get(v, []))
        for v, c, t, mi, res, tags in rows
    }


def eligible_profiles(counties: list[int]):
    """Registered poor villages that have not exited, and the villages opened by the county."""
    opened = VillageOpening.objects.filter(county_id__in=counties).values("village_id")
    return VillageProfile.objects.filter(county_id__in=counties).filter(
        Q(is_registered_poor=True, exited_on__isnull=True) | Q(village_id__in=opened)
    )


def _causes(village_ids) -> dict[int, list[str]]:
    counts: dict[int, Counter] = defaultdict(Counter)
    for village_id, causes in Household.objects.filter(village_id__in=village_ids).values_list(
        "village_id", "causes"
    ):
        for c in (causes or "").strip(",").split(","):
            if c and c != "other":
                counts[village_id][c] += 1
    return {v: [c for c, _n in cnt.most_common(3)] for v, cnt in counts.items()}


def _helper_regions(programme, scope: set[int]) -> tuple[dict, dict, dict]:
    """Per helper: home counties, townships named in its address, and earlier pairings."""
    districts: dict[str, set[int]] = defaultdict(set)
    for name, county in RegionPairing.objects.filter(programme=programme).values_list(
        "helping_district", "county_id"
    ):
        districts[name].add(county)
    county_by_code = dict(Division.objects.filter(level="county").values_list("code", "pk"))
    township_names = {
        name: pk
        for pk, name in Division.objects.filter(level="township", county_id__in=scope).values_list(
            "pk", "name"
        )
        if len(name) >= 3
    }
    counties: dict[int, set[int]] = defaultdict(set)
    townships: dict[int, set[int]] = defaultdict(set)
    for pk, uscc, address in Helper.objects.values_list("pk", "uscc", "address"):
        if uscc[2:8] in county_by_code:
            counties[pk].add(county_by_code[uscc[2:8]])
        for name, paired in districts.items():
            if name and name in (address or ""):
                counties[pk] |= paired
        for name, township in township_names.items():
            if name in (address or ""):
                townships[pk].add(township)
    ended_well: Counter = Counter()
    pathways: dict[int, set[str]] = defaultdict(set)
    for (
        helper_id,
        county_id,
        status,
        end_date,
        ended_on,
        exited,
        ways,
    ) in Pairing.objects.values_list(
        "helper_id",
        "county_id",
        "status",
        "end_date",
        "ended_on",
        "village__profile__exited_on",
        "pathways",
    ):
        counties[helper_id].add(county_id)
        pathways[helper_id] |= {p for p in (ways or "").strip(",").split(",") if p}
        if status == Status.ENDED and (
            exited is not None or (ended_on and (end_date is None or ended_on >= end_date))
        ):
            ended_well[helper_id] += 1
    return counties, townships, {"ended_well": ended_well, "pathways": pathways}


def build_instance(
    *,
    county_id: int | None,
    widened: bool,
    weights: dict[str, int],
    progress: Callable[[int, str], None] | None = None,
    top_k: int = TOP_K,
) -> Built:
    """The instance for one county (or every county of the programme when None)."""
    programme = current_programme()
    limit = min(programme.max_helpers_per_village, MAX_SLOTS)
    scope = [c.pk for c in programme_counties(programme) if county_id in (None, c.pk)]
    facts_by_village = village_facts(eligible_profiles(scope))
    if progress:
        progress(10, "villages")
    open_rows = Pairing.objects.filter(status__in=OPEN_STATUSES).values_list(
        "helper_id", "village_id", "focus"
    )
    load: Counter = Counter()
    present: Counter = Counter()
    focuses: dict[int, set[str]] = defaultdict(set)
    open_pairs: set[tuple[int, int]] = set()
    for helper_id, village_id, focus in open_rows:
        load[helper_id] += 1
        open_pairs.add((helper_id, village_id))
        if village_id in facts_by_village:
            present[village_id] += 1
            if focus.strip():
                focuses[village_id].add(norm_focus(focus))
    rejected = set(
        Suggestion.objects.filter(state=Suggestion.State.REJECTED).values_list(
            "helper_id", "village_id"
        )
    )
    built = Built(Instance([], [], []))
    by_county: dict[int, list[VillageFacts]] = defaultdict(list)
    for key, f in facts_by_village.items():
        room = max(limit - present[key], 0)
        built.instance.villages.append(
            VillageSpec(key, room, present[key], frozenset(focuses[key]))
        )
        built.village_county[key] = f.county
        by_county[f.county].append(f)
    built.poor_villages = len(facts_by_village)
    built.with_helper = sum(1 for k in facts_by_village if present[k] > 0)
    built.with_two = sum(1 for k in facts_by_village if present[k] > 1)
    if progress:
        progress(25, "helpers")
    helpers = helper_facts(programme, scope, load)
    for n, (facts, name, focus) in enumerate(helpers):
        reach = scope if widened else [c for c in scope if c in facts.counties]
        scored = []
        for county in reach:
            for v in by_county[county]:
                if (facts.key, v.key) in open_pairs or (facts.key, v.key) in rejected:
                    continue
                points, reasons = score(facts, v, weights)
                scored.append((points, v.key, reasons))
        if not scored:
            continue
        scored.sort(key=lambda s: (-s[0], s[1]))
        built.instance.helpers.append(HelperSpec(facts.key, facts.room, norm_focus(focus)))
        built.helper_names[facts.key] = name
        built.focus_of[facts.key] = focus
        for points, village, reasons in scored[:top_k]:
            built.instance.arcs.append(Arc(facts.key, village, points))
            built.reasons[(facts.key, village)] = reasons
        if progress and n % 50 == 0:
            progress(25 + 45 * n // max(len(helpers), 1), "helpers")
    return built


def helper_facts(programme, scope: list[int], load: Counter) -> list[tuple[HelperFacts, str, str]]:
    """(facts, name, focus as written) of every helper with spare capacity."""
    home, townships, history = _helper_regions(programme, set(scope))
    out = []
    for pk, name, kind, industry, strengths, capacity in Helper.objects.values_list(
        "pk", "name", "kind", "industry", "strengths", "capacity"
    ).order_by("pk"):
        room = capacity - load[pk]
        if room <= 0:
            continue
        focus = (industry or "").strip() or str(Helper.Kind(kind).label)
        facts = HelperFacts(
            pk,
            kind,
            words(f"{industry} {strengths}"),
            KIND_PATHWAYS.get(kind, set()) | history["pathways"][pk],
            home[pk],
            townships[pk],
            history["ended_well"][pk],
            room,
        )
        out.append((facts, name, focus))
    return out


def open_loads() -> Counter:
    """Open pairings per helper."""
    return Counter(
        Pairing.objects.filter(status__in=OPEN_STATUSES).values_list("helper_id", flat=True)
    )
