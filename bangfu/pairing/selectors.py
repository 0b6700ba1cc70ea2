"""Scoped reads for pairings: lists, one pairing, coverage, relay candidates.

Coverage (覆盖) is one definition used by the board, the dashboard, the API and the tests:
a *poor village* is a registered poor village that has not exited; it is *covered* when it
has at least one ACTIVE pairing (a suspended helper keeps its slot but is not helping).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from bangfu.helpers.models import Helper
from bangfu.places.models import Division
from bangfu.registry.models import VillageProfile

from .models import (
    OPEN_STATUSES,
    SLOT_STATUSES,
    ItemState,
    Pairing,
    PlanItem,
    Relay,
    SiteVisit,
    Status,
    item_state_q,
)

SORTS = {
    "village": ("village__code", "slot", "id"),
    "helper": ("helper__initials", "village__code"),
    "-start": ("-start_date", "-id"),
    "status": ("status", "village__code"),
}


def pairing_list_for_user(*, user, filters: dict | None = None):
    """Pairings in `user`'s scope, filtered: county, township, village (code), helper
    (USCC), status, q (helper or village name / initials)."""
    filters = filters or {}
    qs = Pairing.objects.for_user(user).select_related(
        "helper", "village", "village__parent", "county", "agreement"
    )
    if filters.get("county"):
        qs = qs.filter(county__code=filters["county"])
    if filters.get("township"):
        qs = qs.filter(village__parent__code=filters["township"])
    if filters.get("village"):
        qs = qs.filter(village__code=filters["village"])
    if filters.get("helper"):
        qs = qs.filter(helper__uscc=filters["helper"])
    status = filters.get("status")
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if filters.get("q"):
        text = filters["q"].strip()
        # subqueries on the two small tables, so that each side uses its own index
        if text.isascii() and text.isalpha():
            low = text.lower()
            helpers = Helper.objects.filter(initials__startswith=low)
            villages = Division.objects.filter(level="village", initials__startswith=low)
        else:
            helpers = Helper.objects.filter(name__contains=text)
            villages = Division.objects.filter(level="village", name__contains=text)
        qs = qs.filter(
            Q(helper_id__in=helpers.values("id")) | Q(village_id__in=villages.values("id"))
        )
    return qs.order_by(*SORTS.get(filters.get("sort") or "village", SORTS["village"]))


def pairing_get_for_user(*, user, number: str) -> Pairing:
    from bangfu.registry.selectors import _denied

    obj = (
        Pairing.objects.select_related(
            "helper", "village", "village__parent", "county", "programme", "predecessor"
        )
        .filter(number=number)
        .first()
    )
    if obj is None or not Pairing.objects.for_user(user).filter(pk=obj.pk).exists():
        if obj is not None:
            _denied("pairing.pairing", number)
        raise Http404("No such pairing")
    return obj


def plan_items(*, pairing: Pairing):
    return pairing.plan_items.prefetch_related("progress", "progress__files").order_by(
        "due_date", "id"
    )


def plan_state_counts(qs, today: dt.date | None = None) -> dict[str, int]:
    """Plan items of `qs` (a PlanItem queryset) by state, computed in SQL."""
    today = today or timezone.localdate()
    return qs.aggregate(**{s: Count("id", filter=item_state_q(s, today)) for s in ItemState.values})


def village_pairings(*, user, village: Division):
    """A village's pairings for its page: slot holders first, then open, then closed."""
    return (
        Pairing.objects.for_user(user)
        .filter(village=village)
        .select_related("helper", "agreement")
        .order_by("slot", "-start_date", "id")
    )


def helper_pairings(*, user, helper: Helper):
    return (
        Pairing.objects.for_user(user)
        .filter(helper=helper)
        .select_related("village", "village__parent", "county", "agreement")
        .order_by("county__code", "village__code", "-id")
    )


