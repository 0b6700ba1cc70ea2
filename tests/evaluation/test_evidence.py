"""The evaluation's evidence figures equal independent counts (Python over every row of
the fixture data, the rules written out again by hand)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bangfu.evaluation import evidence
from tests.pairing.conftest import make_active
from tests.visits.conftest import charity

pytestmark = pytest.mark.django_db

YEAR = 2017


@pytest.fixture
def data(programme, poor_villages, make_helper, officer_chengde, counties):
    """承德县 in 2016–2018: pairings with and without agreements, plan items, filings,
    assistance records, visits, a roster; one pairing and visit in 围场县 as noise."""
    from bangfu.groups.models import LeadingGroupMember
    from bangfu.pairing.models import Pairing, PlanItem
    from bangfu.reporting.calendar import ensure_report_types, generate_submissions
    from bangfu.reporting.models import Submission
    from bangfu.visits.models import Visit

    chengde, weichang = counties["130821"], counties["130828"]
    h = [make_helper() for _ in range(5)]
    signed = [make_active(officer_chengde, h[i], poor_villages[i]) for i in range(3)]
    unsigned = Pairing.objects.create(  # active since June 2017, no agreement
        programme=programme,
        helper=h[3],
        village=poor_villages[3],
        number="KQX1",
        status="active",
        slot=1,
        start_date=dt.date(2017, 6, 1),
        activated_on=dt.date(2017, 6, 1),
    )
    Pairing.objects.create(  # ended in 2016: not active in 2017
        programme=programme,
        helper=h[4],
        village=poor_villages[4],
        number="KQX2",
        status="ended",
        start_date=dt.date(2016, 1, 1),
        activated_on=dt.date(2016, 2, 1),
        ended_on=dt.date(2016, 12, 1),
    )
    Pairing.objects.create(  # active only from 2018
        programme=programme,
        helper=h[4],
        village=poor_villages[5],
        number="KQX3",
        status="active",
        slot=1,
        start_date=dt.date(2018, 2, 1),
        activated_on=dt.date(2018, 2, 1),
    )
    for pairing, due, achieved in [
        (signed[0], dt.date(2017, 6, 30), 100),
        (signed[0], dt.date(2017, 12, 31), 40),
        (signed[1], dt.date(2017, 9, 1), 120),
        (unsigned, dt.date(2017, 11, 1), 0),
        (signed[2], dt.date(2018, 3, 1), 100),
    ]:
        PlanItem.objects.create(
            pairing=pairing,
            what="种植",
            indicator="面积",
            target_value=100,
            unit="亩",
            due_date=due,
            achieved=achieved,
        )
    ensure_report_types(programme)
    generate_submissions(programme)
    subs = list(Submission.objects.filter(county=chengde, due_date__year=YEAR).order_by("due_date"))
    for i, s in enumerate(subs[:-1]):  # the last is never filed; every other one is late
        late = dt.timedelta(days=3 if i % 2 else 0)
        s.state = "submitted"
        s.first_submitted_at = s.submitted_at = timezone.make_aware(
            dt.datetime.combine(s.due_date + late, dt.time(9, 0))
        )
        s.save()
    for status in ("confirmed", "confirmed", "submitted", "returned", "draft", "superseded"):
        charity(signed[0], dt.date(2017, 8, 1), money="100", status=status)
    charity(signed[0], dt.date(2018, 1, 5), money="100", status="submitted")
    LeadingGroupMember.objects.create(
        programme=programme, county=chengde, name="李强", group_role="leader", unit="县政府"
    )
    LeadingGroupMember.objects.create(
        programme=programme, county=chengde, name="王芳", group_role="liaison", unit="扶贫办"
    )
    for on, county in [
        (dt.date(2017, 9, 1), chengde),
        (dt.date(2017, 11, 3), chengde),
        (dt.date(2018, 4, 1), chengde),
        (dt.date(2017, 5, 1), weichang),
    ]:
        Visit.objects.create(county=county, visited_on=on, participants="督导组", findings="好")
    return chengde


def _independent(programme, county):
    """Every figure by hand: load all rows, apply the rules in plain Python."""
    from bangfu.assistance.models import Assistance
    from bangfu.groups.models import LeadingGroupMember
    from bangfu.pairing.models import Agreement, Pairing, PlanItem
    from bangfu.reporting.models import Submission
    from bangfu.visits.models import Visit

    first, last = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
    members = [m for m in LeadingGroupMember.objects.all() if m.county_id == county.pk]
    agreements = {a.pairing_id: a.signed_on for a in Agreement.objects.all()}
    active = [
        p
        for p in Pairing.objects.all()
        if p.county_id == county.pk
        and p.programme_id == programme.pk
        and p.activated_on is not None
        and p.activated_on <= last
        and (p.ended_on is None or p.ended_on >= first)
    ]
    pairings = {p.pk: p for p in Pairing.objects.all()}
    items = [
        i
        for i in PlanItem.objects.all()
        if pairings[i.pairing_id].county_id == county.pk and i.due_date.year == YEAR
    ]
    subs = [
        s for s in Submission.objects.all() if s.county_id == county.pk and s.due_date.year == YEAR
    ]
    records = [
        a
        for a in Assistance.objects.all()
        if a.county_id == county.pk
        and a.on.year == YEAR
        and a.status in ("submitted", "returned", "confirmed")
    ]
    visits = [
        v for v in Visit.objects.all() if v.county_id == county.pk and v.visited_on.year == YEAR
    ]
    return {
        "roster": (len(members), sum(m.group_role == "liaison" for m in members)),
        "agreements": (
            len(active),
            sum(1 for p in active if p.pk in agreements and agreements[p.pk] <= last),
        ),
        "plan_items": (
            len(items),
            sum(1 for i in items if i.done_on is not None or i.achieved >= i.target_value),
        ),
        "submissions": (
            len(subs),
            sum(1 for s in subs if s.first_submitted_at),
            sum(
                1
                for s in subs
                if s.first_submitted_at
                and timezone.localtime(s.first_submitted_at).date() <= s.due_date
            ),
        ),
        "assistance": (len(records), sum(1 for a in records if a.status == "confirmed")),
        "visits": len(visits),
    }


def test_every_evidence_figure_equals_an_independent_count(programme, data):
    county = data
    got = evidence.figures_for(county=county, programme=programme, year=YEAR)
    want = _independent(programme, county)
    assert (got["roster"].counts["members"], got["roster"].counts["liaisons"]) == want["roster"]
    assert got["roster"].value == 1
    assert (got["agreements"].counts["pairings"], got["agreements"].counts["signed"]) == want[
        "agreements"
    ]
    assert (got["plan_items"].counts["due"], got["plan_items"].counts["done"]) == want["plan_items"]
    c = got["submissions"].counts
    assert (c["expected"], c["submitted"], c["on_time"]) == want["submissions"]
    assert (got["assistance"].counts["records"], got["assistance"].counts["confirmed"]) == want[
        "assistance"
    ]
    assert got["visits"].value == want["visits"]
    # and the fixture's known answers, so that the independent count is not vacuous
    assert want["agreements"] == (4, 3)
    assert want["plan_items"] == (4, 2)
    assert want["assistance"] == (4, 2)
    assert want["visits"] == 2
    assert want["submissions"][0] > want["submissions"][1] > want["submissions"][2] > 0
    assert got["agreements"].value == evidence.percent(3, 4)


def test_a_county_with_nothing_has_no_roster_and_no_shares(programme, counties):
    got = evidence.figures_for(county=counties["130825"], programme=programme, year=YEAR)
    assert got["roster"].value == 0
    assert got["agreements"].value is None
    assert got["visits"].value == 0


def test_suggested_score_follows_the_share():
    fig = evidence.Figure("agreements", evidence.percent(3, 4), "")
    assert evidence.suggested_score(fig, 20) == 15
