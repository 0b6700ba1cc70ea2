"""/api/v1/tech-visits/: scoped reads, the institute records and edits its own, bad input is a
400 with the reason in Chinese and writes nothing; the endpoints are in the OpenAPI schema."""

from __future__ import annotations

import pytest

from bangfu.institute.models import TechVisit
from tests.conftest import sign_in

from .conftest import visit_data

pytestmark = pytest.mark.django_db

URL = "/api/v1/tech-visits/"


def _body(world, who="a", point="centre", **over):
    data = {**visit_data(**over), "household": world[who].ref, "point": world[point].pk}
    data["visited_on"] = data["visited_on"].isoformat()
    return data


def test_the_institute_records_and_a_county_office_reads_its_county(
    world, client, institute_staff, officer_chengde, officer_weichang
):
    sign_in(client, institute_staff)
    created = client.post(URL, _body(world), content_type="application/json")
    assert created.status_code == 201
    assert created.json()["household"] == world["a"].ref
    client.post(
        URL, _body(world, who="weichang", point="weichang_centre"), content_type="application/json"
    )
    client.logout()
    sign_in(client, officer_chengde)
    listed = client.get(URL).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert {r["county"] for r in rows} == {"130821"}
    client.logout()
    sign_in(client, officer_weichang)
    assert client.get(f"{URL}{created.json()['id']}/").status_code == 404


def test_bad_input_is_a_400_in_chinese_and_nothing_is_written(world, client, institute_staff):
    sign_in(client, institute_staff)
    response = client.post(
        URL,
        _body(world, who="not_selected"),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400
    assert "科技帮扶对象" in response.content.decode()
    response = client.post(URL, {**_body(world), "point": 999999}, content_type="application/json")
    assert response.status_code == 400
    assert TechVisit.objects.count() == 0


def test_only_the_recorder_patches_a_visit(world, client, institute_staff):
    from tests.conftest import _make

    sign_in(client, institute_staff)
    pk = client.post(URL, _body(world), content_type="application/json").json()["id"]
    response = client.patch(f"{URL}{pk}/", {"result": "亩产提高"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["result"] == "亩产提高"
    client.logout()
    sign_in(client, _make("institute_2", "institute"))
    response = client.patch(f"{URL}{pk}/", {"result": "改"}, content_type="application/json")
    assert response.status_code == 403
    assert TechVisit.objects.get().result == "亩产提高"


def test_the_list_filters_by_dates(world, client, institute_staff):
    import datetime as dt

    sign_in(client, institute_staff)
    client.post(URL, _body(world), content_type="application/json")
    client.post(
        URL, _body(world, who="b", visited_on=dt.date(2019, 9, 1)), content_type="application/json"
    )
    listed = client.get(URL + "?start=2019-01-01").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [r["household"] for r in rows] == [world["b"].ref]
    assert client.get(URL + "?start=not-a-date").status_code == 400


def test_the_endpoints_are_in_the_schema(client, institute_staff):
    sign_in(client, institute_staff)
    schema = client.get("/api/schema/?format=json").json()
    assert "/api/v1/tech-visits/" in schema["paths"]
    assert {"get", "post"} <= set(schema["paths"]["/api/v1/tech-visits/"])
    assert "patch" in schema["paths"]["/api/v1/tech-visits/{id}/"]
