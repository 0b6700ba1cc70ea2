"""`bangfu send_reminders`: the reporting calendar's reminders due today (run daily)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from bangfu.core.context import acting_as
from bangfu.reporting.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Send the reminders of the reporting calendar that are due today (run daily). "
        "Never sends the same reminder twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the day to act as (YYYY-MM-DD); default today")

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(
                    f"--today {options['today']!r} is not a date; write it as YYYY-MM-DD."
                ) from None
        with acting_as(channel="command"):
            sent = send_reminders(today=today)
        self.stdout.write(
            f"reminders: {sent.reminders} sent, {sent.notifications} in-app notifications, "
            f"{sent.emails} e-mails"
        )
