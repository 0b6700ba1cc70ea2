"""The county office's actions: keep its remarks, and file the form as the data stands."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts import audit
from bangfu.accounts.selectors import offices_for
from bangfu.core.notifications import notify
from bangfu.core.uploads import store_generated

from .. import checks, content
from ..checks import BLOCKER
from ..models import Filing, Report, State, Submission
from ..rules import require_own_county
from ..summary import SECTIONS


@transaction.atomic
def submission_save(*, user, submission: Submission, remarks: str = "", sections=None) -> None:
    """The county office keeps its remarks (and the summary's own sections) before filing."""
    require_own_county(user, submission)
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
    require_own_county(user, submission)
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
        filing = file_submission(submission, user, findings=warnings, at=at)
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


def file_submission(
    submission: Submission, user, *, findings, at: dt.datetime | None = None
) -> Filing:
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
