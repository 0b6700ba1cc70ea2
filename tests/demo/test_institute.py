"""Demo of the institute: a workstation (with its master) for every village whose profile says
it has one, visits that reach a believable part of the tech-help households from a point that
serves them; deterministic, and a second run writes nothing."""

from __future__ import annotations

import pytest

from bangfu.demo.institute import FIRST_VISIT, LAST_VISIT, demo_institute
from bangfu.demo.places import demo_places
from bangfu.institute.models import TechVisit
from bangfu.places.models import Division, ServicePoint
from bangfu.registry.models import VillageProfile
from tests.institute.conftest import make_household

pytestmark = pytest.mark.django_db


def test_demo_institute_on_a_small_world(institute_staff):
    demo_places(seed=1)
    villages = list(
        Division.objects.filter(level="village", parent__code="130821100").order_by("code")[:6]
    )
    for i, village in enumerate(villages):
        VillageProfile.objects.create(village=village, has_workstation=i % 3 != 0)
        for n in range(10):
            make_household(village.code, f"户{i}{n}", tech_help=n % 5 != 0)
    counts = demo_institute(seed=1)
    stations = ServicePoint.objects.filter(kind="workstation")
    assert set(stations.values_list("division_id", flat=True)) == set(
        VillageProfile.objects.filter(has_workstation=True).values_list("village_id", flat=True)
    )
    assert all(s.staff.filter(is_master=True).count() == 1 for s in stations)
    visits = list(TechVisit.objects.select_related("household__village", "point"))
    reached = {v.household_id for v in visits}  # the independent count: plain Python
    assert counts["reached"] == len(reached)
    tech = 6 * 8
    assert 0.5 * tech <= len(reached) <= 0.9 * tech
    for v in visits:
        assert v.household.tech_help
        village = v.household.village
        assert v.point.division_id in (village.pk, village.parent_id)
        assert FIRST_VISIT <= v.visited_on <= LAST_VISIT
        assert v.point.opened_on is None or v.visited_on >= v.point.opened_on
        assert v.recorded_by == institute_staff
    assert demo_institute(seed=1) == counts  # nothing new
