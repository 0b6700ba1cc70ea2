"""Reminders: before the due date, on the day, overdue; never the same one twice."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from bangfu.core.models import Notification
from bangfu.reporting.models import Reminder, Report, State, Submission
from bangfu.reporting.reminders import kind_on, send_reminders

pytestmark = pytest.mark.django_db

DUE = dt.date(2017, 6, 20)  # the first half-year's tables


@pytest.fixture
def offices(officer_chengde, officer_weichang, city_officer):
    officer_chengde.email = "chengde@example.org"
    officer_chengde.save()
    return officer_chengde, officer_weichang


def test_each_kind_of_reminder_on_its_day(calendar):
    s = Submission.objects.get(
        report__code=Report.STATISTICS, county__code="130821", period="2017H1"
    )
    assert kind_on(s, dt.date(2017, 6, 12)) is None
    assert kind_on(s, dt.date(2017, 6, 13)) == Reminder.Kind.BEFORE
    assert kind_on(s, DUE) == Reminder.Kind.ON_DAY
    assert kind_on(s, dt.date(2017, 6, 21)) == Reminder.Kind.OVERDUE


def test_send_reminders_twice_sends_nothing_the_second_time(
    calendar, offices, mailoutbox, django_capture_on_commit_callbacks
):
    chengde, weichang = offices
    before = dt.date(2017, 6, 15)
    with django_capture_on_commit_callbacks(execute=True):
        first = send_reminders(today=before)
    # progress and statistics tables of 2017H1 for five counties (the four once-only forms of
    # April and May are overdue by then: one overdue reminder each)
    due_soon = Submission.objects.filter(due_date=DUE).count()
    overdue = Submission.objects.filter(due_date__lt=before).count()
    assert first.reminders == due_soon + overdue == 10 + 20
    assert Reminder.objects.filter(kind=Reminder.Kind.BEFORE).count() == 10
    assert Notification.objects.filter(recipient=chengde).count() == 6
    assert Notification.objects.filter(recipient=weichang).count() == 6
    assert len(mailoutbox) == 6
    assert all(m.to == ["chengde@example.org"] for m in mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        second = send_reminders(today=before)
    assert second.reminders == 0
    assert len(mailoutbox) == 6
    assert Notification.objects.filter(recipient=chengde).count() == 6


def test_the_day_and_overdue_reminders_follow_and_filed_ones_stop(calendar, offices):
    send_reminders(today=dt.date(2017, 6, 15))
    filed = Submission.objects.get(
        report__code=Report.STATISTICS, county__code="130821", period="2017H1"
    )
    Submission.objects.filter(pk=filed.pk).update(
        state=State.SUBMITTED, first_submitted_at=timezone.now()
    )
    assert send_reminders(today=DUE).reminders == 9
    assert send_reminders(today=DUE).reminders == 0
    assert send_reminders(today=dt.date(2017, 6, 25)).reminders == 9
    assert not Reminder.objects.filter(submission=filed).exclude(kind="before").exists()


def test_a_missed_day_catches_up_with_one_reminder_not_three(calendar, offices):
    send_reminders(today=dt.date(2017, 7, 1))
    s = Submission.objects.get(report__code=Report.PROGRESS, county__code="130821", period="2017H1")
    assert list(Reminder.objects.filter(submission=s).values_list("kind", flat=True)) == ["overdue"]


def test_the_command_reports_and_refuses_a_bad_day(calendar, offices):
    out = io.StringIO()
    call_command("send_reminders", "--today", "2017-06-15", stdout=out)
    assert "30 sent" in out.getvalue()
    out = io.StringIO()
    call_command("send_reminders", "--today", "2017-06-15", stdout=out)
    assert "0 sent" in out.getvalue()
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="is not a date"):
        call_command("send_reminders", "--today", "2017-02-30")
