"""demo_groups: a roster per county, a recommendation per helping district, most selected."""

from __future__ import annotations

import pytest

from bangfu.demo.groups import demo_groups
from bangfu.groups.models import DemonstrationRecommendation, LeadingGroupMember
from bangfu.groups.selectors import roster_problems, selected_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(programme, counties, region_pairings, city_officer, poor_village_of):
    for code in counties:
        for n in range(3):
            poor_village_of(code, n, main_industries="中药材,肉牛养殖")
    return programme


def snapshot():
    return (
        list(LeadingGroupMember.objects.values_list("county__code", "name", "group_role", "phone")),
        list(DemonstrationRecommendation.objects.values_list("village__code", "selected")),
    )


def test_demo_groups_makes_complete_rosters_and_recommendations(world, counties):
    made = demo_groups(seed=1)
    assert made["liaisons"] == 5
    assert made["recommendations"] == 5
    assert made["selected"] == 4
    for county in counties.values():
        members = LeadingGroupMember.objects.filter(programme=world, county=county)
        assert 5 <= members.count() <= 8
        assert roster_problems(world, county) == []
        liaison = members.get(group_role="liaison")
        assert liaison.phone
        assert liaison.email
        units = set(members.values_list("unit", flat=True))
        assert f"{county.name}人民政府" in units
        assert any("研究院" in u for u in units)
    for rec in DemonstrationRecommendation.objects.select_related("village", "region_pairing"):
        assert rec.village.county_id == rec.region_pairing.county_id
        assert rec.reasons
    assert selected_count(world) == 4


def test_demo_groups_is_idempotent_and_deterministic(world):
    demo_groups(seed=1)
    first = snapshot()
    again = demo_groups(seed=1)
    assert (again["members"], again["recommendations"], again["selected"]) == (0, 0, 0)
    assert snapshot() == first
