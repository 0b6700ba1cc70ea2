"""Coverage (覆盖): poor villages with an active pairing, by county; the uncovered; the gaps.

Coverage is one definition used by the board, the dashboard, the API and the tests: a *poor
village* is a registered poor village that has not exited; it is *covered* when it has at
least one ACTIVE pairing (a suspended helper keeps its slot but is not helping).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from bangfu.places.models import Division
from bangfu.registry.models import VillageProfile

from ..models import OPEN_STATUSES, SLOT_STATUSES, Pairing, Status


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
