"""Supervision visits, follow-ups and problems raised by helpers: the rules (services)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from bangfu.core.models import Notification
from bangfu.visits import permissions, selectors
from bangfu.visits import services as visits
from bangfu.visits.models import FollowUp, Visit

from .conftest import PNG_BYTES, VISITED_ON, scan

pytestmark = pytest.mark.django_db


def _visit_fields(**extra):
    return {
        "visited_on": VISITED_ON,
        "participants": "督导组",
        "findings": "进展顺利",
        **extra,
    }


# --------------------------------------------------------------------------- who may record


def test_may_record_visit_by_role(
    officer_chengde,
    officer_weichang,
    city_officer,
    institute_staff,
    inspector,
    helper_liaison,
    auditor,
    chengde,
):
    """County offices their own county only; inspectors the counties they are assigned;
    city and institute every county; helpers and the auditor none."""
    from bangfu.places.models import Programme
    from bangfu.visits.models import InspectorAssignment

    assert permissions.may_record_visit(officer_chengde, chengde)
    assert not permissions.may_record_visit(officer_weichang, chengde)
    assert permissions.may_record_visit(city_officer, chengde)
    assert permissions.may_record_visit(institute_staff, chengde)
    assert not permissions.may_record_visit(inspector, chengde)  # not assigned
    programme = Programme.objects.create(name="行动", start_year=2017, end_year=2020)
    InspectorAssignment.objects.create(
        programme=programme, year=2018, inspector=inspector, county=chengde
    )
    assert permissions.may_record_visit(inspector, chengde)
    assert not permissions.may_record_visit(inspector, officer_weichang.county)
    assert not permissions.may_record_visit(helper_liaison, chengde)
    assert not permissions.may_record_visit(auditor, chengde)


def test_visit_records_villages_pairings_files_and_recorder(pairing, officer_chengde, chengde):
    visit = visits.visit_record(
        user=officer_chengde,
        county=chengde,
        villages=[pairing.village],
        pairings=[pairing],
        uploads=[scan("photo.png", PNG_BYTES, "image/png")],
        problems="缺少冷库",
        **_visit_fields(),
    )
    assert list(visit.villages.all()) == [pairing.village]
    assert list(visit.pairings.all()) == [pairing]
    assert visit.files.get().content_type == "image/png"
    assert visit.recorded_by == officer_chengde
    assert visit.problems == "缺少冷库"


def test_county_officer_cannot_record_a_visit_to_another_county(officer_weichang, chengde):
    """Bad input: 围场县's office visiting 承德县 is refused, and nothing is saved."""
    with pytest.raises(PermissionDenied):
        visits.visit_record(user=officer_weichang, county=chengde, **_visit_fields())
    assert Visit.objects.count() == 0


def test_a_village_of_another_county_is_refused(
    officer_chengde, chengde, village, weichang_village
):
    """Bad input: a 围场县 village in a 承德县 visit: the error names it; nothing saved."""
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        visits.visit_record(
            user=officer_chengde,
            county=chengde,
            villages=[village, weichang_village],
            **_visit_fields(),
        )
    assert exc.value.message_dict["villages"] == [
        f"Not villages of {chengde.name}: {weichang_village.name}."
    ]
    assert Visit.objects.count() == 0


def test_a_pairing_of_another_county_is_refused(
    programme, officer_weichang, weichang, pairing, city_officer
):
    with pytest.raises(ValidationError) as exc:
        visits.visit_record(
            user=city_officer, county=weichang, pairings=[pairing], **_visit_fields()
        )
    assert "pairings" in exc.value.message_dict
    assert Visit.objects.count() == 0


def test_a_visit_in_the_future_is_refused(officer_chengde, chengde):
    with pytest.raises(ValidationError):
        visits.visit_record(
            user=officer_chengde,
            county=chengde,
            **_visit_fields(visited_on=dt.date.today() + dt.timedelta(days=2)),
        )
    assert Visit.objects.count() == 0


def test_a_bad_file_rolls_the_visit_back(officer_chengde, chengde):
    with pytest.raises(ValidationError):
        visits.visit_record(
            user=officer_chengde,
            county=chengde,
            uploads=[scan("virus.pdf", b"MZ\x90\x00" * 8, "application/pdf")],
            **_visit_fields(),
        )
    assert Visit.objects.count() == 0


# --------------------------------------------------------------------------- follow-ups


def test_follow_up_has_owner_due_date_and_is_open(follow_up, visit):
    assert follow_up.source == "visit"
    assert follow_up.visit == visit
    assert follow_up.county_id == visit.county_id
    assert follow_up.raised_on == VISITED_ON
    assert follow_up.owner_name == "下板城镇政府"
    assert follow_up.state == "open"


