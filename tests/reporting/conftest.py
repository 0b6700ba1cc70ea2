"""Reporting fixtures: the current programme with its region pairings and the plan's calendar.

Shared by the calendar tests and the leading-group / demonstration tests: add fixtures, do not
rename them."""

from __future__ import annotations

import pytest

from bangfu.places.models import Division, RegionPairing
from tests.assistance.conftest import (  # noqa: F401  (fixtures re-used)
    ON,
    households,
    pairing,
    training,
    village,
)
from tests.pairing.conftest import (  # noqa: F401  (fixtures re-used)
    START,
    make_active,
    make_helper,
    poor_villages,
    programme,
    scan,
    weichang_village,
)


@pytest.fixture
def counties(db):
    return {d.code: d for d in Division.objects.filter(level="county")}


@pytest.fixture
def region_pairings(programme, counties):  # noqa: F811
    names = {
        "130821": "甲区",
        "130822": "乙区",
        "130825": "丙区",
        "130828": "丁区",
        "130881": "戊区",
    }
    return [
        RegionPairing.objects.create(
            programme=programme, helping_district=name, county=counties[code]
        )
        for code, name in names.items()
    ]


@pytest.fixture
def calendar(programme, region_pairings):  # noqa: F811
    """The plan's six reports for 2017–2020 and every county's expected submissions."""
    from bangfu.reporting.calendar import ensure_report_types, generate_submissions

    ensure_report_types(programme)
    generate_submissions(programme)
    return programme


# --------------------------------------------------------------------------- leading groups
# (attachment 3) and demonstration villages (attachment 4): fixtures of tests/reporting/
# test_groups*.py and test_public*.py.


@pytest.fixture
def make_member(programme):  # noqa: F811
    """A roster member written straight to the table (no service checks)."""
    from bangfu.groups.models import LeadingGroupMember

    def make(county, name, group_role, **kw):
        kw.setdefault("unit", f"{county.name}扶贫开发办公室")
        return LeadingGroupMember.objects.create(
            programme=programme, county=county, name=name, group_role=group_role, **kw
        )

    return make


@pytest.fixture
def roster_chengde(counties, make_member):
    """承德县's complete roster: a leader, a deputy, a member and a liaison with a phone."""
    chengde = counties["130821"]
    return [
        make_member(chengde, "赵刚", "leader", post="副县长", unit="承德县人民政府", order=1),
        make_member(chengde, "钱敏", "deputy", post="主任", order=2),
        make_member(chengde, "孙磊", "member", post="副院长", unit="研究院天津分院", order=3),
        make_member(
            chengde,
            "李娜",
            "liaison",
            post="科员",
            phone="13931400001",
            email="lina@example.cn",
            order=4,
        ),
    ]


@pytest.fixture
def poor_village_of():
    """The n-th village of a county, made a registered poor village."""
    from bangfu.registry.models import VillageProfile

    def make(county_code, n=0, **kw):
        qs = Division.objects.filter(level="village", county__code=county_code)
        found = qs.order_by("code")[n]
        kw.setdefault("is_registered_poor", True)
        VillageProfile.objects.update_or_create(village=found, defaults=kw)
        return found

    return make
