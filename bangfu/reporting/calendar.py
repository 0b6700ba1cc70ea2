"""The report calendar: due dates from due rules, and the expected submissions they make.

The plan (seed §五(五)5) sets the rules this module starts every programme with: the first
paired villages (attachment 2, §四(二); the plan gives no date, so the end of the step that
chooses and signs them, 28 April 2017, §五(二)), the roster
by 7 April 2017, the demonstration-village recommendations by 20 April 2017, the pairing list
by 21 May 2017, the progress and statistics tables every 20 June and 21 December, the annual
summary every 21 December. The city office may change them; the expected submissions follow.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bangfu.core.periods import Period
from bangfu.places.programme import programme_counties

from .models import ATTACHMENT_OF, Frequency, Report, ReportType, State, Submission


@dataclass(frozen=True)
class Rule:
    code: str
    frequency: str
    due: str  # a date (once) or month-days


DEFAULT_RULES = [
    Rule(Report.FIRST_VILLAGES, Frequency.ONCE, "04-28"),
    Rule(Report.ROSTER, Frequency.ONCE, "04-07"),
    Rule(Report.DEMONSTRATION, Frequency.ONCE, "04-20"),
    Rule(Report.PAIRINGS, Frequency.ONCE, "05-21"),
    Rule(Report.PROGRESS, Frequency.HALF_YEARLY, "06-20,12-21"),
    Rule(Report.STATISTICS, Frequency.HALF_YEARLY, "06-20,12-21"),
    Rule(Report.SUMMARY, Frequency.YEARLY, "12-21"),
]


def check_rule(frequency: str, due_on: dt.date | None, due_days: str) -> None:
    """A due rule that makes sense: a date for a once-only report, one day a year for a
    yearly one, two for a half-yearly one, each a day that exists every year."""
    if frequency == Frequency.ONCE:
        if due_on is None:
            raise ValidationError({"due_on": _("A once-only report needs its due date.")})
        return
    parts = [p for p in (due_days or "").split(",") if p.strip()]
    want = 2 if frequency == Frequency.HALF_YEARLY else 1
    if len(parts) != want:
        raise ValidationError(
            {
                "due_days": _(
                    "A report due twice a year needs two days (e.g. 06-20,12-21); one due "
                    "once a year needs one (e.g. 12-21)."
                )
            }
        )
    from .models import parse_month_day

    try:
        days = [parse_month_day(p) for p in parts]
    except ValidationError as exc:
        raise ValidationError({"due_days": exc.messages}) from None
    if frequency == Frequency.HALF_YEARLY and not days[0] < days[1]:
        raise ValidationError(
            {"due_days": _("The first half-year's day must come before the second's.")}
        )


def due_dates(report: ReportType, year: int) -> list[tuple[str, dt.date]]:
    """(period, due date) of `report` in `year`: “2017” for once-only and yearly reports,
    “2017H1” / “2017H2” for half-yearly ones."""
    if report.frequency == Frequency.ONCE:
        return [(str(year), report.due_on)] if report.due_on and report.due_on.year == year else []
    days = report.month_days
    if report.frequency == Frequency.YEARLY:
        return [(str(year), dt.date(year, *days[0]))]
    return [
        (Period(year, half).code, dt.date(year, *day))
        for half, day in zip((1, 2), days, strict=True)
    ]


@transaction.atomic
def ensure_report_types(programme) -> int:
    """The plan's seven reports for `programme`, if it has none of them yet."""
    created = 0
    for rule in DEFAULT_RULES:
        if ReportType.objects.filter(programme=programme, code=rule.code).exists():
            continue
        once = rule.frequency == Frequency.ONCE
        ReportType.objects.create(
            programme=programme,
            code=rule.code,
            attachment=ATTACHMENT_OF[rule.code],
            frequency=rule.frequency,
            due_on=dt.date(programme.start_year, *map(int, rule.due.split("-"))) if once else None,
            due_days="" if once else rule.due,
        )
        created += 1
    return created


@transaction.atomic
def generate_submissions(programme) -> dict[str, int]:
    """The expected submissions of every county for every report and period of the
    programme's years. Idempotent; follows a changed rule: open submissions that are no
    longer expected are removed (never one with a filing), due dates of open ones updated."""
    counties = programme_counties(programme)
    existing = {
        (s.report_id, s.county_id, s.period): s
        for s in Submission.objects.filter(report__programme=programme)
    }
    wanted: set[tuple[int, int, str]] = set()
    new, moved = [], 0
    for report in ReportType.objects.filter(programme=programme, active=True):
        for year in range(programme.start_year, programme.end_year + 1):
            for period, due in due_dates(report, year):
                for county in counties:
                    key = (report.pk, county.pk, period)
                    wanted.add(key)
                    current = existing.get(key)
                    if current is None:
                        new.append(
                            Submission(report=report, county=county, period=period, due_date=due)
                        )
                    elif current.due_date != due and current.state != State.ACCEPTED:
                        current.due_date = due
                        current.save(update_fields=["due_date"])
                        moved += 1
    Submission.objects.bulk_create(new)
    stale = [
        s.pk
        for key, s in existing.items()
        if key not in wanted and s.state == State.OPEN and not s.filings.exists()
    ]
    for submission in Submission.objects.filter(pk__in=stale):
        submission.delete()
    return {"created": len(new), "moved": moved, "removed": len(stale)}
