"""Freezing attachment 7's figures of a county's half-year when its filing is accepted."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from bangfu.core.periods import parse_period

from .. import indicators
from ..models import PeriodFigures


def as_json(figures: dict) -> dict:
    """Figures as stored: money as a string (to the fen), counts as integers."""
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in figures.items()}


@transaction.atomic
def period_figures_freeze(*, county, period: str) -> int:
    """Write the county's figures for `period` (本期) and cumulatively to its end (累计): the
    county, each township and each village with confirmed records (the others are zero).
    Replaces what was frozen before; returns the rows written. Called when the period is
    locked (`locks.period_lock`, on acceptance)."""
    p = parse_period(period)
    PeriodFigures.objects.filter(county=county, period=p.code).delete()
    rows = []
    for cumulative in (False, True):
        records = indicators.counted_records(
            start=None if cumulative else p.start, end=p.end, county=county.code
        )
        for level in ("township", "village"):
            by_unit, total = indicators.figures_and_total(records, level)
            rows += [
                PeriodFigures(
                    county=county,
                    period=p.code,
                    level=level,
                    unit_id=unit_id,
                    cumulative=cumulative,
                    figures=as_json(figures),
                )
                for unit_id, figures in by_unit.items()
                if unit_id is not None
            ]
        rows.append(
            PeriodFigures(
                county=county,
                period=p.code,
                level="county",
                unit=county,
                cumulative=cumulative,
                figures=as_json(total),
            )
        )
    PeriodFigures.objects.bulk_create(rows)
    return len(rows)


def period_figures_drop(*, county, period: str) -> None:
    """Forget the county's frozen figures from `period` on (the period was re-opened)."""
    PeriodFigures.objects.filter(county=county, period__gte=parse_period(period).code).delete()