def test_follow_up_due_before_the_visit_is_refused(visit, officer_chengde):
    """Bad input: due the day before the visit: the error says so; nothing saved."""
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        visits.follow_up_add(
            user=officer_chengde,
            visit=visit,
            problem="道路损毁",
            owner_name="镇政府",
            due_on=VISITED_ON - dt.timedelta(days=1),
        )
    assert exc.value.message_dict["due_on"] == ["Due on 2017-09-11, before the visit (2017-09-12)."]
    assert FollowUp.objects.count() == 0


def test_database_refuses_a_follow_up_due_before_it_was_raised(visit):
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.create(
            source="visit",
            county=visit.county,
            visit=visit,
            problem="x",
            owner_name="y",
            raised_on=VISITED_ON,
            due_on=VISITED_ON - dt.timedelta(days=1),
        )


def test_follow_up_needs_an_owner(visit, officer_chengde):
    with pytest.raises(ValidationError) as exc:
        visits.follow_up_add(
            user=officer_chengde, visit=visit, problem="道路", owner_name=" ", due_on=VISITED_ON
        )
    assert "owner_name" in exc.value.message_dict
    assert FollowUp.objects.count() == 0


def test_closing_without_a_note_is_refused(follow_up, officer_chengde):
    """Bad input: closing with an empty note: refused with the reason; still open."""
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        visits.follow_up_close(user=officer_chengde, follow_up=follow_up, note="   ")
    assert exc.value.message_dict["note"] == [
        "Say what was done: a follow-up is closed with a note."
    ]
    follow_up.refresh_from_db()
    assert follow_up.state == "open"
    assert follow_up.closed_on is None
    assert follow_up.closing_note == ""


