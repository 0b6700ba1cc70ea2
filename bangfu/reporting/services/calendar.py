"""The city office's calendar actions: a report's due rule, the years the calendar runs."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bangfu.accounts.guards import require

from .. import calendar
from ..models import Frequency, ReportType, Submission
from ..rules import may_review


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
