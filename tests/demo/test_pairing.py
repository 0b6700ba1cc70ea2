"""Demo pairings on the demo registry: coverage, the five-helper rule, relays, agreements,
plans in every state, deterministic per seed and written once."""

import datetime as dt
import re

import pytest
from django.db.models import Count

from bangfu.accounts.models import AuditEvent
from bangfu.demo.helpers.plan import DEMO_HELPER_USCC
from bangfu.demo.pairing.planner import plan_pairings
from bangfu.demo.pairing.write import demo_pairings
from bangfu.demo.places import demo_places
from bangfu.demo.registry.write import demo_registry
from bangfu.pairing.models import (
    MAX_SLOTS,
    SLOT_STATUSES,
    Agreement,
    ItemState,
    Pairing,
    PlanItem,
    Relay,
    SiteVisit,
    Status,
)
from bangfu.registry.models import VillageProfile

pytestmark = pytest.mark.django_db


def test_demo_pairings_cover_most_poor_villages_once(settings, tmp_path):
    """One full write of the registry and the pairings (the slow test of this module)."""
    settings.MEDIA_ROOT = tmp_path
    demo_places(seed=1)
    demo_registry(seed=1)
    today = dt.date(2026, 11, 29)
    assert plan_pairings(1, today=today) == plan_pairings(1, today=today)
    assert plan_pairings(2, today=today) != plan_pairings(1, today=today)

    events_before = AuditEvent.objects.count()
    counts = demo_pairings(seed=1)
    assert counts["created"] == counts["pairings"] == Pairing.objects.count() > 0
    events = AuditEvent.objects.order_by("id")[events_before:]
    assert [(e.event, e.object_type) for e in events] == [("demo_data", "pairing")]

    # the five-helper rule, and some villages full
    holders = dict(
        Pairing.objects.filter(status__in=SLOT_STATUSES)
        .values("village")
        .annotate(n=Count("id"))
        .values_list("village", "n")
    )
    assert max(holders.values()) == MAX_SLOTS
    full = [v for v, n in holders.items() if n == MAX_SLOTS]
    full_counties = set(
        Pairing.objects.filter(village__in=full).values_list("county__code", flat=True)
    )
    assert full_counties == {"130821", "130822", "130825", "130828", "130881"}
    assert not Pairing.objects.filter(status__in=SLOT_STATUSES, slot__isnull=True).exists()

    # coverage: most poor villages that have not exited have an active helper
    poor = set(
        VillageProfile.objects.filter(is_registered_poor=True, exited_on__isnull=True).values_list(
            "village_id", flat=True
        )
    )
    covered = set(Pairing.objects.active().values_list("village_id", flat=True)) & poor
    assert 0.80 <= len(covered) / len(poor) <= 0.95
    assert counts["covered"] == len(covered)
    active_per_village = dict(
        Pairing.objects.active()
        .values("village")
        .annotate(n=Count("id"))
        .values_list("village", "n")
    )
    singles = sum(1 for v in covered if active_per_village[v] == 1)
    assert 0.30 <= singles / len(covered) <= 0.50
    uncovered = poor - covered
    stopped = set(
        Pairing.objects.filter(village__in=uncovered, status=Status.ENDED).values_list(
            "village_id", flat=True
        )
    )
    never = uncovered - set(Pairing.objects.values_list("village_id", flat=True))
    assert stopped
    assert never

    # relays: done (old relayed the day the successor became active), open, handing over
    done = list(Relay.objects.filter(state=Relay.State.DONE).select_related("pairing", "successor"))
    assert len(done) >= 5
    for relay in done:
        old, new = relay.pairing, relay.successor
        assert new.predecessor_id == old.pk
        assert new.status == Status.ACTIVE
        assert old.status == Status.RELAYED
        assert old.ended_on == new.activated_on == relay.closed_on
    assert Relay.objects.filter(state=Relay.State.OPEN, successor__isnull=True).count() == 2
    handing = Relay.objects.get(state=Relay.State.HANDING_OVER)
    assert handing.successor.predecessor_id == handing.pairing_id
    assert handing.successor.status in (Status.PROPOSED, Status.AGREED)
    assert handing.pairing.status == Status.ACTIVE
    assert handing.successor.plan_items.filter(inherited_from__pairing=handing.pairing).exists()

    # agreements: every pairing that was ever active, with a stored one-page PDF
    assert not Pairing.objects.filter(
        status__in=[Status.ACTIVE, Status.SUSPENDED, Status.ENDED, Status.RELAYED],
        agreement__isnull=True,
    ).exists()
    agreement = Agreement.objects.select_related("scan", "pairing").first()
    assert agreement.signed_on == agreement.pairing.activated_on
    with agreement.scan.file.open("rb") as f:
        data = f.read()
    assert data.startswith(b"%PDF-")
    assert len(data) == agreement.scan.size < 2000

    # numbers in the services' format; pending, suspended and closed pairings exist
    for number, county, year in Pairing.objects.values_list(
        "number", "county__code", "start_date__year"
    ):
        assert re.fullmatch(rf"KQ{county}{year}\d{{4}}", number)
    statuses = set(Pairing.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)

    # plans: every state occurs on today's date; visits come before the pairing starts
    states = {item.state() for item in PlanItem.objects.all()}
    assert states == set(ItemState.values)
    visits = SiteVisit.objects.filter(pairing__isnull=False).select_related("pairing")
    assert visits.count() >= 200
    assert all(v.visited_on < v.pairing.start_date for v in visits)

    # the demo liaison's helper has active pairings in 承德县
    mine = Pairing.objects.active().filter(helper__uscc=DEMO_HELPER_USCC)
    assert mine.count() >= 2
    assert {p.county.code for p in mine} == {"130821"}

    # a second run creates nothing
    again = demo_pairings(seed=2)
    assert again == {**counts, "created": 0}
    assert AuditEvent.objects.count() == events_before + 1

    # the coverage board equals an independent SQL count, per county and in total
    check_coverage_against_sql()

    # attachment 5 for the demo data: one row per active pairing, per county too
    check_pairing_list(tmp_path)


