"""The demo's plan steps and attachment 2: the board shows met, met late and not met, and the
figures equal an independent count in SQL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from bangfu.accounts.models import User
from bangfu.demo.accounts import demo_accounts
from bangfu.demo.groups import demo_groups
from bangfu.demo.pairing.write import demo_pairings
from bangfu.demo.places import demo_places
from bangfu.demo.registry.write import demo_registry
from bangfu.demo.reporting import demo_reporting
from bangfu.demo.steps import demo_steps
from bangfu.demo.visits import demo_visits
from bangfu.reporting.models import Report, Submission
from bangfu.reporting.steps import step_board

pytestmark = pytest.mark.django_db

# The pairings of the first villages (paired by 28 April 2017), and how many of them have an
# agreement signed by then and a plan item: the agreements step's figure, written again in SQL.
FIRST_PAIRINGS = """
SELECT d.code,
       COUNT(DISTINCT p.village_id) AS villages,
       COUNT(*) AS pairings,
       SUM(CASE WHEN a.id IS NOT NULL
                 AND EXISTS (SELECT 1 FROM pairing_planitem i WHERE i.pairing_id = p.id)
                THEN 1 ELSE 0 END) AS done
FROM pairing_pairing p
JOIN places_division d ON d.id = p.county_id
LEFT JOIN pairing_agreement a ON a.pairing_id = p.id
WHERE p.start_date >= '2017-01-01' AND p.start_date <= '2017-04-28'
  AND NOT (p.status = 'ended' AND p.activated_on IS NULL)
GROUP BY d.code ORDER BY d.code
"""


def test_the_demo_shows_each_step_met_late_and_not_met(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo_places(seed=1)
    demo_registry(seed=1)
    demo_pairings(seed=1)
    demo_accounts()
    demo_groups(seed=1)
    demo_reporting(seed=1)
    demo_visits(seed=1)
    made = demo_steps(seed=1)["site_visits"]
    assert made > 0
    assert demo_steps(seed=1)["site_visits"] == 0  # idempotent

    city = User.objects.get(username="city_officer")
    programme = Submission.objects.first().report.programme
    board = step_board(user=city, programme=programme, today=dt.date(2026, 11, 29))
    states = {(county.code, o.step.key): o for county, outcomes in board for o in outcomes}
    with connection.cursor() as cursor:
        cursor.execute(FIRST_PAIRINGS)
        sql = {code: rest for code, *rest in cursor.fetchall()}
    for (code, key), outcome in states.items():
        if key == "agreements" and code in sql:
            _villages, pairings, done = sql[code]
            assert (outcome.total, outcome.done) == (int(pairings), int(done)), code
    shown = {o.state for o in states.values()}
    assert {"met", "late", "not_met"} <= shown
    visits = [states[(c.code, "visits")].state for c, _o in board]
    assert visits[:3] != ["not_met"] * 3
    assert "not_met" in visits[3:]

    # attachment 2 as filed lists the villages paired by 28 April 2017
    for filing_sub in Submission.objects.filter(
        report__code=Report.FIRST_VILLAGES, first_submitted_at__isnull=False
    ).select_related("county"):
        rows = filing_sub.filings.order_by("number").first().content["sheets"][0]["rows"]
        listed = [r for r in rows if r and isinstance(r[0], int)]
        villages = int(sql[filing_sub.county.code][0]) if filing_sub.county.code in sql else 0
        assert len(listed) == villages, filing_sub.county.code
