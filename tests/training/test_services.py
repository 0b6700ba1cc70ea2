"""Training services: sessions, trainees, the poor match and the record drawn from names."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bangfu.accounts.models import AuditEvent
from bangfu.assistance.indicators import counted_records, figures
from bangfu.assistance.models import Assistance, PeriodLock
from bangfu.training import services
from bangfu.training.models import Trainee

from .conftest import OTHER, POOR_CHILD, POOR_HEAD, TRAINED_ON, add, training_record

pytestmark = pytest.mark.django_db


def _figures(county_code="130821"):
    return figures(counted_records(county=county_code))


def test_linking_a_session_without_names_keeps_the_typed_figure(session, record):
    record.refresh_from_db()
    assert (record.persons_trained, record.poor_trained) == (40, 25)
    assert record.trained_from_roster is False


def test_adding_and_removing_trainees_changes_the_record_and_the_indicators(
    session, record, household, officer_chengde
):
    before = _figures()["persons_trained"]
    assert before == 40  # the typed figure of the one confirmed record
    add(officer_chengde, session, POOR_HEAD, name="王伟")
    add(officer_chengde, session, OTHER[1])
    third = add(officer_chengde, session, POOR_CHILD, name="王小明")
    record.refresh_from_db()
    assert (record.persons_trained, record.poor_trained) == (3, 2)
    assert record.trained_from_roster is True
    assert _figures()["persons_trained"] == 3
    assert _figures()["poor_trained"] == 2
    services.trainee_remove(user=officer_chengde, trainee=third)
    record.refresh_from_db()
    assert (record.persons_trained, record.poor_trained) == (2, 1)
    assert _figures()["persons_trained"] == 2
    assert (
        AuditEvent.objects.filter(event="trained_from_roster", object_id=record.number).count()
        == 4  # three names added, one removed
    )


def test_removing_the_last_name_releases_the_figure(session, record, officer_chengde):
    t = add(officer_chengde, session, OTHER[1])
    services.trainee_remove(user=officer_chengde, trainee=t)
    record.refresh_from_db()
    assert (record.persons_trained, record.trained_from_roster) == (0, False)


def test_two_sessions_reporting_one_record_count_together(
    session, record, pairing, officer_chengde
):
    other = services.session_save(
        user=officer_chengde,
        course="第二期",
        starts_on=TRAINED_ON,
        ends_on=TRAINED_ON,
        place="村委会",
        village=pairing.village,
        organiser="helper",
        helper=pairing.helper,
        assistance=record,
    )
    add(officer_chengde, session, OTHER[1])
    add(officer_chengde, other, OTHER[1])  # the same person again: 人次
    add(officer_chengde, other, OTHER[2])
    record.refresh_from_db()
    assert record.persons_trained == 3
    # unlinking the second session leaves the first one's count
    services.session_save(
        user=officer_chengde,
        course="第二期",
        starts_on=TRAINED_ON,
        ends_on=TRAINED_ON,
        place="村委会",
        village=pairing.village,
        organiser="helper",
        helper=pairing.helper,
        assistance=None,
        session=other,
    )
    record.refresh_from_db()
    assert record.persons_trained == 1


def test_a_person_once_per_session_and_a_valid_id(session, officer_chengde):
    add(officer_chengde, session, OTHER[1])
    with pytest.raises(ValidationError) as exc:
        add(officer_chengde, session, OTHER[1], name="别人")
    assert "已在本花名册中" in exc.value.message_dict["id_number"][0]
    with pytest.raises(ValidationError) as exc:
        add(officer_chengde, session, "130821199003011234")
    assert "id_number" in exc.value.message_dict
    assert Trainee.objects.filter(session=session).count() == 1


def test_a_trainee_of_another_county_is_refused(session, officer_chengde):
    from bangfu.places.models import Division

    other = Division.objects.filter(level="village", county__code="130828").first()
    with pytest.raises(ValidationError) as exc:
        services.trainee_save(
            user=officer_chengde, session=session, name="李四", id_number=OTHER[3], village=other
        )
    assert "village" in exc.value.message_dict


def test_the_poor_match_is_by_id_not_typed(session, household, officer_chengde):
    poor = add(officer_chengde, session, POOR_CHILD, name="王小明")
    not_poor = add(officer_chengde, session, OTHER[4])
    assert poor.household == household
    assert poor.is_poor
    assert not not_poor.is_poor


def test_rematch_finds_households_registered_since(session, record, pairing, officer_chengde):
    t = add(officer_chengde, session, OTHER[5])
    assert not t.is_poor
    from bangfu.registry.models import Household

    Household.objects.create(
        village=pairing.village, head_name="张明", id_number=OTHER[5], year_registered=2016
    )
    assert services.session_rematch(user=officer_chengde, session=session) == 1
    record.refresh_from_db()
    assert record.poor_trained == 1


def test_a_locked_half_year_refuses_the_roster_change_and_keeps_nothing(
    session, record, officer_chengde
):
    PeriodLock.objects.create(county=record.county, period=record.period)
    with pytest.raises(ValidationError):
        add(officer_chengde, session, OTHER[1])
    assert not Trainee.objects.filter(session=session).exists()
    record.refresh_from_db()
    assert record.persons_trained == 40


def test_only_a_training_record_of_the_county_and_helper_is_linked(
    pairing, officer_chengde, village, make_helper
):
    from tests.visits.conftest import charity

    gift = charity(pairing, dt.date(2017, 5, 1), money="100")
    kwargs = {
        "user": officer_chengde,
        "course": "课程",
        "starts_on": TRAINED_ON,
        "ends_on": TRAINED_ON,
        "place": "村委会",
        "village": village,
        "organiser": "institute",
    }
    with pytest.raises(ValidationError) as exc:
        services.session_save(assistance=gift, **kwargs)
    assert "assistance" in exc.value.message_dict
    other = make_helper("另一家企业")
    with pytest.raises(ValidationError) as exc:
        services.session_save(
            assistance=training_record(pairing),
            **{**kwargs, "organiser": "helper", "helper": other},
        )
    assert "assistance" in exc.value.message_dict


def test_the_session_checks_its_dates_and_place(officer_chengde, village):
    with pytest.raises(ValidationError) as exc:
        services.session_save(
            user=officer_chengde,
            course="",
            starts_on=dt.date(2017, 5, 2),
            ends_on=dt.date(2017, 5, 1),
            place="",
            village=village,
        )
    assert {"course", "place", "ends_on"} <= set(exc.value.message_dict)


def test_the_record_form_s_figures_cannot_be_typed_while_a_roster_feeds_them(
    session, record, officer_chengde, pairing
):
    from bangfu.assistance.services.records import assistance_save, record_fields

    add(officer_chengde, session, OTHER[1])
    draft = Assistance.objects.get(pk=record.pk)
    draft.status = "draft"
    draft.save(update_fields=["status"])
    fields = record_fields(draft)
    with pytest.raises(ValidationError) as exc:
        assistance_save(user=officer_chengde, record=draft, **{**fields, "persons_trained": 50})
    assert "persons_trained" in exc.value.message_dict
    saved = assistance_save(user=officer_chengde, record=draft, **{**fields, "description": "改"})
    assert saved.persons_trained == 1


# --------------------------------------------------------------------------- who


def test_who_records_sessions(
    pairing,
    village,
    officer_weichang,
    city_officer,
    inspector,
    institute_staff,
    helper_liaison,
    officer_chengde,
):
    kwargs = {
        "course": "课程",
        "starts_on": TRAINED_ON,
        "ends_on": TRAINED_ON,
        "place": "村委会",
        "village": village,
    }
    for user in (officer_weichang, city_officer, inspector):
        with pytest.raises(PermissionDenied):
            services.session_save(user=user, **kwargs)
    assert services.session_save(user=institute_staff, **kwargs).organiser == "institute"
    assert services.session_save(user=officer_chengde, **kwargs).county == pairing.county
    # a liaison's session is its own helper's, whatever it sends
    own = services.session_save(user=helper_liaison, organiser="institute", **kwargs)
    assert own.helper == helper_liaison.helper


def test_a_liaison_keeps_only_its_own_helper_s_rosters(
    session, bare_session, helper_liaison, officer_weichang
):
    add(helper_liaison, session, OTHER[6])  # its helper organised it
    with pytest.raises(PermissionDenied):
        add(helper_liaison, bare_session, OTHER[6])
    with pytest.raises(PermissionDenied):
        add(officer_weichang, session, OTHER[7])


def test_scope_of_reads(
    session, bare_session, officer_chengde, officer_weichang, helper_liaison, city_officer, auditor
):
    from bangfu.training.models import TrainingSession

    add(officer_chengde, session, OTHER[1])
    assert TrainingSession.objects.for_user(officer_weichang).count() == 0
    assert TrainingSession.objects.for_user(city_officer).count() == 2
    assert list(TrainingSession.objects.for_user(helper_liaison)) == [session]
    assert Trainee.objects.for_user(officer_weichang).count() == 0
    assert Trainee.objects.for_user(auditor).count() == 0
    assert Trainee.objects.for_user(helper_liaison).count() == 1


def test_the_id_number_is_stored_encrypted_and_audited_redacted(session, officer_chengde):
    from django.db import connection

    t = add(officer_chengde, session, OTHER[8])
    with connection.cursor() as cur:
        cur.execute("select id_number from training_trainee where id=%s", [t.pk])
        stored = cur.fetchone()[0]
    assert OTHER[8] not in stored
    assert t.masked_id_number == OTHER[8][:6] + "********" + OTHER[8][-4:]
    rows = AuditEvent.objects.filter(object_type="training.trainee", object_id=str(t.pk))
    assert rows.exists()
    assert all(OTHER[8] not in str(r.changes) for r in rows)
