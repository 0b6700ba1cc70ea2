"""The demo calendar: every county owes attachments 2–8 over 2017–2019, most filed, some late,
some overdue — and the board's counts equal an independent count in SQL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from bangfu.accounts.models import User
from bangfu.demo.accounts import demo_accounts
from bangfu.demo.assistance.write import demo_assistance
from bangfu.demo.groups import demo_groups
from bangfu.demo.pairing.write import demo_pairings
from bangfu.demo.places import demo_places
from bangfu.demo.registry.write import demo_registry
from bangfu.demo.reporting import demo_reporting
from bangfu.places.models import Division
from bangfu.reporting.models import Filing, State, Submission
from bangfu.reporting.selectors import board

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 29)

# The same definitions as the board, written again in SQL: expected = due by the day;
# submitted = filed at least once; on time = first filed by the due date (in local time);
# overdue = due and never filed.
INDEPENDENT = """
SELECT d.code,
       COUNT(*) AS expected,
       SUM(CASE WHEN s.first_submitted_at IS NOT NULL THEN 1 ELSE 0 END) AS submitted,
       SUM(CASE WHEN s.first_submitted_at IS NULL THEN 1 ELSE 0 END) AS overdue,
       SUM(CASE WHEN s.state = 'accepted' THEN 1 ELSE 0 END) AS accepted
FROM reporting_submission s
JOIN places_division d ON d.id = s.county_id
JOIN reporting_reporttype r ON r.id = s.report_id
WHERE (s.due_date <= %s OR s.first_submitted_at IS NOT NULL) AND r.active AND s.due_date >= %s AND s.due_date <= %s
GROUP BY d.code ORDER BY d.code
"""


def test_the_demo_calendar_and_the_board_agree(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo_places(seed=1)
    demo_registry(seed=1)
    demo_pairings(seed=1)
    demo_accounts()
    demo_assistance(seed=1)
    demo_groups(seed=1)
    counts = demo_reporting(seed=1)
    assert counts["filed"] > 0

    # every county owes attachments 2–8 within 2017–2019
    for code in ("130821", "130822", "130825", "130828", "130881"):
        owed = set(
            Submission.objects.filter(county__code=code, due_date__year__lte=2019).values_list(
                "report__attachment", flat=True
            )
        )
        assert owed == {2, 3, 4, 5, 6, 7, 8}

    city = User.objects.get(username="city_officer")
    programme = Submission.objects.first().report.programme
    for year in (2017, 2018, 2019):
        b = board(user=city, programme=programme, today=TODAY, year=year)
        with connection.cursor() as cursor:
            cursor.execute(INDEPENDENT, [TODAY, dt.date(year, 1, 1), dt.date(year, 12, 31)])
            rows = {code: rest for code, *rest in cursor.fetchall()}
        shown = {
            county.code: [total.expected, total.submitted, total.overdue, total.accepted]
            for county, _cells, total in b.rows()
        }
        assert shown == {code: [int(v) for v in rest] for code, rest in rows.items()}
        assert b.total.expected == sum(int(r[0]) for r in rows.values())
        # on time + late = submitted, checked one submission at a time
        on_time = sum(
            1
            for s in Submission.objects.filter(
                due_date__year=year, first_submitted_at__isnull=False
            )
            if s.on_time
        )
        assert b.total.on_time == on_time
        assert b.total.on_time + b.total.late == b.total.submitted

    every = board(user=city, programme=programme, today=TODAY)
    assert every.total.late > 0
    assert every.total.overdue > 0
    assert every.total.accepted > every.total.expected / 2
    # 2019H2 and the 2019 summary are never accepted (the browser journeys record there)
    assert not Submission.objects.filter(period__in=("2019H2", "2019"), state=State.ACCEPTED)
    assert Submission.objects.filter(state=State.RETURNED).exists()
    # 承德县's 2019H1 progress and statistics are left for the filing walk: never filed, every
    # record of the half-year confirmed, so that filing them asks for nothing typed
    from bangfu.reporting.checks import BLOCKER, run_checks

    left = Submission.objects.filter(county__code="130821", period="2019H1").exclude(
        report__code="summary"
    )
    assert {s.report.code for s in left if s.state == State.OPEN} == {"progress", "statistics"}
    for s in left.filter(state=State.OPEN):
        findings = run_checks(s)
        assert not [f for f in findings if f.level == BLOCKER or f.remark], findings
        assert not [f for f in findings if f.code == "unconfirmed"]

    filings = Filing.objects.count()
    again = demo_reporting(seed=1)
    assert again["filed"] == 0
    assert again["created"] == 0
    assert Filing.objects.count() == filings

    # attachment 8: every number of every county's summary, 2017–2020, against plain SQL
    from bangfu.reporting.summary import figures_paragraphs, year_figures
    from tests.reporting.summary_sql import independent_summary, printed_numbers
    from tests.reporting.test_summary import as_printed

    seen_helpers = 0
    for county in Division.objects.filter(level="county").order_by("code"):
        for year in (2017, 2018, 2019, 2020):
            f = year_figures(county, year, programme=programme)
            expected = independent_summary(
                county_id=county.pk, programme_id=programme.pk, year=year
            )
            assert printed_numbers(figures_paragraphs(f)) == as_printed(expected), (
                county.name,
                year,
            )
            if expected["pairings"]:
                assert f["helpers"] > 0
                seen_helpers += 1
    assert seen_helpers >= 15
