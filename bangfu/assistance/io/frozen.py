"""Attachment 7 of an accepted half-year read from the figures frozen at acceptance."""

from __future__ import annotations

from django.db.models import Count

from bangfu.core.periods import Period

from .. import indicators
from ..models import PeriodFigures
from .scope import Scope


def _figures(stored: dict) -> dict:
    return indicators.normalise(stored)


def _add(rows) -> dict:
    out = indicators.zeros()
    for row in rows:
        for code, value in row.items():
            out[code] += value
    return out


def frozen_blocks(scope: Scope, period: Period, user=None) -> list[tuple[dict, dict]] | None:
    """[(figures per unit, total)] for 本期 and 累计 from `PeriodFigures`, or None when a
    county of the scope has no frozen figures for `period` (not accepted, or re-opened, or
    changed since) or the scope is a helper's: then the caller computes from the records.

    Programme: the counties' rows; the total adds them up (a village, a household, a record
    is in one county) except the helpers, counted once over the records (one COUNT DISTINCT
    per block). County: its townships' rows and its own. Township: its villages' rows and
    its own."""
    if scope.helper is not None:
        return None
    snaps = PeriodFigures.objects.filter(period=period.code)
    if scope.level == "programme":
        from bangfu.places.models import Division

        divisions = Division.objects.all() if user is None else Division.objects.for_user(user)
        counties = set(divisions.filter(level="county").values_list("pk", flat=True))
        rows = snaps.filter(level="county", unit_id__in=counties)
    elif scope.level == "county":
        rows = snaps.filter(county=scope.county).filter(level__in=("county", "township"))
    else:
        rows = snaps.filter(county_id=scope.township.county_id).filter(
            level__in=("county", "township", "village")
        )
    found: dict[bool, dict] = {False: {}, True: {}}
    heads: dict[bool, dict | None] = {False: None, True: None}
    for level, unit_id, parent_id, cumulative, stored in rows.values_list(
        "level", "unit_id", "unit__parent_id", "cumulative", "figures"
    ):
        if scope.level == "programme":
            found[cumulative][unit_id] = _figures(stored)
        elif scope.level == "county":
            if level == "county":
                heads[cumulative] = _figures(stored)
            else:
                found[cumulative][unit_id] = _figures(stored)
        elif level == "county":
            heads[cumulative] = heads[cumulative] or indicators.zeros()  # the county is frozen
        elif level == "township" and unit_id == scope.township.pk:
            heads[cumulative] = _figures(stored)
        elif level == "village" and parent_id == scope.township.pk:
            found[cumulative][unit_id] = _figures(stored)
    blocks = []
    for cumulative, start in ((False, period.start), (True, None)):
        by_unit = found[cumulative]
        if scope.level == "programme":
            if set(by_unit) != counties:
                return None
            total = _add(by_unit.values())
            records = indicators.counted_records(user=user, start=start, end=period.end)
            total["helpers"] = records.order_by().aggregate(n=Count("helper_id", distinct=True))[
                "n"
            ]
        else:
            if heads[cumulative] is None:
                return None
            total = heads[cumulative]
        blocks.append((by_unit, total))
    return blocks
