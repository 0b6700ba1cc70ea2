"""The rules of the outcome: the final score of two checks, the grade bands, competition ranks.

The final score (decided here, docs/DECISIONS.md): the mean of the spot check and the
cross-check (50 % each), one decimal place; the self-check is shown beside it and does not
count. Counties are ranked by it (equal scores share a rank, 1, 2, 2, 4), and graded by its
share of the checklist's points: excellent ≥ 90 %, good ≥ 80 %, pass ≥ 60 %, fail below.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from bangfu.evaluation.models import Grade

ONE_DECIMAL = Decimal("0.1")

GRADE_BANDS = [(Decimal(90), Grade.EXCELLENT), (Decimal(80), Grade.GOOD), (Decimal(60), Grade.PASS)]


def final_of(spot: Decimal | None, cross: Decimal | None) -> Decimal | None:
    """Spot check 50 % + cross-check 50 %, one decimal place; None until both are in."""
    if spot is None or cross is None:
        return None
    return ((spot + cross) / 2).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def grade_of(final: Decimal | None, total_points: int) -> str:
    if final is None or not total_points:
        return ""
    share = final * 100 / total_points
    for floor, grade in GRADE_BANDS:
        if share >= floor:
            return grade
    return Grade.FAIL


def ranks(values: list[Decimal | None]) -> list[int | None]:
    """Competition ranks, highest first (1, 2, 2, 4); None for a missing value."""
    present = sorted((v for v in values if v is not None), reverse=True)
    return [None if v is None else present.index(v) + 1 for v in values]