def test_database_refuses_a_closed_follow_up_without_a_note(follow_up):
    follow_up.state = "closed"
    follow_up.closed_on = dt.date(2017, 10, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        follow_up.save()


def test_closing_with_a_note(follow_up, officer_chengde):
    visits.follow_up_close(
        user=officer_chengde, follow_up=follow_up, note="已打机井一眼", on=dt.date(2017, 10, 9)
    )
    follow_up.refresh_from_db()
    assert (follow_up.state, follow_up.closing_note, follow_up.closed_on) == (
        "closed",
        "已打机井一眼",
        dt.date(2017, 10, 9),
    )
    assert follow_up.closed_by == officer_chengde
    with pytest.raises(ValidationError):
        visits.follow_up_close(user=officer_chengde, follow_up=follow_up, note="again")


def test_another_county_cannot_close(follow_up, officer_weichang):
    with pytest.raises(PermissionDenied):
        visits.follow_up_close(user=officer_weichang, follow_up=follow_up, note="done")
    follow_up.refresh_from_db()
    assert follow_up.state == "open"


def test_owner_account_may_close_its_follow_up(
    visit, officer_chengde, institute_staff, make_helper
):
    from bangfu.accounts.models import User

    township = User.objects.create(username="tw", role="county", county=visit.county)
    f = visits.follow_up_add(
        user=officer_chengde,
        visit=visit,
        problem="道路",
        owner_name="镇政府",
        owner=township,
        due_on=VISITED_ON,
    )
    assert permissions.may_close(township, f)
    visits.follow_up_close(user=township, follow_up=f, note="修好了", on=VISITED_ON)


def test_overdue_lists_by_county_and_for_the_city(
    follow_up, officer_chengde, officer_weichang, city_officer, inspector, helper_liaison
):
    """Open and past due: 承德县's office and the city office see it; 围场县's does not;
    closed or not yet due ones are not overdue."""
    today = dt.date(2017, 12, 1)
    assert list(selectors.overdue_for_user(user=officer_chengde, today=today)) == [follow_up]
    assert list(selectors.overdue_for_user(user=city_officer, today=today)) == [follow_up]
    assert list(selectors.overdue_for_user(user=inspector, today=today)) == [follow_up]
    assert list(selectors.overdue_for_user(user=officer_weichang, today=today)) == []
    assert list(selectors.overdue_for_user(user=helper_liaison, today=today)) == []
    assert list(selectors.overdue_for_user(user=city_officer, today=dt.date(2017, 11, 30))) == []
    visits.follow_up_close(
        user=officer_chengde, follow_up=follow_up, note="ok", on=dt.date(2017, 10, 1)
    )
    assert list(selectors.overdue_for_user(user=city_officer, today=today)) == []


# --------------------------------------------------------------------------- first round


def test_first_round_by_county_and_year(pairing, officer_chengde, city_officer, chengde):
    """A county counts for a year when its first visit was on or before 20 October."""
    for day in (dt.date(2017, 10, 20), dt.date(2017, 11, 2), dt.date(2018, 10, 21)):
        visits.visit_record(user=officer_chengde, county=chengde, **_visit_fields(visited_on=day))
    rows = {
        (r.county.code, r.year): r
        for r in selectors.first_round(user=city_officer, years=[2017, 2018, 2019])
    }
    assert len(rows) == 15  # five counties × three years
    r2017 = rows[("130821", 2017)]
    assert (r2017.visits, r2017.first_visit, r2017.by_deadline) == (
        2,
        dt.date(2017, 10, 20),
        True,
    )
    r2018 = rows[("130821", 2018)]
    assert (r2018.visits, r2018.by_deadline) == (1, False)
    assert rows[("130828", 2017)].visits == 0
    assert not rows[("130828", 2017)].by_deadline
    own = selectors.first_round(user=officer_chengde, years=[2017])
    assert [r.county.code for r in own] == ["130821"]


# --------------------------------------------------------------------------- helper problems


def test_helper_raises_a_problem_about_its_pairing(
    pairing, helper_liaison, officer_chengde, officer_weichang, city_officer
):
    """The problem goes to the pairing's county office, owned by it, due in 30 days, and the
    county office (only) is told in-app."""
    f = visits.helper_problem_raise(
        user=helper_liaison, problem="用地审批缓慢", details="大棚用地", pairing=pairing
    )
    assert (f.source, f.county_id, f.helper_id, f.village_id) == (
        "helper",
        pairing.county_id,
        pairing.helper_id,
        pairing.village_id,
    )
    assert f.due_on - f.raised_on == dt.timedelta(days=visits.HELPER_PROBLEM_DAYS)
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {
        "officer_chengde"
    }
    assert Notification.objects.get().url == f.get_absolute_url()


def test_helper_problem_about_another_helpers_pairing_is_refused(
    pairing, make_helper, helper_liaison, programme, poor_villages, officer_chengde
):
    from tests.pairing.conftest import make_active

    other = make_active(officer_chengde, make_helper(), poor_villages[1], "养殖")
    with pytest.raises(ValidationError):
        visits.helper_problem_raise(user=helper_liaison, problem="x", pairing=other)
    assert FollowUp.objects.count() == 0


def test_general_problem_needs_a_county(helper_liaison, chengde):
    with pytest.raises(ValidationError):
        visits.helper_problem_raise(user=helper_liaison, problem="税收优惠如何申请")
    f = visits.helper_problem_raise(user=helper_liaison, problem="税收优惠如何申请", county=chengde)
    assert f.pairing_id is None
    assert f.county == chengde


def test_only_liaisons_raise_problems(officer_chengde, chengde):
    with pytest.raises(PermissionDenied):
        visits.helper_problem_raise(user=officer_chengde, problem="x", county=chengde)


def test_liaison_sees_its_own_problems_and_the_answer(
    pairing, helper_liaison, officer_chengde, officer_weichang, make_helper, chengde, visit
):
    from bangfu.accounts.models import User

    f = visits.helper_problem_raise(user=helper_liaison, problem="资金拨付慢", pairing=pairing)
    other_helper = make_helper()
    other_liaison = User.objects.create(username="other", role="helper", helper=other_helper)
    visits.helper_problem_raise(user=other_liaison, problem="别家的问题", county=chengde)
    # the liaison sees its own problem only: never another helper's, never visit follow-ups
    visits.follow_up_add(
        user=officer_chengde, visit=visit, problem="内部", owner_name="镇", due_on=VISITED_ON
    )
    assert list(FollowUp.objects.for_user(helper_liaison)) == [f]
    # a liaison may not answer its own problem; 围场县's office may not either
    with pytest.raises(PermissionDenied):
        visits.follow_up_close(user=helper_liaison, follow_up=f, note="自己关")
    with pytest.raises(PermissionDenied):
        visits.follow_up_close(user=officer_weichang, follow_up=f, note="x")
    Notification.objects.all().delete()
    visits.follow_up_close(user=officer_chengde, follow_up=f, note="已协调财政局，本周拨付")
    answered = FollowUp.objects.for_user(helper_liaison).get()
    assert answered.closing_note == "已协调财政局，本周拨付"
    assert Notification.objects.get().recipient == helper_liaison


def test_inspector_may_not_answer_helper_problems(pairing, helper_liaison, inspector):
    f = visits.helper_problem_raise(user=helper_liaison, problem="x", pairing=pairing)
    assert not permissions.may_close(inspector, f)
    with pytest.raises(PermissionDenied):
        visits.follow_up_close(user=inspector, follow_up=f, note="x")
