"""Demo data for the reporting calendar: the plan's calendar and 2017–2019 filed.

Deterministic per seed and idempotent (a second run files nothing). Filings are made with
`file_submission` on historical dates (the checks look at the data as it is today, so the
demo skips them; what is filed is the form made from the demo's data, as in real use).
Outcomes: most filings accepted on time, some late, a few sent back or waiting for the city
office, some never filed (overdue; 承德县's 2019H1 progress and statistics on purpose, see
LEFT_OPEN). 2019's second half-year and summary are never accepted,
so that the browser journeys can still record and confirm assistance in 2019H2; 2020 is left
open.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from bangfu.accounts.models import User
from bangfu.core.context import acting_as
from bangfu.places.programme import current_programme
from bangfu.reporting.calendar import ensure_report_types, generate_submissions
from bangfu.reporting.models import State, Submission
from bangfu.reporting.services.filing import file_submission
from bangfu.reporting.services.review import submission_accept, submission_return

from .accounts import city_office

LAST_FILED_YEAR = 2019
UNLOCKED = {"2019H2", "2019"}  # never accepted in the demo (see above)
# never filed: 承德县 is late with 2019H1's progress and statistics, whose records it has all
# confirmed (demo/assistance/plan.py ALL_CONFIRMED); the filing walk files them
LEFT_OPEN = {("130821", "progress", "2019H1"), ("130821", "statistics", "2019H1")}


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 30)))


def demo_reporting(seed: int = 1) -> dict[str, int]:
    """The current programme's calendar, and its submissions due by 2019 filed and reviewed."""
    programme = current_programme()
    ensure_report_types(programme)
    made = generate_submissions(programme)
    city = city_office()
    officers = {
        u.county_id: u for u in User.objects.filter(role="county", is_active=True).order_by("-pk")
    }
    filed = accepted = 0
    todo = (
        Submission.objects.filter(
            report__programme=programme,
            state=State.OPEN,
            due_date__year__lte=LAST_FILED_YEAR,
            filings__isnull=True,
        )
        .select_related("report", "county", "report__programme")
        .order_by("due_date", "report__attachment", "county__code")
    )
    for submission in todo:
        # one generator per submission: a second run rolls the same for those left unfiled
        rng = random.Random(
            f"{seed}:{submission.county.code}:{submission.report.code}:{submission.period}"
        )
        roll = rng.random()
        officer = officers.get(submission.county_id)
        left_open = (submission.county.code, submission.report.code, submission.period)
        if officer is None or city is None or roll < 0.06 or left_open in LEFT_OPEN:
            continue  # never filed: overdue
        late = roll > 0.86
        day = submission.due_date + (
            dt.timedelta(days=rng.randint(3, 40))
            if late
            else -dt.timedelta(days=rng.randint(0, 12))
        )
        with acting_as(user=officer, channel="demo"):
            file_submission(submission, officer, findings=[], at=_at(day, 9 + rng.randint(0, 8)))
        filed += 1
        review = day + dt.timedelta(days=rng.randint(1, 10))
        unlocked = submission.period in UNLOCKED
        if roll < (0.3 if unlocked else 0.12):  # sent back with a note; filed again (not 2019H2)
            with acting_as(user=city, channel="demo"):
                submission_return(
                    user=city, submission=submission, note="请核对培训人次与贫困人口数后重新报送。"
                )
            if submission.period in UNLOCKED:
                continue
            submission.refresh_from_db()
            with acting_as(user=officer, channel="demo"):
                file_submission(submission, officer, findings=[], at=_at(review, 15))
            review += dt.timedelta(days=3)
        if submission.period in UNLOCKED:
            continue  # waiting for the city office
        submission.refresh_from_db()
        with acting_as(user=city, channel="demo"):
            submission_accept(user=city, submission=submission, at=_at(review, 10))
        accepted += 1
    return {
        "submissions": Submission.objects.filter(report__programme=programme).count(),
        "created": made["created"],
        "filed": filed,
        "accepted": accepted,
    }
