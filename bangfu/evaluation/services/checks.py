"""Business actions on the three checks: save or submit a score sheet, reopen a submitted one.

One business action each, keyword-only, `user=` first, checking the capability and the row
(permissions.py), in one audited transaction. Reads are in selectors.py.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts import audit
from bangfu.accounts.guards import require
from bangfu.evaluation.models import Evaluation, Score, ScoreSheet, SheetKind
from bangfu.evaluation.permissions import may_manage, may_score
from bangfu.evaluation.scoring import ONE_DECIMAL
from bangfu.evaluation.selectors import checker_of
from bangfu.visits.services import actor


def _parse_score(raw) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValueError from None
    if not value.is_finite():
        raise ValueError
    return value


def _check_scores(items, scores: dict, submit: bool) -> dict[int, tuple[Decimal | None, str]]:
    """Every score a number 0 ≤ score ≤ the item's points with one decimal place; with
    `submit`, every item scored. Errors keyed `score_<item id>`."""
    errors, clean = {}, {}
    known = {i.pk for i in items}
    for item_id in scores:
        if int(item_id) not in known:
            raise ValidationError(_("An item of another checklist was scored."))
    for item in items:
        raw, note = scores.get(item.pk, (None, ""))
        key = f"score_{item.pk}"
        try:
            value = _parse_score(raw)
        except ValueError:
            errors[key] = _("%(item)s: enter a number.") % {"item": item.title}
            continue
        if value is None:
            if submit:
                errors[key] = _("%(item)s: score every item before submitting.") % {
                    "item": item.title
                }
            clean[item.pk] = (None, (note or "").strip())
            continue
        if value < 0:
            errors[key] = _("%(item)s: a score cannot be below 0.") % {"item": item.title}
        elif value > item.points:
            errors[key] = _("%(item)s: at most %(points)d points, not %(score)s.") % {
                "item": item.title,
                "points": item.points,
                "score": value,
            }
        elif value != value.quantize(ONE_DECIMAL):
            errors[key] = _("%(item)s: one decimal place at most.") % {"item": item.title}
        clean[item.pk] = (value, (note or "").strip())
    if errors:
        raise ValidationError(errors, code="bad_score")
    return clean


def sheet_save(
    *,
    user,
    evaluation: Evaluation,
    kind: str,
    scores: dict,
    note: str = "",
    submit: bool = False,
) -> ScoreSheet:
    """Save `kind`'s scores of an evaluation ({item id: (score, note)}); with `submit`, every
    item must be scored and the sheet becomes read-only. A bad score refuses the whole save."""
    if kind not in SheetKind.values:
        raise ValidationError(_("Unknown check."))
    require(may_score(user, evaluation, kind), f"evaluation.score {kind}", evaluation)
    if evaluation.is_final:
        raise ValidationError(_("The evaluation is final: its scores no longer change."))
    items = list(evaluation.checklist.items.all())
    clean = _check_scores(items, scores, submit)
    with transaction.atomic():
        sheet = ScoreSheet.objects.select_for_update().filter(
            evaluation=evaluation, kind=kind
        ).first() or ScoreSheet(evaluation=evaluation, kind=kind)
        if sheet.state == ScoreSheet.State.SUBMITTED:
            raise ValidationError(_("This check has been submitted: it no longer changes."))
        if kind == SheetKind.CROSS:
            assignment = checker_of(evaluation)
            sheet.checker_county = assignment.checker if assignment else None
        sheet.note = (note or "").strip()
        sheet.scored_by = actor(user)
        sheet.save()
        existing = {s.item_id: s for s in sheet.scores.all()}
        for item in items:
            value, item_note = clean[item.pk]
            row = existing.get(item.pk)
            if value is None:
                if row is not None:
                    row.delete()
                continue
            if row is None:
                Score.objects.create(sheet=sheet, item=item, score=value, note=item_note)
            elif row.score != value or row.note != item_note:
                row.score, row.note = value, item_note
                row.save(update_fields=["score", "note"])
        if submit:
            sheet.state = ScoreSheet.State.SUBMITTED
            sheet.total = sum((v for v, _n in clean.values()), Decimal(0))
            sheet.submitted_at = timezone.now()
            sheet.save(update_fields=["state", "total", "submitted_at"])
    return sheet


def sheet_reopen(*, user, sheet: ScoreSheet, reason: str) -> ScoreSheet:
    """The city office sends a submitted check back for correction, before the year is final."""
    require(may_manage(user), "evaluation.manage", sheet)
    if sheet.evaluation.is_final:
        raise ValidationError(_("The evaluation is final: its scores no longer change."))
    if sheet.state != ScoreSheet.State.SUBMITTED:
        raise ValidationError(_("This check has not been submitted."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for reopening.")})
    with transaction.atomic():
        sheet.state = ScoreSheet.State.DRAFT
        sheet.total = None
        sheet.submitted_at = None
        sheet.save(update_fields=["state", "total", "submitted_at"])
        audit.record(event="reopen", obj=sheet, detail=reason.strip()[:200])
    return sheet
