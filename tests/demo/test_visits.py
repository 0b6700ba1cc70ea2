"""Demo supervision visits, follow-ups and helpers' problems on a small world."""

from __future__ import annotations

import datetime as dt

import pytest

from bangfu.demo.visits import CORRECTION, demo_visits
from bangfu.visits.models import FollowUp, Visit

pytestmark = pytest.mark.django_db


def test_demo_covers_every_county_and_year_and_is_idempotent(
    pairing, city_officer, officer_chengde, officer_weichang, helper_liaison
):
    first = demo_visits(seed=1)
    assert first["visits"] == 5 * 3 * 2
    assert {(v.county.code, v.visited_on.year) for v in Visit.objects.all()} == {
        (c, y)
        for c in ("130821", "130822", "130825", "130828", "130881")
        for y in (2017, 2018, 2019)
    }
    assert FollowUp.objects.filter(source="visit", state="closed").exists()
    assert FollowUp.objects.overdue(dt.date.today()).exists()
    assert FollowUp.objects.filter(state="open", due_on__gte=dt.date.today()).exists()
    assert FollowUp.objects.filter(source="helper").count() == first["problems"] == 3
    corrected = Visit.objects.get(findings__endswith=CORRECTION)  # one, shown with its history
    assert first["corrected"] == 1
    again = demo_visits(seed=1)
    assert again["created"] == 0
    assert Visit.objects.count() == 30
    assert Visit.objects.get(pk=corrected.pk).version == corrected.version  # not twice
