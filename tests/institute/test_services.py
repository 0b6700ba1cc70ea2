"""The institute's services: the network kept in step with the village profiles, visits to
tech-help households only, from a point that serves them, edited by their recorder only,
never in an accepted half-year; every change audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bangfu.accounts.models import AuditEvent
from bangfu.assistance.models import PeriodLock
from bangfu.institute import services
from bangfu.institute.models import TechVisit
from bangfu.places.models import Division, ServicePoint
from bangfu.registry.models import VillageProfile

from .conftest import CHENGDE_VILLAGE, CHENGDE_VILLAGE_2, visit_data

pytestmark = pytest.mark.django_db


def _profile(code):
    return VillageProfile.objects.get(village__code=code)


def test_a_new_workstation_marks_its_village_and_closing_it_clears_the_mark(world, institute_staff):
    village = Division.objects.get(code=CHENGDE_VILLAGE_2)
    VillageProfile.objects.create(village=village, is_registered_poor=True)
    point = services.point_create(
        user=institute_staff,
        kind="workstation",
        division=village,
        master_name="周杰",
        master_phone="139 3141 2222",
    )
    assert _profile(CHENGDE_VILLAGE_2).has_workstation is True
    assert point.staff.get(is_master=True).phone == "13931412222"
    services.point_update(
        user=institute_staff,
        point=point,
        name=point.name,
        status="suspended",
        status_note="站长外出",
        master_name="周杰",
        master_phone="13931412222",
    )
    assert _profile(CHENGDE_VILLAGE_2).has_workstation is True  # suspended is still there
    services.point_update(
        user=institute_staff,
        point=point,
        name=point.name,
        status="closed",
        status_note="并入镇中心",
        master_name="周杰",
        master_phone="13931412222",
    )
    assert _profile(CHENGDE_VILLAGE_2).has_workstation is False
    events = AuditEvent.objects.filter(object_type="places.servicepoint", object_id=str(point.pk))
    assert events.filter(event="create").exists()
    assert events.filter(event="update").count() == 2


@pytest.mark.parametrize(
    ("kind", "code", "field"),
    [
        ("workstation", "130821100", "division"),  # a township is no village
        ("centre", CHENGDE_VILLAGE_2, "division"),  # a village is no township
        ("workstation", CHENGDE_VILLAGE, "division"),  # it already has one
    ],
)
def test_a_point_in_the_wrong_place_is_refused_with_the_reason(
    world, institute_staff, kind, code, field
):
    with pytest.raises(ValidationError) as exc:
        services.point_create(
            user=institute_staff, kind=kind, division=Division.objects.get(code=code)
        )
    assert field in exc.value.message_dict
    assert ServicePoint.objects.count() == 3


def test_a_closed_point_needs_its_reason_and_a_bad_phone_is_refused(world, institute_staff):
    point = world["station"]
    with pytest.raises(ValidationError) as exc:
        services.point_update(user=institute_staff, point=point, name="x", status="closed")
    assert "status_note" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.point_update(
            user=institute_staff, point=point, name="x", master_name="周杰", master_phone="12345"
        )
    assert "master_phone" in exc.value.message_dict
    point.refresh_from_db()
    assert point.status == "open"


def test_only_the_institute_keeps_the_network(world, officer_chengde, city_officer):
    for user in (officer_chengde, city_officer):
        with pytest.raises(PermissionDenied):
            services.staff_add(user=user, point=world["centre"], name="x")
    assert world["centre"].staff.count() == 1


def test_a_visit_is_recorded_and_audited(world, institute_staff):
    visit = services.visit_record(
        user=institute_staff, household=world["a"], point=world["station"], **visit_data()
    )
    assert (visit.county.code, visit.township.code) == ("130821", "130821100")
    assert visit.recorded_by == institute_staff
    assert AuditEvent.objects.filter(
        object_type="institute.techvisit", object_id=str(visit.pk), event="create"
    ).exists()


@pytest.mark.parametrize(
    ("who", "point", "over", "field"),
    [
        ("not_selected", "centre", {}, "household"),
        ("c", "station", {}, "point"),  # 130821100202 has no workstation of its own
        ("weichang", "centre", {}, "point"),  # another township's centre
        ("a", "centre", {"visited_on": dt.date(2016, 5, 1)}, "visited_on"),
        ("a", "station", {"visited_on": dt.date(2017, 4, 1)}, "visited_on"),  # before it opened
        ("a", "centre", {"visited_on": dt.date(2999, 1, 1)}, "visited_on"),
        ("a", "centre", {"subject": "  "}, "subject"),
        ("a", "centre", {"service": "magic"}, "service"),
    ],
)
def test_bad_visits_are_refused_and_nothing_is_written(
    world, institute_staff, who, point, over, field
):
    with pytest.raises(ValidationError) as exc:
        services.visit_record(
            user=institute_staff, household=world[who], point=world[point], **visit_data(**over)
        )
    assert field in exc.value.message_dict
    assert TechVisit.objects.count() == 0


def test_a_closed_point_takes_no_new_visit(world, institute_staff):
    centre = world["centre"]
    centre.status, centre.status_note = "closed", "撤并"
    centre.save()
    with pytest.raises(ValidationError) as exc:
        services.visit_record(
            user=institute_staff, household=world["a"], point=centre, **visit_data()
        )
    assert "已撤销" in exc.value.message_dict["point"][0]
    assert TechVisit.objects.count() == 0


def test_only_the_recorder_edits_a_visit(world, institute_staff, officer_chengde):
    from tests.conftest import _make

    visit = services.visit_record(
        user=institute_staff, household=world["a"], point=world["centre"], **visit_data()
    )
    colleague = _make("institute_2", "institute")
    for user in (colleague, officer_chengde):
        with pytest.raises(PermissionDenied):
            services.visit_update(user=user, visit=visit, result="改")
    services.visit_update(user=institute_staff, visit=visit, result="亩产提高两成")
    visit.refresh_from_db()
    assert visit.result == "亩产提高两成"
    assert AuditEvent.objects.filter(
        object_type="institute.techvisit", object_id=str(visit.pk), event="update"
    ).exists()


def test_an_accepted_half_year_is_closed_to_visits(world, institute_staff):
    visit = services.visit_record(
        user=institute_staff, household=world["a"], point=world["centre"], **visit_data()
    )
    PeriodLock.objects.create(county=world["a"].county, period="2018H1")
    with pytest.raises(ValidationError):
        services.visit_record(
            user=institute_staff, household=world["b"], point=world["centre"], **visit_data()
        )
    with pytest.raises(ValidationError):
        services.visit_update(user=institute_staff, visit=visit, result="改")
    # moving a visit into the closed half-year is refused too
    other = services.visit_record(
        user=institute_staff,
        household=world["b"],
        point=world["centre"],
        **visit_data(visited_on=dt.date(2018, 8, 1)),
    )
    with pytest.raises(ValidationError):
        services.visit_update(user=institute_staff, visit=other, visited_on=dt.date(2018, 5, 1))
    assert TechVisit.objects.count() == 2


def test_scope_a_county_office_sees_its_county_a_liaison_nothing(
    world, institute_staff, officer_chengde, officer_weichang, helper_liaison
):
    services.visit_record(
        user=institute_staff, household=world["a"], point=world["centre"], **visit_data()
    )
    services.visit_record(
        user=institute_staff,
        household=world["weichang"],
        point=world["weichang_centre"],
        **visit_data(),
    )
    assert TechVisit.objects.for_user(institute_staff).count() == 2
    assert {v.county.code for v in TechVisit.objects.for_user(officer_chengde)} == {"130821"}
    assert {v.county.code for v in TechVisit.objects.for_user(officer_weichang)} == {"130828"}
    assert TechVisit.objects.for_user(helper_liaison).count() == 0


def test_the_village_import_may_repeat_but_not_contradict_the_workstation_records(world, tmp_path):
    from bangfu.core.excel.writing import write_xlsx
    from bangfu.core.imports.engine import run_import
    from bangfu.dataio.kinds import specs

    headers = ["村代码", "是否建档立卡贫困村", "有村级科技服务工作站"]
    path = tmp_path / "v.xlsx"
    # 130821100201 has a workstation on record, 130821100202 none
    write_xlsx(
        path,
        title=None,
        headers=headers,
        rows=[[CHENGDE_VILLAGE, "是", "是"], [CHENGDE_VILLAGE_2, "是", "否"]],
    )
    assert run_import(specs()["villages"], path, filename="v.xlsx").errors == []
    write_xlsx(
        path,
        title=None,
        headers=headers,
        rows=[[CHENGDE_VILLAGE, "是", "否"], [CHENGDE_VILLAGE_2, "是", "是"]],
    )
    result = run_import(specs()["villages"], path, filename="v.xlsx")
    assert len(result.errors) == 2
    assert all("工作站" in e.reason for e in result.errors)
    assert _profile(CHENGDE_VILLAGE).has_workstation is True
    assert _profile(CHENGDE_VILLAGE_2).has_workstation is False
