"""Reporting actions: set the calendar, review and submit a filing, send it back, accept it.

One function per action; each checks who may do it, runs in one transaction and is audited
(the models are `BusinessModel`s; a filing is written once and never changed). Accepting a
half-yearly or yearly filing locks the county's half-year(s) of assistance records
(`assistance.services.locks.period_lock`); the city office re-opens with a reason.
"""

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
from bangfu.accounts.roles import Role, can
from bangfu.accounts.selectors import offices_for
from bangfu.core.notifications import notify
from bangfu.core.uploads import store_generated

from . import calendar, checks, content
from .checks import BLOCKER
from .models import Filing, Frequency, Report, ReportType, State, Submission
from .summary import SECTIONS


def may_submit(user, submission: Submission) -> bool:
    return (
        can(user, "reporting.submit")
        and user.role == Role.COUNTY
        and user.county_id == submission.county_id
    )


def may_review(user) -> bool:
    return can(user, "reporting.review")


def _check_own_county(user, submission: Submission) -> None:
    if not may_submit(user, submission):
        if can(user, "reporting.submit"):
            raise ValidationError(
                _("You file for %(own)s only; this filing is %(county)s's.")
                % {"own": user.county.name if user.county_id else "—", "county": submission.county}
            )
        require(False, "reporting.submit", submission)


# --------------------------------------------------------------------------- the calendar


@transaction.atomic
def report_type_save(
    *,
    user,
    report: ReportType,
    frequency: str,
    due_on: dt.date | None = None,
    due_days: str = "",
    remind_days_before: int = 7,
    active: bool = True,
) -> dict[str, int]:
    """The city office changes a report's due rule; the expected submissions follow."""
    require(may_review(user), "reporting.calendar", report)
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": _("Choose a due rule.")})
    due_days = ",".join(p.strip() for p in (due_days or "").split(",") if p.strip())
    calendar.check_rule(frequency, due_on, due_days)
    if not 0 <= int(remind_days_before) <= 60:
        raise ValidationError(
            {"remind_days_before": _("Remind between 0 and 60 days before the due date.")}
        )
    if frequency == Frequency.ONCE:
        programme = report.programme
        if not programme.start_year <= due_on.year <= programme.end_year:
            raise ValidationError(
                {
                    "due_on": _("The due date must fall within the programme's years %(a)d–%(b)d.")
                    % {"a": programme.start_year, "b": programme.end_year}
                }
            )
    report.frequency = frequency
    report.due_on = due_on if frequency == Frequency.ONCE else None
    report.due_days = "" if frequency == Frequency.ONCE else due_days
    report.remind_days_before = int(remind_days_before)
    report.active = bool(active)
    report.save()
    return calendar.generate_submissions(report.programme)


@transaction.atomic
def programme_years_save(*, user, programme, end_year: int) -> dict[str, int]:
    """The city office sets the last year the calendar runs through (the programme's last
    year: the plan's 2017–2020, extended when the work goes on). Years with filings stay."""
    require(may_review(user), "reporting.calendar", programme)
    if not programme.start_year <= end_year <= programme.start_year + 30:
        raise ValidationError(
            {
                "end_year": _("The last year must be between %(a)d and %(b)d.")
                % {"a": programme.start_year, "b": programme.start_year + 30}
            }
        )
    filed = Submission.objects.filter(
        report__programme=programme, first_submitted_at__isnull=False, due_date__year__gt=end_year
    )
    if filed.exists():
        raise ValidationError(
            {
                "end_year": _(
                    "Counties have filed forms due after %(year)d; the calendar cannot end "
                    "before them."
                )
                % {"year": end_year}
            }
        )
    programme.end_year = end_year
    programme.save()
    return calendar.generate_submissions(programme)


# --------------------------------------------------------------------------- the county


@transaction.atomic
def submission_save(*, user, submission: Submission, remarks: str = "", sections=None) -> None:
    """The county office keeps its remarks (and the summary's own sections) before filing."""
    _check_own_county(user, submission)
    _check_editable(submission)
    submission.remarks = (remarks or "").strip()[:5000]
    if submission.report.code == Report.SUMMARY and sections is not None:
        submission.sections = {
            key: (sections.get(key) or "").strip()[:20000] for key, _label in SECTIONS
        }
    submission.save()


def _check_editable(submission: Submission) -> None:
    if submission.state == State.ACCEPTED:
        raise ValidationError(
            _(
                "%(county)s's %(report)s for %(period)s has been accepted; it cannot be "
                "submitted again unless the city office re-opens it."
            )
            % {
                "county": submission.county.name,
                "report": submission.report.get_code_display(),
                "period": submission.period,
            },
            code="accepted",
        )
    if submission.state == State.SUBMITTED:
        raise ValidationError(
            _("This filing has been submitted and waits for the city office."), code="submitted"
        )


def submission_submit(
    *,
    user,
    submission: Submission,
    remarks: str | None = None,
    acknowledged: bool = False,
    at: dt.datetime | None = None,
) -> Filing:
    """File the form as the data stands: run the checks (blockers stop it; warnings must be
    acknowledged), make the form, keep it as filed, tell the city office."""
    _check_own_county(user, submission)
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        _check_editable(submission)
        if remarks is not None:
            submission.remarks = remarks.strip()[:5000]
        findings = checks.run_checks(submission)
        blockers = [f for f in findings if f.level == BLOCKER]
        if blockers:
            raise ValidationError([f.message for f in blockers], code="blocked")
        warnings = [f for f in findings if f.level != BLOCKER]
        if warnings and not acknowledged:
            raise ValidationError(
                _("Read the warnings and confirm that the filing may go with them."),
                code="unacknowledged",
            )
        filing = _file(submission, user, findings=warnings, at=at)
        notify(
            users=offices_for(county_id=None, roles=("city",)),
            kind="reporting.submitted",
            title=_("%(county)s filed %(report)s for %(period)s")
            % {
                "county": submission.county.name,
                "report": submission.report.get_code_display(),
                "period": submission.period,
            },
            url=reverse("reporting:submission", args=[submission.pk]),
        )
        return filing


def _file(submission: Submission, user, *, findings, at: dt.datetime | None = None) -> Filing:
    """Write the filing (also used by the demo data, which files on historical dates)."""
    try:
        form = content.build(submission)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    at = at or timezone.now()
    stored = store_generated(form.data, name=form.name, content_type=form.content_type, user=user)
    number = submission.filings.count() + 1
    filing = Filing.objects.create(
        submission=submission,
        number=number,
        submitted_at=at,
        submitted_by=user,
        remarks=submission.remarks,
        content=form.content,
        checks=[f.as_dict() for f in findings],
        file=stored,
        sha256=stored.sha256,
    )
    submission.state = State.SUBMITTED
    submission.submitted_at = at
    submission.submitted_by = user
    if submission.first_submitted_at is None:
        submission.first_submitted_at = at
    submission.save()
    audit.record(
        event="submit",
        obj=submission,
        detail=f"filing {number} of {submission}: {stored.sha256[:16]}",
    )
    return filing


# --------------------------------------------------------------------------- the city office


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


def locked_periods(submission: Submission) -> list[str]:
    """The half-years of assistance records that accepting `submission` closes."""
    if submission.report.frequency == Frequency.ONCE:
        return []
    if "H" in submission.period:
        return [submission.period]
    return [f"{submission.period}H1", f"{submission.period}H2"]


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
