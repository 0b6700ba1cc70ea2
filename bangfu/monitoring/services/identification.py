"""The five identification steps of a case, in order, each dated and signed."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bangfu.monitoring.models import STEP_ORDER, CaseState, MonitoringCase, MonitoringStep, Step
from bangfu.monitoring.rules import MIN_NOTICE_DAYS, notice_days, step_due

from .common import locked, not_future, require_manager, required_text, set_household_status


def _previous_date(case: MonitoringCase, steps: dict[str, MonitoringStep], step: str) -> dt.date:
    index = STEP_ORDER.index(step)
    if index == 0:
        return case.opened_on
    return steps[STEP_ORDER[index - 1]].done_on


@transaction.atomic
def monitoring_step_record(
    *,
    user,
    case: MonitoringCase,
    step: str,
    done_on: dt.date,
    signed_name: str,
    notes: str = "",
    passed: bool = True,
    notice_start: dt.date | None = None,
    notice_end: dt.date | None = None,
) -> MonitoringStep:
    """Record the next identification step. Steps follow in order, none skipped, each dated
    on or after the one before (the township review after the public notice has ended);
    the notice runs at least 5 days. A step that does not confirm the risk closes the case
    as not included; the county approval identifies it."""
    require_manager(user, case.county_id, "monitoring.step", case)
    case = locked(case)
    if case.state != CaseState.IDENTIFYING:
        raise ValidationError(
            _("This case is %(state)s: no identification step can be added.")
            % {"state": case.get_state_display()},
            code="not_identifying",
        )
    if step not in STEP_ORDER:
        raise ValidationError({"step": _("Choose an identification step.")})
    steps = {s.step: s for s in case.steps.all()}
    if step in steps:
        raise ValidationError(
            {"step": _("The %(step)s has already been recorded.") % {"step": Step(step).label}},
            code="done",
        )
    expected = next(s for s in STEP_ORDER if s not in steps)
    if step != expected:
        if expected == Step.PUBLIC_NOTICE:
            message = _(
                "The village review with its public notice (at least %(days)d days) must come "
                "before the %(step)s: it cannot be skipped."
            ) % {"days": MIN_NOTICE_DAYS, "step": Step(step).label}
        else:
            message = _("Steps follow in order: record the %(expected)s first.") % {
                "expected": Step(expected).label
            }
        raise ValidationError({"step": message}, code="out_of_order")
    signed_name = required_text("signed_name", signed_name, _("Sign with your name."))
    if not passed:
        notes = required_text("notes", notes, _("Say why the risk is not confirmed."))
    not_future("done_on", done_on)
    previous = _previous_date(case, steps, step)
    if done_on < previous:
        raise ValidationError(
            {
                "done_on": _("Dated %(on)s, before the previous step (%(previous)s).")
                % {"on": done_on, "previous": previous}
            },
            code="before_previous",
        )
    notice = steps.get(Step.PUBLIC_NOTICE)
    if notice is not None and step == Step.TOWNSHIP_REVIEW and done_on <= notice.notice_end:
        raise ValidationError(
            {
                "done_on": _("The township reviews after the public notice has ended (%(end)s).")
                % {"end": notice.notice_end}
            },
            code="during_notice",
        )
    if step == Step.PUBLIC_NOTICE:
        _check_notice(done_on, notice_start, notice_end)
    else:
        notice_start = notice_end = None
    record = MonitoringStep(
        case=case,
        step=step,
        done_on=done_on,
        passed=passed,
        notes=(notes or "").strip(),
        notice_start=notice_start,
        notice_end=notice_end,
        signed_name=signed_name,
        recorded_by=user if getattr(user, "pk", None) else None,
    )
    record.save()
    _advance(user, case, record)
    return record


def _check_notice(review_on: dt.date, start: dt.date | None, end: dt.date | None) -> None:
    if start is None or end is None:
        raise ValidationError(
            {"notice_start": _("Give the first and the last day of the public notice.")},
            code="notice_dates",
        )
    if start < review_on:
        raise ValidationError(
            {
                "notice_start": _("The notice is posted after the village review (%(on)s).")
                % {"on": review_on}
            },
            code="notice_before_review",
        )
    days = notice_days(start, end)
    if days < MIN_NOTICE_DAYS:
        raise ValidationError(
            {
                "notice_end": _(
                    "A public notice runs at least %(min)d days; %(start)s to %(end)s is %(days)d."
                )
                % {"min": MIN_NOTICE_DAYS, "start": start, "end": end, "days": max(days, 0)}
            },
            code="notice_too_short",
        )


def _advance(user, case: MonitoringCase, record: MonitoringStep) -> None:
    fields = ["state", "next_step", "next_due"]
    if not record.passed:
        case.state = CaseState.DISMISSED
        case.next_step, case.next_due = "", None
        case.closed_on = record.done_on
        case.closing_note = record.notes
        case.closed_by = user if getattr(user, "pk", None) else None
        fields += ["closed_on", "closing_note", "closed_by"]
    elif record.step == Step.COUNTY_APPROVAL:
        case.state = CaseState.IDENTIFIED
        case.next_step, case.next_due = "", None
        case.identified_on = record.done_on
        fields.append("identified_on")
        set_household_status(case.household, case.group)
    else:
        following = STEP_ORDER[STEP_ORDER.index(record.step) + 1]
        case.next_step = following
        case.next_due = step_due(case, following)
    case.save(update_fields=fields)
