"""Reminders of what a county owes: before the due date, on the day, and once overdue.

`send_reminders(today)` is run daily (`bangfu send_reminders`, from cron or the task runner;
docs/OPERATIONS.md). Each submission gets at most one reminder of each kind, ever: the
`Reminder` row is written in the same transaction as the in-app notifications, under a
unique constraint, and the e-mails leave only after it commits. A day missed (the machine
was off) is caught up with the one reminder that fits the day it runs, not all three.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from bangfu.accounts.selectors import offices_for
from bangfu.core.notifications import emails_for, notify

from .models import Reminder, State, Submission


@dataclass
class Sent:
    reminders: int = 0
    notifications: int = 0
    emails: int = 0


def kind_on(submission: Submission, today: dt.date) -> str | None:
    """The reminder `submission` is owed on `today`, if any."""
    due = submission.due_date
    if today > due:
        return Reminder.Kind.OVERDUE
    if today == due:
        return Reminder.Kind.ON_DAY
    days = submission.report.remind_days_before
    if days and today >= due - dt.timedelta(days=days):
        return Reminder.Kind.BEFORE
    return None


def _text(submission: Submission, kind: str) -> tuple[str, str]:
    what = {
        "report": submission.report.get_code_display(),
        "period": submission.period,
        "county": submission.county.name,
        "due": submission.due_date.isoformat(),
    }
    if kind == Reminder.Kind.OVERDUE:
        title = _("Overdue: %(report)s for %(period)s (%(county)s) was due on %(due)s") % what
    elif kind == Reminder.Kind.ON_DAY:
        title = _("Due today: %(report)s for %(period)s (%(county)s)") % what
    else:
        title = _("Due on %(due)s: %(report)s for %(period)s (%(county)s)") % what
    body = _("Open the filing in bangfu, review the form the system made and submit it.")
    return title, body


def send_reminders(*, today: dt.date | None = None, language: str = "zh-hans") -> Sent:
    today = today or timezone.localdate()
    sent = Sent()
    owed = (
        Submission.objects.filter(state__in=(State.OPEN, State.RETURNED), report__active=True)
        .filter(due_date__lte=today + dt.timedelta(days=60))
        .select_related("report", "county")
        .order_by("due_date", "county__code")
    )
    for submission in owed:
        kind = kind_on(submission, today)
        if kind is None:
            continue
        if Reminder.objects.filter(submission=submission, kind=kind).exists():
            continue
        recipients = list(offices_for(county_id=submission.county_id, roles=("county",)))
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    submission=submission,
                    kind=kind,
                    sent_at=timezone.now(),
                    recipients=len(recipients),
                    emails=len(emails_for(recipients)),
                )
                with override(language):
                    title, body = _text(submission, kind)
                notify(
                    users=recipients,
                    kind=f"reporting.reminder.{kind}",
                    title=title,
                    body=body,
                    url=reverse("reporting:submission", args=[submission.pk]),
                    email=True,
                )
        except IntegrityError:  # another run got there first
            continue
        sent.reminders += 1
        sent.notifications += reminder.recipients
        sent.emails += reminder.emails
    return sent
