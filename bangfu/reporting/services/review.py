"""The city office's review: send a filing back, accept it (locking its half-years), re-open it."""

from __future__ import annotations

import datetime as dt
import functools

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts import audit, checkpoints
from bangfu.accounts.guards import require
from bangfu.accounts.roles import can
from bangfu.accounts.selectors import offices_for
from bangfu.core.notifications import notify

from ..models import State, Submission
from ..rules import locked_periods, may_review


def _check_submitted(submission: Submission) -> None:
    if submission.state != State.SUBMITTED:
        raise ValidationError(
            _("Only a submitted filing can be accepted or sent back; this one is %(state)s.")
            % {"state": submission.get_state_display()},
            code="not_submitted",
        )


@transaction.atomic
def submission_return(*, user, submission: Submission, note: str) -> None:
    """Send a filing back to the county with a note saying what to put right."""
    require(may_review(user), "reporting.review", submission)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _check_submitted(submission)
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what the county must put right.")})
    submission.state = State.RETURNED
    submission.review_note = note.strip()[:5000]
    submission.reviewed_at = timezone.now()
    submission.reviewed_by = user
    submission.save()
    notify(
        users=offices_for(county_id=submission.county_id, roles=("county",)),
        kind="reporting.returned",
        title=_("The city office sent back %(report)s for %(period)s")
        % {"report": submission.report.get_code_display(), "period": submission.period},
        body=submission.review_note,
        url=reverse("reporting:submission", args=[submission.pk]),
        email=True,
    )


@transaction.atomic
def submission_accept(
    *, user, submission: Submission, note: str = "", at: dt.datetime | None = None
) -> None:
    """Accept a filing: it is final, and the county's half-year(s) are locked for changes."""
    from bangfu.assistance.services.locks import period_lock

    require(may_review(user), "reporting.review", submission)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _check_submitted(submission)
    submission.state = State.ACCEPTED
    submission.review_note = (note or "").strip()[:5000]
    submission.reviewed_at = at or timezone.now()
    submission.reviewed_by = user
    submission.save()
    for period in locked_periods(submission):
        period_lock(
            user=user,
            county=submission.county,
            period=period,
            reason=f"{submission.report.get_code_display()} {submission.period}",
        )
    # an accepted filing is final: anchor the audit trail's head outside the database
    transaction.on_commit(
        functools.partial(checkpoints.on_filing_accepted, f"accepted {submission}")
    )
    notify(
        users=offices_for(county_id=submission.county_id, roles=("county",)),
        kind="reporting.accepted",
        title=_("The city office accepted %(report)s for %(period)s")
        % {"report": submission.report.get_code_display(), "period": submission.period},
        url=reverse("reporting:submission", args=[submission.pk]),
    )


@transaction.atomic
def submission_reopen(*, user, submission: Submission, reason: str) -> None:
    """The city office re-opens an accepted filing (and its locked half-years), with a
    reason kept in the audit trail; the county may then correct and file again."""
    from bangfu.assistance.services.locks import period_unlock

    require(may_review(user) and can(user, "period.lock"), "reporting.reopen", submission)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.state != State.ACCEPTED:
        raise ValidationError(_("Only an accepted filing can be re-opened."), code="not_accepted")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for re-opening.")})
    for period in locked_periods(submission):
        period_unlock(user=user, county=submission.county, period=period, reason=reason)
    submission.state = State.RETURNED
    submission.review_note = reason.strip()[:5000]
    submission.reviewed_at = timezone.now()
    submission.reviewed_by = user
    submission.save()
    audit.record(event="reopen", obj=submission, detail=reason.strip()[:500])
    notify(
        users=offices_for(county_id=submission.county_id, roles=("county",)),
        kind="reporting.reopened",
        title=_("The city office re-opened %(report)s for %(period)s")
        % {"report": submission.report.get_code_display(), "period": submission.period},
        body=reason.strip(),
        url=reverse("reporting:submission", args=[submission.pk]),
        email=True,
    )
