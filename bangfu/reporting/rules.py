"""Who may file and review the reporting forms, and which half-years accepting a filing locks."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from bangfu.accounts.guards import require
from bangfu.accounts.roles import Role, can

from .models import Frequency, Submission


def may_submit(user, submission: Submission) -> bool:
    return (
        can(user, "reporting.submit")
        and user.role == Role.COUNTY
        and user.county_id == submission.county_id
    )


def may_review(user) -> bool:
    return can(user, "reporting.review")


def require_own_county(user, submission: Submission) -> None:
    """A county office filing another county's form is told so (400); other roles get 403."""
    if not may_submit(user, submission):
        if can(user, "reporting.submit"):
            raise ValidationError(
                _("You file for %(own)s only; this filing is %(county)s's.")
                % {"own": user.county.name if user.county_id else "—", "county": submission.county}
            )
        require(False, "reporting.submit", submission)


def locked_periods(submission: Submission) -> list[str]:
    """The half-years of assistance records that accepting `submission` closes."""
    if submission.report.frequency == Frequency.ONCE:
        return []
    if "H" in submission.period:
        return [submission.period]
    return [f"{submission.period}H1", f"{submission.period}H2"]
