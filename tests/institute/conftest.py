"""A small world of the institute's work: centres, a workstation, tech-help households."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from bangfu.core.identifiers.resident_id import make_id_number
from bangfu.places.models import Division, Programme, ServicePoint, ServiceStaff
from bangfu.registry.models import Household, VillageProfile

_SEQ = itertools.count(1)

CHENGDE_TOWNSHIP = "130821100"  # 下板城镇
CHENGDE_VILLAGE = "130821100201"
CHENGDE_VILLAGE_2 = "130821100202"
STAFF_PHONE = "13931411111"


def make_household(village_code: str, name: str, *, tech_help: bool = True) -> Household:
    """A household of `village_code` with an ID number of its county, never used twice."""
    village = Division.objects.get(code=village_code)
    n = next(_SEQ)
    id_number = make_id_number(f"{village.county.code}1980{1 + n % 12:02d}{1 + n % 28:02d}{n:03d}")
    return Household.objects.create(
        village=village,
        head_name=name,
        id_number=id_number,
        year_registered=2016,
        tech_help=tech_help,
    )


def make_point(code: str, kind: str, **extra) -> ServicePoint:
    division = Division.objects.get(code=code)
    suffix = "科技服务中心" if kind == "centre" else "科技服务工作站"
    return ServicePoint.objects.create(
        kind=kind, division=division, name=f"{division.name}{suffix}", **extra
    )


@pytest.fixture
def programme(db):
    return Programme.objects.create(
        name="科企帮万村", start_year=2017, end_year=2020, is_current=True
    )


@pytest.fixture
def world(programme):
    """承德县 下板城镇: a centre (with a master), a workstation in 130821100201 whose profile
    says so; three tech-help households and one not selected; 围场县: a centre and one
    tech-help household."""
    centre = make_point(CHENGDE_TOWNSHIP, "centre", opened_on=dt.date(2017, 4, 20))
    ServiceStaff.objects.create(
        point=centre, name="孙静", post="站长", phone=STAFF_PHONE, is_master=True
    )
    station = make_point(CHENGDE_VILLAGE, "workstation", opened_on=dt.date(2017, 5, 1))
    VillageProfile.objects.create(
        village=Division.objects.get(code=CHENGDE_VILLAGE),
        is_registered_poor=True,
        has_workstation=True,
    )
    weichang_village = (
        Division.objects.filter(level="village", county__code="130828").order_by("code").first()
    )
    weichang_centre = make_point(weichang_village.parent.code, "centre")
    return {
        "centre": centre,
        "station": station,
        "weichang_centre": weichang_centre,
        "a": make_household(CHENGDE_VILLAGE, "王伟"),
        "b": make_household(CHENGDE_VILLAGE, "李娜"),
        "c": make_household(CHENGDE_VILLAGE_2, "张强"),
        "not_selected": make_household(CHENGDE_VILLAGE, "刘洋", tech_help=False),
        "weichang": make_household(weichang_village.code, "赵敏"),
    }


def visit_data(**over) -> dict:
    data = {
        "visited_on": dt.date(2018, 5, 10),
        "service": "guidance",
        "subject_kind": "crop",
        "subject": "黄芩",
        "description": "到户查看黄芩长势",
        "result": "掌握田间管理要点",
    }
    data.update(over)
    return data


def institute_matrix_objects(household_village: str = CHENGDE_VILLAGE) -> dict:
    """The access matrix's records of the institute: 下板城镇's centre (already made by the
    matrix as `point_chengde`) gets a tech-help household and one visit recorded by the
    institute's account when it exists."""
    from bangfu.accounts.models import User
    from bangfu.institute.models import TechVisit

    centre = ServicePoint.objects.get(division__code=CHENGDE_TOWNSHIP, kind="centre")
    ServiceStaff.objects.create(point=centre, name="孙静", post="站长", phone=STAFF_PHONE)
    household = make_household(household_village, "陈刚")
    visit = TechVisit.objects.create(
        household=household,
        point=centre,
        recorded_by=User.objects.filter(username="institute_staff").first(),
        **visit_data(),
    )
    return {
        "tech_visit": visit.pk,
        "tech_staff": centre.staff.get().pk,
        "tech_household": household.ref,
    }
