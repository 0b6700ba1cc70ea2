"""Who may read, manage and score the annual evaluation.

- `evaluation.manage` (the city office): the checklist, the rotation and its adjustments,
  inspectors' assignments, the spot check, finalising the year, notices.
- `evaluation.score`: a county office scores its own county's self-check, and the
  cross-check of the county the rotation assigns to it; an inspector scores the cross-check
  of the counties assigned to them that year — and nothing else.
"""

from __future__ import annotations

from bangfu.accounts.roles import Role, can
from bangfu.evaluation.models import Evaluation, SheetKind
from bangfu.evaluation.selectors import checker_of, inspector_county_ids


def may_manage(user) -> bool:
    return can(user, "evaluation.manage")


def may_read(user) -> bool:
    return can(user, "business.read") and getattr(user, "role", None) != Role.HELPER


def may_score(user, evaluation: Evaluation, kind: str) -> bool:
    """Self-check: the county's own office. Spot check: the city office. Cross-check: the
    office of the county the rotation assigns, or an inspector assigned to the county."""
    if kind == SheetKind.SPOT:
        return may_manage(user)
    if not can(user, "evaluation.score"):
        return False
    if kind == SheetKind.SELF:
        return user.role == Role.COUNTY and user.county_id == evaluation.county_id
    if kind == SheetKind.CROSS:
        if user.role == Role.INSPECTOR:
            return evaluation.county_id in inspector_county_ids(
                user, programme=evaluation.checklist.programme, year=evaluation.checklist.year
            )
        if user.role == Role.COUNTY:
            assignment = checker_of(evaluation)
            return assignment is not None and assignment.checker_id == user.county_id
    return False