def visits_for_user(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = SiteVisit.objects.for_user(user).select_related("helper", "village", "pairing")
    if filters.get("village"):
        qs = qs.filter(village__code=filters["village"])
    if filters.get("helper"):
        qs = qs.filter(helper__uscc=filters["helper"])
    if filters.get("county"):
        qs = qs.filter(county__code=filters["county"])
    return qs.prefetch_related("files")


def relays_for_user(*, user, state: str | None = None):
    qs = Relay.objects.for_user(user).select_related(
        "pairing",
        "pairing__helper",
        "pairing__village",
        "pairing__county",
        "successor",
        "successor__helper",
    )
    if state == "open":
        qs = qs.filter(state__in=[Relay.State.OPEN, Relay.State.HANDING_OVER])
    elif state:
        qs = qs.filter(state=state)
    return qs


def relay_get_for_user(*, user, pk: int) -> Relay:
    from bangfu.registry.selectors import _denied

    obj = relays_for_user(user=user).filter(pk=pk).first()
    if obj is None:
        if Relay.objects.filter(pk=pk).exists():
            _denied("pairing.relay", str(pk))
        raise Http404("No such relay")
    return obj


# --------------------------------------------------------------------------- coverage


def poor_village_profiles(*, user):
    """Registered poor villages that have not exited, in `user`'s scope."""
    return VillageProfile.objects.for_user(user).filter(
        is_registered_poor=True, exited_on__isnull=True
    )


def _active_exists():
    return Exists(Pairing.objects.filter(village_id=OuterRef("village_id"), status=Status.ACTIVE))


def uncovered_villages(*, user, county: str | None = None, township: str | None = None):
    """The coverage board: poor villages with no active pairing, with the date they were last
    covered (the latest end of a pairing that had been active) or None if never."""
    qs = (
        poor_village_profiles(user=user)
        .annotate(covered=_active_exists())
        .filter(covered=False)
        .annotate(
            last_covered=Max(
                "village__pairings__ended_on",
                filter=Q(village__pairings__activated_on__isnull=False),
            ),
            open_pairings=Count(
                "village__pairings", filter=Q(village__pairings__status__in=OPEN_STATUSES)
            ),
        )
        .select_related("village", "village__parent", "county")
    )
    if county:
        qs = qs.filter(county__code=county)
    if township:
        qs = qs.filter(village__parent__code=township)
    return qs.order_by("county__code", "village__code")


@dataclass
class CountyCoverage:
    county: Division
    poor: int
    covered: int
    active_pairings: int
    uncovered: int
    full: int

    @property
    def percent(self) -> float:
        return round(self.covered * 100 / self.poor, 1) if self.poor else 0.0

    @property
    def helpers_per_village(self) -> float:
        return round(self.active_pairings / self.covered, 2) if self.covered else 0.0


def coverage_by_county(*, user) -> list[CountyCoverage]:
    """Per county: poor villages, covered, active pairings on them, uncovered, full (5)."""
    profiles = poor_village_profiles(user=user)
    active_per_village = dict(
        Pairing.objects.filter(status=Status.ACTIVE, village_id__in=profiles.values("village_id"))
        .values("village_id")
        .annotate(n=Count("id"))
        .values_list("village_id", "n")
    )
    holding = dict(
        Pairing.objects.filter(
            status__in=SLOT_STATUSES, village_id__in=profiles.values("village_id")
        )
        .values("village_id")
        .annotate(n=Count("id"))
        .values_list("village_id", "n")
    )
    rows: dict[int, CountyCoverage] = {}
    counties = {d.pk: d for d in Division.objects.filter(level="county").order_by("code")}
    for county_id, village_id in profiles.values_list("county_id", "village_id"):
        row = rows.setdefault(county_id, CountyCoverage(counties[county_id], 0, 0, 0, 0, 0))
        row.poor += 1
        n = active_per_village.get(village_id, 0)
        if n:
            row.covered += 1
            row.active_pairings += n
        else:
            row.uncovered += 1
        if holding.get(village_id, 0) >= 5:
            row.full += 1
    return [rows[c] for c in sorted(rows, key=lambda c: counties[c].code)]


def coverage_totals(rows: list[CountyCoverage]) -> CountyCoverage:
    total = CountyCoverage(None, 0, 0, 0, 0, 0)  # type: ignore[arg-type]
    for r in rows:
        total.poor += r.poor
        total.covered += r.covered
        total.active_pairings += r.active_pairings
        total.uncovered += r.uncovered
        total.full += r.full
    return total


def coverage_history(*, village: Division):
    """The village's covered intervals, from the pairings that were ever active."""
    return (
        Pairing.objects.filter(village=village, activated_on__isnull=False)
        .select_related("helper", "predecessor")
        .order_by("activated_on", "id")
    )


def coverage_gaps(
    *, village: Division, today: dt.date | None = None
) -> list[tuple[dt.date, dt.date]]:
    """Periods since the first activation during which the village had no active pairing."""
    today = today or timezone.localdate()
    intervals = sorted(
        (p.activated_on, p.ended_on or today) for p in coverage_history(village=village)
    )
    gaps: list[tuple[dt.date, dt.date]] = []
    if not intervals:
        return gaps
    covered_until = intervals[0][1]
    for start, end in intervals[1:]:
        if start > covered_until:
            gaps.append((covered_until, start))
        covered_until = max(covered_until, end)
    return gaps


# --------------------------------------------------------------------------- relay candidates

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


def with_plan_summary(pairings, today: dt.date | None = None) -> list[Pairing]:
    """The pairings as a list, each with `plan_summary`: its plan items counted by state."""
    today = today or timezone.localdate()
    pairings = list(pairings)
    by_id = {p.pk: p for p in pairings}
    counts: dict[int, dict[str, int]] = {}
    for state in ItemState.values:
        for pairing_id, n in (
            PlanItem.objects.filter(item_state_q(state, today), pairing_id__in=by_id)
            .values("pairing_id")
            .annotate(n=Count("id"))
            .values_list("pairing_id", "n")
        ):
            counts.setdefault(pairing_id, {})[state] = n
    for p in pairings:
        mine = counts.get(p.pk, {})
        p.plan_summary = [
            {"state": s, "label": ItemState(s).label, "n": mine.get(s, 0)}
            for s in ItemState.values
            if mine.get(s)
        ]
    return pairings


def village_slots(*, village: Division) -> dict:
    """Slots used and free for a village's page (free: under the programme's limit)."""
    from bangfu.places.models import Programme

    programme = Programme.objects.filter(is_current=True).first()
    limit = programme.max_helpers_per_village if programme else 5
    used = Pairing.objects.filter(village=village, status__in=SLOT_STATUSES).count()
    return {"used": used, "limit": limit, "free": max(0, limit - used)}
