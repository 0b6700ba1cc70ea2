"""The reporting calendar (报表报送): which forms each county owes, by when, and what it filed.

`ReportType` is one of the plan's attachments 2–8 with its due rule, set per programme by the
city office. `Submission` is one county's filing of one report for one period (“2017” for a
once-only or yearly report, “2017H1” for a half-yearly one); its workflow state is stored
(open, submitted, returned, accepted) and its calendar status (not yet due, due, overdue) is
computed from the due date. Every time a county submits, a `Filing` keeps exactly what was
filed — the table's rows, the checks' findings, the generated file — so that an accepted
filing never changes when the data behind it does.

The roster of each county's leading group (attachment 3) and the demonstration-village
recommendations (attachment 4) are the `groups` app's; this app files them.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import BusinessModel
from bangfu.places.models import scope_q


class Frequency(models.TextChoices):
    ONCE = "once", _("once, on a date")
    HALF_YEARLY = "half_yearly", _("twice a year")
    YEARLY = "yearly", _("once a year")


class Report(models.TextChoices):
    """The seven forms a county files (the plan's attachments 2–8)."""

    FIRST_VILLAGES = "first_villages", _("First paired villages of 2017")
    ROSTER = "roster", _("Leading group roster and liaison persons")
    DEMONSTRATION = "demonstration", _("Demonstration village recommendation")
    PAIRINGS = "pairings", _("Village-enterprise pairing list")
    PROGRESS = "progress", _("Pairing progress table")
    STATISTICS = "statistics", _("Assistance statistics table")
    SUMMARY = "summary", _("Annual work summary")


ATTACHMENT_OF = {
    Report.FIRST_VILLAGES: 2,
    Report.ROSTER: 3,
    Report.DEMONSTRATION: 4,
    Report.PAIRINGS: 5,
    Report.PROGRESS: 6,
    Report.STATISTICS: 7,
    Report.SUMMARY: 8,
}

_MONTH_DAY = re.compile(r"^\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def parse_month_day(text: str) -> tuple[int, int]:
    """“06-20”, “6/20” or “6月20日” → (6, 20); 30 February and the like are refused (29
    February too: a due date must exist every year)."""
    m = _MONTH_DAY.match(text or "")
    if not m:
        raise ValidationError(
            gettext("“%(value)s” is not a day of the year; write the month and day, e.g. 06-20.")
            % {"value": text}
        )
    month, day = int(m.group(1)), int(m.group(2))
    try:
        dt.date(2001, month, day)  # not a leap year: 29 February is refused as well
    except ValueError:
        raise ValidationError(
            gettext("%(month)d/%(day)d does not exist every year.") % {"month": month, "day": day}
        ) from None
    return month, day


class ReportType(BusinessModel):
    programme = models.ForeignKey(
        "places.Programme", verbose_name=_("programme"), on_delete=models.CASCADE
    )
    code = models.CharField(_("report"), max_length=16, choices=Report.choices)
    attachment = models.PositiveSmallIntegerField(_("attachment"))
    frequency = models.CharField(_("due rule"), max_length=12, choices=Frequency.choices)
    # once: the date itself; yearly and half-yearly: the month-days (“06-20,12-21”)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    due_days = models.CharField(_("due days"), max_length=32, blank=True)
    remind_days_before = models.PositiveSmallIntegerField(_("remind days before"), default=7)
    active = models.BooleanField(_("expected"), default=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["programme", "attachment"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="one_report_type_per_code"),
            models.CheckConstraint(
                condition=Q(attachment__gte=2, attachment__lte=8), name="report_attachment_2_8"
            ),
            models.CheckConstraint(
                condition=Q(remind_days_before__lte=60), name="report_remind_at_most_60_days"
            ),
            models.CheckConstraint(
                condition=~Q(frequency="once") | Q(due_on__isnull=False),
                name="report_once_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{gettext('Attachment')} {self.attachment} {self.get_code_display()}"

    @property
    def month_days(self) -> list[tuple[int, int]]:
        return [parse_month_day(part) for part in self.due_days.split(",") if part.strip()]


class State(models.TextChoices):
    OPEN = "open", _("open")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("sent back")
    ACCEPTED = "accepted", _("accepted")


class Status(models.TextChoices):
    """What a reader sees: the state, or for an open one its place in the calendar."""

    NOT_DUE = "not_due", _("not yet due")
    DUE = "due", _("due")
    OVERDUE = "overdue", _("overdue")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("sent back")
    ACCEPTED = "accepted", _("accepted")


class SubmissionQuerySet(models.QuerySet):
    def for_user(self, user):
        """County officers their county's; programme-wide roles all; helpers none."""
        q = scope_q(user, county_field="county", helper_visible=False)
        return self if q is None else self.filter(q)


class Submission(BusinessModel):
    report = models.ForeignKey(
        ReportType, verbose_name=_("report"), on_delete=models.PROTECT, related_name="submissions"
    )
    county = models.ForeignKey(
        "places.Division", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("period"), max_length=6)
    due_date = models.DateField(_("due date"), db_index=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.OPEN, db_index=True
    )
    remarks = models.TextField(_("county's remarks"), blank=True)
    # the county's own sections of the annual summary (attachment 8), by section key
    sections = models.JSONField(_("summary sections"), default=dict, blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    review_note = models.TextField(_("note from the city office"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["due_date", "report__attachment", "county__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "county", "period"], name="one_submission_per_period"
            ),
            models.CheckConstraint(
                condition=Q(state="open") | Q(first_submitted_at__isnull=False),
                name="submission_filed_has_date",
            ),
        ]
        indexes = [models.Index(fields=["county", "state", "due_date"])]

    def __str__(self) -> str:
        return f"{self.county} {self.report} {self.period}"

    def status_on(self, today: dt.date) -> str:
        if self.state != State.OPEN:
            return self.state
        if today > self.due_date:
            return Status.OVERDUE
        if today >= self.due_date - dt.timedelta(days=self.report.remind_days_before):
            return Status.DUE
        return Status.NOT_DUE

    @property
    def on_time(self) -> bool | None:
        """Filed by the due date (its first submission: a send-back does not make it late)."""
        if self.first_submitted_at is None:
            return None
        from django.utils import timezone

        return timezone.localdate(self.first_submitted_at) <= self.due_date


class Filing(models.Model):
    """What the county filed, exactly as filed: one per submit, never changed."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="filings")
    number = models.PositiveSmallIntegerField(_("filing"))
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    remarks = models.TextField(_("county's remarks"), blank=True)
    content = models.JSONField(_("content"))  # the form's rows / the summary's figures
    checks = models.JSONField(_("checks"), default=list)  # warnings accepted at submission
    file = models.ForeignKey(
        "core.StoredFile", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("filing")
        ordering = ["submission", "number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="one_filing_number")
        ]

    def __str__(self) -> str:
        return f"{self.submission} #{self.number}"


class Reminder(models.Model):
    """A reminder sent for a submission: at most one of each kind, ever."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("before the due date")
        ON_DAY = "on_day", _("on the due date")
        OVERDUE = "overdue", _("overdue")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    sent_at = models.DateTimeField()
    recipients = models.PositiveSmallIntegerField(default=0)
    emails = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "kind"], name="one_reminder_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.submission} {self.kind}"
