"""The institute's pages: the network list (filters, scope, export), a point with its work,
the forms (bad input answered in Chinese, nothing lost), visits and the households lists."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from bangfu.institute import services
from bangfu.institute.models import TechVisit
from bangfu.places.models import ServicePoint
from tests.conftest import sign_in

from .conftest import STAFF_PHONE, visit_data

pytestmark = pytest.mark.django_db


def _client(client, user):
    sign_in(client, user)
    return client


def _visit(world, user, who="a", point="centre", **over):
    return services.visit_record(
        user=user, household=world[who], point=world[point], **visit_data(**over)
    )


def test_the_network_list_filters_by_county_township_and_status(world, client, institute_staff):
    c = _client(client, institute_staff)
    page = c.get("/institute/network/").content.decode()
    assert all(world[k].name in page for k in ("centre", "station", "weichang_centre"))
    page = c.get("/institute/network/?county=130828").content.decode()
    assert world["weichang_centre"].name in page
    assert world["centre"].name not in page
    page = c.get("/institute/network/?township=130821100&kind=workstation").content.decode()
    assert world["station"].name in page
    assert world["centre"].name not in page
    page = c.get("/institute/network/?status=closed").content.decode()
    assert world["station"].name not in page


def test_a_county_office_sees_only_its_county_and_404_beyond(world, client, officer_weichang):
    c = _client(client, officer_weichang)
    page = c.get("/institute/network/").content.decode()
    assert world["weichang_centre"].name in page
    assert world["centre"].name not in page
    assert c.get(f"/institute/network/{world['centre'].pk}/").status_code == 404


def test_a_bad_township_code_is_said_in_chinese(world, client, institute_staff):
    page = _client(client, institute_staff).get("/institute/network/?township=12ab").content
    assert "乡镇代码为9位数字" in page.decode()


def test_the_export_has_the_listed_rows_and_masks_numbers_for_the_institute(
    world, client, institute_staff, officer_chengde
):
    response = _client(client, institute_staff).get("/institute/network/network.xlsx?county=130821")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    names = {r[4] for r in rows}
    assert {world["centre"].name, world["station"].name} <= names
    assert world["weichang_centre"].name not in names
    centre_row = next(r for r in rows if r[4] == world["centre"].name)
    assert centre_row[8] == "孙静"
    assert centre_row[9] == "139****1111"
    client.logout()
    response = _client(client, officer_chengde).get("/institute/network/network.xlsx")
    rows = [
        [c.value for c in row]
        for row in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows()
    ]
    assert next(r for r in rows if r[4] == world["centre"].name)[9] == STAFF_PHONE  # own county


def test_a_point_lists_its_staff_masked_and_its_visits(world, client, institute_staff):
    _visit(world, institute_staff)
    _visit(world, institute_staff, who="b", point="station")
    page = _client(client, institute_staff).get(f"/institute/network/{world['centre'].pk}/")
    text = page.content.decode()
    assert "139****1111" in text
    assert STAFF_PHONE not in text
    assert "王伟" in text
    assert "李娜" not in text


def test_creating_a_point_through_the_page(world, client, institute_staff):
    c = _client(client, institute_staff)
    response = c.post(
        "/institute/network/new/",
        {
            "kind": "workstation",
            "division": "130821100202",
            "status": "open",
            "master_name": "周杰",
            "master_phone": "13931412222",
        },
    )
    assert response.status_code == 302
    point = ServicePoint.objects.get(division__code="130821100202")
    assert point.name.endswith("科技服务工作站")


def test_a_bad_point_form_keeps_what_was_typed_and_says_why(world, client, institute_staff):
    c = _client(client, institute_staff)
    response = c.post(
        "/institute/network/new/",
        {
            "kind": "workstation",
            "division": "130821100",
            "name": "新站",
            "status": "open",
            "address": "村委会",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "12位村代码" in text
    assert "新站" in text
    assert "村委会" in text
    assert ServicePoint.objects.count() == 3


def test_editing_keeps_a_masked_phone_left_empty(world, client, institute_staff):
    c = _client(client, institute_staff)
    centre = world["centre"]
    form = c.get(f"/institute/network/{centre.pk}/edit/").content.decode()
    assert STAFF_PHONE not in form
    assert "139****1111" in form
    response = c.post(
        f"/institute/network/{centre.pk}/edit/",
        {"name": centre.name, "status": "open", "master_name": "孙静", "master_phone": ""},
    )
    assert response.status_code == 302
    assert centre.staff.get(is_master=True).phone == STAFF_PHONE


def test_staff_are_added_and_removed(world, client, institute_staff):
    c = _client(client, institute_staff)
    centre = world["centre"]
    c.post(
        f"/institute/network/{centre.pk}/staff/new/",
        {"name": "吴刚", "post": "技术员", "phone": "0314-2345678"},
    )
    staff = centre.staff.get(name="吴刚")
    assert staff.phone == "0314-2345678"
    c.post(f"/institute/network/{centre.pk}/staff/{staff.pk}/remove/")
    assert not centre.staff.filter(name="吴刚").exists()


def test_recording_a_visit_through_the_page(world, client, institute_staff):
    c = _client(client, institute_staff)
    form = c.get(f"/institute/visits/new/?household={world['a'].ref}").content.decode()
    assert world["station"].name in form
    assert world["weichang_centre"].name not in form
    data = {**visit_data(), "household": world["a"].ref, "point": world["station"].pk}
    response = c.post("/institute/visits/new/", data)
    assert response.status_code == 302
    visit = TechVisit.objects.get()
    assert visit.recorded_by == institute_staff


def test_a_visit_to_a_household_not_selected_is_refused_in_chinese(world, client, institute_staff):
    c = _client(client, institute_staff)
    data = {**visit_data(), "household": world["not_selected"].ref, "point": world["centre"].pk}
    response = c.post("/institute/visits/new/", data)
    assert response.status_code == 400
    assert "未确定为科技帮扶对象" in response.content.decode()
    assert TechVisit.objects.count() == 0


def test_only_ones_own_visit_has_an_edit_page(world, client, institute_staff):
    from tests.conftest import _make

    visit = _visit(world, institute_staff)
    colleague = _make("institute_2", "institute")
    assert _client(client, colleague).get(f"/institute/visits/{visit.pk}/edit/").status_code == 403
    client.logout()
    c = _client(client, institute_staff)
    response = c.post(
        f"/institute/visits/{visit.pk}/edit/",
        {**visit_data(result="增收"), "point": world["centre"].pk},
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.result == "增收"


def test_the_visit_list_filters_and_is_scoped(world, client, institute_staff, officer_weichang):
    _visit(world, institute_staff)
    _visit(
        world,
        institute_staff,
        who="weichang",
        point="weichang_centre",
        visited_on=dt.date(2019, 3, 1),
    )
    c = _client(client, institute_staff)
    page = c.get("/institute/visits/?start=2019-01-01").content.decode()
    assert "赵敏" in page
    assert "王伟" not in page
    bad = c.get("/institute/visits/?start=2019-05-01&end=2019-01-01")
    assert bad.status_code == 400
    assert "开始日期晚于结束日期" in bad.content.decode()
    client.logout()
    page = _client(client, officer_weichang).get("/institute/visits/").content.decode()
    assert "赵敏" in page
    assert "王伟" not in page


def test_not_reached_this_half_year_lists_the_centres_households_without_a_visit(
    world, client, institute_staff
):
    _visit(world, institute_staff, visited_on=dt.date(2018, 5, 10))  # 王伟 in 2018H1
    _visit(world, institute_staff, who="b", visited_on=dt.date(2017, 10, 1))  # 李娜 earlier
    c = _client(client, institute_staff)
    url = f"/institute/network/{world['centre'].pk}/not-reached/"
    page = c.get(url + "?period=2018H1").content.decode()
    assert "李娜" in page
    assert "张强" in page
    assert "王伟" not in page
    assert "赵敏" not in page
    assert "刘洋" not in page
    # by default the current half-year: nobody was visited in it
    page = c.get(url).content.decode()
    assert "王伟" in page
    bad = c.get(url + "?period=2018X")
    assert bad.status_code == 400
    assert "2017H2" in bad.content.decode()  # the error says how a period is written
    assert c.get(f"/institute/network/{world['station'].pk}/not-reached/").status_code == 404


def test_the_lists_do_not_query_per_row(
    world, client, institute_staff, django_assert_max_num_queries
):
    from .conftest import make_household, make_point

    for code in ("130821100202", "130821100203", "130821100204"):
        make_point(code, "workstation")
        for n in range(3):
            h = make_household(code, f"户{code[-1]}{n}")
            TechVisit.objects.create(
                household=h, point=world["centre"], recorded_by=institute_staff, **visit_data()
            )
    c = _client(client, institute_staff)
    for url in ("/institute/network/", "/institute/visits/", "/institute/households/"):
        with django_assert_max_num_queries(25):
            assert c.get(url).status_code == 200
