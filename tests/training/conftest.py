"""Training fixtures: helper_org's pairing in 承德县 (tests.visits), a training record of it,
a registered poor household with two members in its village, a session reporting the record."""

from __future__ import annotations

import datetime as dt

import pytest

from bangfu.core.identifiers.resident_id import make_id_number
from tests.visits.conftest import *  # noqa: F403  (fixtures re-used)

TRAINED_ON = dt.date(2017, 7, 10)
POOR_HEAD = make_id_number("13082119800101123")
POOR_CHILD = make_id_number("13082120000202124")
OTHER = [make_id_number(f"1308211990030{i}125") for i in range(1, 10)]


def training_record(pairing, status="confirmed", persons=40, poor=25):
    """A training record of the pairing with typed figures (created directly)."""
    from bangfu.assistance.models import Assistance

    return Assistance.objects.create(
        pairing=pairing,
        helper=pairing.helper,
        village=pairing.village,
        on=TRAINED_ON,
        pathway="technology",
        kind="training",
        description="中药材种植技术培训",
        persons_trained=persons,
        poor_trained=poor,
        status=status,
    )


@pytest.fixture
def record(pairing):
    return training_record(pairing)


@pytest.fixture
def household(pairing):
    from bangfu.registry.models import Household, Member

    h = Household.objects.create(
        village=pairing.village,
        head_name="王伟",
        id_number=POOR_HEAD,
        phone="13812345678",
        year_registered=2016,
    )
    Member.objects.create(household=h, name="王伟", id_number=POOR_HEAD, relation="head")
    Member.objects.create(household=h, name="王小明", id_number=POOR_CHILD, relation="child")
    return h


@pytest.fixture
def session(record, officer_chengde):
    from bangfu.training.services import session_save

    return session_save(
        user=officer_chengde,
        course="中药材种植技术",
        starts_on=TRAINED_ON,
        ends_on=TRAINED_ON,
        place="村委会",
        village=record.village,
        organiser="helper",
        helper=record.helper,
        teacher="王教授",
        assistance=record,
    )


@pytest.fixture
def bare_session(pairing, officer_chengde):
    """A session of 承德县 by the institute that reports no record."""
    from bangfu.training.services import session_save

    return session_save(
        user=officer_chengde,
        course="果树修剪",
        starts_on=dt.date(2018, 3, 1),
        ends_on=dt.date(2018, 3, 2),
        place="下板城镇政府",
        county=pairing.county,
    )


def add(user, session, id_number, name="张明", certificate_no=""):
    from bangfu.training.services import trainee_save

    return trainee_save(
        user=user,
        session=session,
        name=name,
        id_number=id_number,
        village=session.county.children.first().children.first()
        if session.village_id is None
        else session.village,
        certificate_no=certificate_no,
    )


def matrix_objects(*, helper, pairing, user) -> dict:
    """The access matrix's training objects in 承德县: a session organised by `helper`
    (the liaison's), with one trainee."""
    from bangfu.places.models import Division
    from bangfu.training.models import Trainee, TrainingSession

    session = TrainingSession.objects.create(
        course="中药材种植技术",
        starts_on=TRAINED_ON,
        ends_on=TRAINED_ON,
        place="村委会",
        county=pairing.county,
        village=pairing.village,
        organiser="helper",
        helper=helper,
        recorded_by=user,
    )
    trainee = Trainee.objects.create(
        session=session,
        name="张明",
        id_number=OTHER[0],
        village=Division.objects.get(pk=pairing.village_id),
    )
    return {"training_session": session.pk, "trainee": trainee.pk}