COVERAGE_SQL = """
SELECT c.code,
       COUNT(*) AS poor,
       SUM(CASE WHEN EXISTS (SELECT 1 FROM pairing_pairing p
                             WHERE p.village_id = vp.village_id AND p.status = 'active')
                THEN 1 ELSE 0 END) AS covered,
       (SELECT COUNT(*) FROM pairing_pairing p
          JOIN registry_villageprofile v2 ON v2.village_id = p.village_id
         WHERE p.status = 'active' AND v2.county_id = vp.county_id
           AND v2.is_registered_poor AND v2.exited_on IS NULL) AS active_pairings
  FROM registry_villageprofile vp
  JOIN places_division c ON c.id = vp.county_id
 WHERE vp.is_registered_poor AND vp.exited_on IS NULL
 GROUP BY c.code, vp.county_id
 ORDER BY c.code
"""

UNCOVERED_SQL = """
SELECT d.code
  FROM registry_villageprofile vp JOIN places_division d ON d.id = vp.village_id
 WHERE vp.is_registered_poor AND vp.exited_on IS NULL
   AND NOT EXISTS (SELECT 1 FROM pairing_pairing p
                   WHERE p.village_id = vp.village_id AND p.status = 'active')
 ORDER BY d.code
"""


def check_coverage_against_sql():
    from django.db import connection

    from bangfu.accounts.models import User
    from bangfu.pairing.selectors.coverage import (
        coverage_by_county,
        coverage_totals,
        uncovered_villages,
    )

    city = User.objects.create_user(username="coverage_city", password="x" * 16, role="city")
    with connection.cursor() as cur:
        cur.execute(COVERAGE_SQL)
        expected = [(code, poor, covered, n) for code, poor, covered, n in cur.fetchall()]
        cur.execute(UNCOVERED_SQL)
        uncovered = [code for (code,) in cur.fetchall()]
    rows = coverage_by_county(user=city)
    got = [(r.county.code, r.poor, r.covered, r.active_pairings) for r in rows]
    assert got == expected
    total = coverage_totals(rows)
    assert total.uncovered == len(uncovered) == total.poor - total.covered
    board = uncovered_villages(user=city).values_list("village__code", flat=True)
    assert sorted(board) == uncovered


def check_pairing_list(tmp_path):
    from openpyxl import load_workbook

    from bangfu.pairing.io import write_pairing_list

    for county in (None, "130828"):
        path = tmp_path / f"list-{county}.xlsx"
        written = write_pairing_list(path, county=county)
        rows = list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))
        start = next(i for i, r in enumerate(rows) if r and r[0] == "序号")
        data = [
            r for r in rows[start + 1 :] if r and isinstance(r[0], int)
        ]  # the signature line below is not a row
        active = Pairing.objects.active()
        if county:
            active = active.filter(county__code=county)
        assert written == len(data) == active.count() > 0
