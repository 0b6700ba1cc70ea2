"""Reads of the reporting calendar: the completeness and timeliness board, a county's to-do.

Definitions (docs/DECISIONS.md § "Reporting"): a submission is *expected* once its due date
has come (due date ≤ the day of the board) or once it has been filed, whichever is first; *submitted* once filed at least once; *on time*
when its first filing was on or before the due date (a send-back does not make a filing
late); *late* when first filed after it; *overdue* when due and never filed. *Accepted*
counts the filings the city office accepted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone

from bangfu.places.models import Division

from .models import Report, State, Submission

OPEN_STATES = (State.OPEN, State.RETURNED)


@dataclass
class Counts:
    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    accepted: int = 0
    returned: int = 0

    def add(self, submission: Submission, today: dt.date) -> None:
        if submission.due_date > today and submission.first_submitted_at is None:
            return  # not due yet and not filed early: not expected yet
        self.expected += 1
        if submission.first_submitted_at is None:
            self.overdue += 1
            return
        self.submitted += 1
        if timezone.localdate(submission.first_submitted_at) <= submission.due_date:
            self.on_time += 1
        else:
            self.late += 1
        if submission.state == State.ACCEPTED:
            self.accepted += 1
        elif submission.state == State.RETURNED:
            self.returned += 1

    def items_counted(self) -> list[tuple[str, int]]:
        """(what, how many) of the board's five columns, in their order."""
        return [(what, getattr(self, what)) for what in COUNTED]

    @property
    def submitted_pct(self) -> float | None:
        return round(100 * self.submitted / self.expected, 1) if self.expected else None

    @property
    def on_time_pct(self) -> float | None:
        return round(100 * self.on_time / self.expected, 1) if self.expected else None


@dataclass
class Board:
    today: dt.date
    year: int | None
    reports: list  # ReportType
    counties: list  # Division
    cells: dict = field(default_factory=dict)  # (county_id, report_id) -> Counts
    by_county: dict = field(default_factory=dict)  # county_id -> Counts
    by_report: dict = field(default_factory=dict)  # report_id -> Counts
    total: Counts = field(default_factory=Counts)
    overdue: list = field(default_factory=list)  # Submission, oldest first

    def cell_rows(self):
        """(county, [(report, its counts)], the county's counts) for the board's table."""
        for county, cells, total in self.rows():
            yield county, list(zip(self.reports, cells, strict=True)), total

    def rows(self):
        for county in self.counties:
            yield (
                county,
                [self.cells.get((county.pk, r.pk), Counts()) for r in self.reports],
                self.by_county.get(county.pk, Counts()),
            )


def submissions_for(user, programme=None):
    qs = Submission.objects.for_user(user).select_related("report", "county")
    if programme is not None:
        qs = qs.filter(report__programme=programme)
    return qs


def board(*, user, programme, today: dt.date | None = None, year: int | None = None) -> Board:
    """Expected vs submitted vs on time, by county and by report, with the overdue list."""
    from .models import ReportType

    today = today or timezone.localdate()
    qs = submissions_for(user, programme).filter(
        Q(due_date__lte=today) | Q(first_submitted_at__isnull=False), report__active=True
    )
    if year:
        qs = qs.filter(due_date__year=year)
    reports = list(ReportType.objects.filter(programme=programme, active=True))
    counties = {}
    result = Board(today=today, year=year, reports=reports, counties=[])
    for s in qs.order_by("due_date", "report__attachment", "county__code"):
        counties[s.county_id] = s.county
        for counts in (
            result.cells.setdefault((s.county_id, s.report_id), Counts()),
            result.by_county.setdefault(s.county_id, Counts()),
            result.by_report.setdefault(s.report_id, Counts()),
            result.total,
        ):
            counts.add(s, today)
        if s.first_submitted_at is None:
            result.overdue.append(s)
    result.counties = sorted(counties.values(), key=lambda c: c.code)
    return result


def todo(*, user, programme, today: dt.date | None = None, ahead_days: int = 60) -> list:
    """What a county owes: unfiled or sent-back submissions due by `ahead_days` from now,
    overdue first."""
    today = today or timezone.localdate()
    return list(
        submissions_for(user, programme)
        .filter(state__in=OPEN_STATES, report__active=True)
        .filter(due_date__lte=today + dt.timedelta(days=ahead_days))
        .order_by("due_date", "report__attachment")
    )


def timeliness(*, programme, county, year: int, today: dt.date | None = None) -> Counts:
    """A county's counts for the submissions due in `year` (the evaluation's evidence)."""
    today = today or timezone.localdate()
    counts = Counts()
    for s in Submission.objects.filter(
        report__programme=programme, report__active=True, county=county, due_date__year=year
    ):
        counts.add(s, today)
    return counts


# What the board counts, as filters of the submissions list (the same definitions as Counts).
COUNTED = ("expected", "submitted", "on_time", "late", "overdue")


def counted_q(what: str, today: dt.date) -> Q:
    """The submissions that the board's count `what` counts on `today` (see Counts.add)."""
    filed = Q(first_submitted_at__isnull=False)
    expected = Q(due_date__lte=today) | filed
    return {
        "expected": expected,
        "submitted": filed,
        "on_time": filed & Q(first_submitted_at__date__lte=F("due_date")),
        "late": filed & Q(first_submitted_at__date__gt=F("due_date")),
        "overdue": Q(due_date__lte=today, first_submitted_at__isnull=True),
    }[what]


def board_link(what: str, *, county=None, report=None, year: int | None = None) -> str:
    """The submissions list of the board's count `what` for a county (Division), a report
    (ReportType) and the board's year: the one builder of the board's links."""
    from urllib.parse import urlencode

    from django.urls import reverse

    query = {"counted": what}
    if county is not None:
        query["county"] = county.code
    if report is not None:
        query["report"] = report.code
    if year:
        query["year"] = year
    return f"{reverse('reporting:submissions')}?{urlencode(query)}"


def filter_submissions(
    qs, *, county="", report="", period="", status="", today=None, counted="", year=None
):
    today = today or timezone.localdate()
    if counted in COUNTED:
        # as the board counts: active reports, due in the board's year
        qs = qs.filter(counted_q(counted, today), report__active=True)
        if year:
            qs = qs.filter(due_date__year=year)
    if county:
        qs = qs.filter(county__code=county)
    if report in Report.values:
        qs = qs.filter(report__code=report)
    if period:
        qs = qs.filter(period=period)
    if status in (State.SUBMITTED, State.RETURNED, State.ACCEPTED):
        qs = qs.filter(state=status)
    elif status == "overdue":
        qs = qs.filter(state=State.OPEN, due_date__lt=today)
    elif status == "open":
        qs = qs.filter(Q(state=State.OPEN) | Q(state=State.RETURNED))
    return qs


def review_queue(*, user, programme) -> list[tuple]:
    """The city office's queue: (county, submissions filed and waiting for review), by county
    code; only counties with something waiting."""
    rows = (
        submissions_for(user, programme)
        .filter(state=State.SUBMITTED)
        .order_by()
        .values("county")
        .annotate(n=Count("id"))
    )
    waiting = {r["county"]: r["n"] for r in rows}
    counties = Division.objects.filter(pk__in=waiting).order_by("code")
    return [(county, waiting[county.pk]) for county in counties]
