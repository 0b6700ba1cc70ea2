"""Correcting a recorded supervision visit: who may, the rules, the version check, its history,
through the service, the page and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from bangfu.accounts.history import history_for
from bangfu.core.models import StaleRecordError
from bangfu.visits import permissions
from bangfu.visits import services as visits
from bangfu.visits.models import FollowUp, InspectorAssignment, Visit

from .conftest import VISITED_ON

pytestmark = pytest.mark.django_db


def _sentences(visit, user=None) -> list[str]:
    with translation.override("zh-hans"):
        return [s for e in history_for(obj=visit, user=user) for s in e.changes]


# --------------------------------------------------------------------------- who may correct


def test_who_may_correct_a_visit(
    visit,
    officer_chengde,
    officer_weichang,
    city_officer,
    institute_staff,
    inspector,
    helper_liaison,
):
    assert permissions.may_edit_visit(officer_chengde, visit)
    assert permissions.may_edit_visit(city_officer, visit)
    assert permissions.may_edit_visit(institute_staff, visit)
    assert not permissions.may_edit_visit(officer_weichang, visit)
    assert not permissions.may_edit_visit(helper_liaison, visit)
    assert not permissions.may_edit_visit(inspector, visit)  # not assigned to 承德县


def test_the_inspector_who_recorded_it_may_correct_it_after_the_assignment_ends(
    pairing, inspector, chengde
):
    assignment = InspectorAssignment.objects.create(
        programme=pairing.programme, year=2017, inspector=inspector, county=chengde
    )
    visit = visits.visit_record(
        user=inspector, county=chengde, visited_on=VISITED_ON, participants="督导员", findings="好"
    )
    assignment.delete()
    assert not permissions.may_record_visit(inspector, chengde)
    visits.visit_update(user=inspector, visit=visit, findings="良好，已核实")
    assert Visit.objects.get(pk=visit.pk).findings == "良好，已核实"


def test_another_county_office_is_refused_and_nothing_changes(visit, officer_weichang):
    with pytest.raises(PermissionDenied):
        visits.visit_update(user=officer_weichang, visit=visit, findings="改")
    assert Visit.objects.get(pk=visit.pk).findings == "中药材基地已种植120亩"


# --------------------------------------------------------------------------- the rules


def test_a_correction_is_in_the_visits_history_with_the_villages(
    visit, officer_chengde, poor_villages
):
    before = visit.version
    other = poor_villages[1]
    visits.visit_update(
        user=officer_chengde,
        visit=visit,
        findings="中药材基地已种植150亩",
        villages=[visit.villages.get(), other],
    )
    visit = Visit.objects.get(pk=visit.pk)
    assert visit.version == before + 1
    assert set(visit.villages.all()) == {poor_villages[0], other}
    sentences = _sentences(visit)
    assert any("中药材基地已种植150亩" in s and "120亩" in s for s in sentences)
    assert any(other.name in s and "督导村" in s for s in sentences), sentences


def test_a_stale_version_is_refused_in_chinese_and_nothing_is_written(visit, officer_chengde):
    read = visit.version
    visits.visit_update(user=officer_chengde, visit=visit, findings="第一次修改")
    stale = Visit.objects.get(pk=visit.pk)
    with translation.override("zh-hans"), pytest.raises(StaleRecordError) as err:
        visits.visit_update(user=officer_chengde, visit=stale, version=read, findings="第二次")
    assert "已被他人修改" in err.value.messages[0]
    assert Visit.objects.get(pk=visit.pk).findings == "第一次修改"


def test_two_readers_of_the_same_row_the_second_save_is_refused(visit, officer_chengde):
    first, second = Visit.objects.get(pk=visit.pk), Visit.objects.get(pk=visit.pk)
    visits.visit_update(user=officer_chengde, visit=first, participants="甲")
    with pytest.raises(StaleRecordError):
        visits.visit_update(user=officer_chengde, visit=second, participants="乙")
    assert Visit.objects.get(pk=visit.pk).participants == "甲"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"findings": "  "}, "findings"),
        ({"participants": ""}, "participants"),
        ({"visited_on": dt.date.today() + dt.timedelta(days=1)}, "visited_on"),
    ],
)
def test_bad_corrections_are_refused_on_their_field(visit, officer_chengde, fields, field):
    with pytest.raises(ValidationError) as err:
        visits.visit_update(user=officer_chengde, visit=visit, **fields)
    assert field in err.value.message_dict
    assert Visit.objects.get(pk=visit.pk).version == visit.version


def test_a_village_of_another_county_is_refused(visit, officer_chengde, weichang_village):
    with pytest.raises(ValidationError) as err:
        visits.visit_update(user=officer_chengde, visit=visit, villages=[weichang_village])
    assert "villages" in err.value.message_dict
    assert list(visit.villages.all()) != [weichang_village]


def test_its_follow_ups_move_with_its_date(visit, follow_up, officer_chengde):
    new_day = VISITED_ON - dt.timedelta(days=2)
    visits.visit_update(user=officer_chengde, visit=visit, visited_on=new_day)
    assert FollowUp.objects.get(pk=follow_up.pk).raised_on == new_day


def test_the_date_may_not_pass_a_follow_ups_due_date(visit, follow_up, officer_chengde):
    with pytest.raises(ValidationError) as err:
        visits.visit_update(
            user=officer_chengde, visit=visit, visited_on=follow_up.due_on + dt.timedelta(days=1)
        )
    assert "visited_on" in err.value.message_dict
    assert Visit.objects.get(pk=visit.pk).visited_on == VISITED_ON


def test_a_visit_whose_follow_ups_are_all_closed_may_still_be_corrected(
    visit, follow_up, officer_chengde
):
    visits.follow_up_close(
        user=officer_chengde, follow_up=follow_up, note="已打机井", on=dt.date(2017, 10, 1)
    )
    visits.visit_update(user=officer_chengde, visit=visit, problems="灌溉水源不足（已解决）")
    assert Visit.objects.get(pk=visit.pk).problems == "灌溉水源不足（已解决）"
    closed = FollowUp.objects.get(pk=follow_up.pk)
    assert (closed.state, closed.closing_note) == ("closed", "已打机井")
    # its date may not move past the day it was closed
    with pytest.raises(ValidationError):
        visits.visit_update(user=officer_chengde, visit=visit, visited_on=dt.date(2017, 10, 2))


# --------------------------------------------------------------------------- the page


def _post(visit, **changes):
    data = {
        "visited_on": visit.visited_on.isoformat(),
        "participants": visit.participants,
        "findings": visit.findings,
        "problems": visit.problems,
        "villages": [v.pk for v in visit.villages.all()],
        "pairings": [p.pk for p in visit.pairings.all()],
        "version": visit.version,
    }
    return {**data, **changes}


def test_the_page_corrects_and_the_visit_page_shows_the_history(client_for, officer_chengde, visit):
    c = client_for(officer_chengde)
    page = c.get(f"/oversight/visits/{visit.pk}/").text
    assert f"/oversight/visits/{visit.pk}/edit/" in page
    form = c.get(f"/oversight/visits/{visit.pk}/edit/").text
    assert "中药材基地已种植120亩" in form
    assert f'name="version" value="{visit.version}"' in form
    resp = c.post(f"/oversight/visits/{visit.pk}/edit/", _post(visit, findings="已种植130亩"))
    assert resp.status_code == 302
    assert Visit.objects.get(pk=visit.pk).findings == "已种植130亩"
    history = c.get(resp["Location"]).text
    assert "已种植130亩" in history
    assert "中药材基地已种植120亩" in history.split('data-testid="history"')[1]


def test_a_stale_page_is_refused_and_what_was_typed_is_kept(client_for, officer_chengde, visit):
    c = client_for(officer_chengde)
    stale = _post(visit, findings="我这边的修改")
    visits.visit_update(user=officer_chengde, visit=visit, findings="别人先改了")
    resp = c.post(f"/oversight/visits/{visit.pk}/edit/", stale)
    assert resp.status_code == 200
    assert "已被他人修改" in resp.text
    assert "我这边的修改" in resp.text  # nothing typed is lost
    assert Visit.objects.get(pk=visit.pk).findings == "别人先改了"
    fresh = Visit.objects.get(pk=visit.pk).version
    assert f'name="version" value="{fresh}"' in resp.text  # a second save is deliberate
    resp = c.post(f"/oversight/visits/{visit.pk}/edit/", {**stale, "version": fresh})
    assert resp.status_code == 302
    assert Visit.objects.get(pk=visit.pk).findings == "我这边的修改"


def test_the_page_shows_a_bad_date_in_chinese(client_for, officer_chengde, visit, follow_up):
    resp = client_for(officer_chengde).post(
        f"/oversight/visits/{visit.pk}/edit/", _post(visit, visited_on="2018-01-05")
    )
    assert resp.status_code == 200
    assert "灌溉水源不足" in resp.text
    assert "早于" in resp.text
    assert Visit.objects.get(pk=visit.pk).visited_on == VISITED_ON


def test_the_page_says_when_all_follow_ups_are_closed(
    client_for, officer_chengde, visit, follow_up
):
    c = client_for(officer_chengde)
    assert 'data-testid="all-closed"' not in c.get(f"/oversight/visits/{visit.pk}/edit/").text
    visits.follow_up_close(user=officer_chengde, follow_up=follow_up, note="已解决")
    assert 'data-testid="all-closed"' in c.get(f"/oversight/visits/{visit.pk}/edit/").text


def test_no_correct_button_for_who_may_not(client_for, inspector, visit):
    page = client_for(inspector).get(f"/oversight/visits/{visit.pk}/").text
    assert "edit-visit" not in page
    assert client_for(inspector).get(f"/oversight/visits/{visit.pk}/edit/").status_code == 403


# --------------------------------------------------------------------------- the API


def test_api_corrects_only_the_fields_sent(client_for, city_officer, visit, poor_villages):
    resp = client_for(city_officer).patch(
        f"/api/v1/visits/{visit.pk}/",
        {"participants": "市合作交流办 王明", "villages": [poor_villages[1].code]},
        content_type="application/json",
    )
    assert resp.status_code == 200, resp.content
    body = resp.json()
    assert body["participants"] == "市合作交流办 王明"
    assert body["villages"] == [poor_villages[1].code]
    assert body["findings"] == "中药材基地已种植120亩"
    assert body["version"] == visit.version + 1


def test_api_stale_version_is_409_in_chinese(client_for, city_officer, visit):
    c = client_for(city_officer)
    url = f"/api/v1/visits/{visit.pk}/"
    assert (
        c.patch(url, {"findings": "一", "version": visit.version}, "application/json").status_code
        == 200
    )
    resp = c.patch(url, {"findings": "二", "version": visit.version}, "application/json")
    assert resp.status_code == 409
    assert "已被他人修改" in resp.json()["detail"]
    assert Visit.objects.get(pk=visit.pk).findings == "一"


def test_api_refuses_unknown_codes_and_other_counties(
    client_for, city_officer, officer_weichang, visit
):
    url = f"/api/v1/visits/{visit.pk}/"
    resp = client_for(city_officer).patch(url, {"villages": ["999"]}, "application/json")
    assert resp.status_code == 400
    assert "villages" in resp.json()
    resp = client_for(officer_weichang).patch(url, {"findings": "x"}, "application/json")
    assert resp.status_code == 404
    assert Visit.objects.get(pk=visit.pk).findings == "中药材基地已种植120亩"
