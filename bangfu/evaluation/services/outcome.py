"""Business action on the year's outcome: finalise the final scores, ranks and grades.

One business action each, keyword-only, `user=` first, checking the capability and the row
(permissions.py), in one audited transaction. Reads are in selectors.py.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts.guards import require
from bangfu.evaluation.models import Checklist, Evaluation, SheetKind
from bangfu.evaluation.permissions import may_manage
from bangfu.evaluation.scoring import final_of, grade_of, ranks
from bangfu.evaluation.selectors import checklist_points, sheet_totals
from bangfu.visits.services import actor


@transaction.atomic
def evaluation_finalise(*, user, checklist: Checklist) -> list[Evaluation]:
    """Fix the year's final scores, ranks and grades. Refused while a county's spot check or
    cross-check is not submitted (naming the counties)."""
    require(may_manage(user), "evaluation.manage", checklist)
    evaluations = list(
        Evaluation.objects.select_for_update()
        .filter(checklist=checklist)
        .select_related("county")
        .order_by("county__code")
    )
    if not evaluations:
        raise ValidationError(_("No county is evaluated this year."))
    if any(e.is_final for e in evaluations):
        raise ValidationError(_("The evaluation of %(year)d is final.") % {"year": checklist.year})
    totals = sheet_totals([e.pk for e in evaluations])
    missing = [
        e.county.name
        for e in evaluations
        if totals.get((e.pk, SheetKind.SPOT)) is None or totals.get((e.pk, SheetKind.CROSS)) is None
    ]
    if missing:
        raise ValidationError(
            _("The spot check or cross-check is not submitted for: %(counties)s.")
            % {"counties": "、".join(missing)},
            code="not_scored",
        )
    points = checklist_points(checklist)
    finals = [
        final_of(totals[(e.pk, SheetKind.SPOT)], totals[(e.pk, SheetKind.CROSS)])
        for e in evaluations
    ]
    now = timezone.now()
    for evaluation, final, rank in zip(evaluations, finals, ranks(finals), strict=True):
        evaluation.final_score = final
        evaluation.rank = rank
        evaluation.grade = grade_of(final, points)
        evaluation.finalised_at = now
        evaluation.finalised_by = actor(user)
        evaluation.save(
            update_fields=["final_score", "rank", "grade", "finalised_at", "finalised_by"]
        )
    return evaluations
