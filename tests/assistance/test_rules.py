"""Assistance records: typed measures, confirmation, locking, and the bad input of the issue."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from bangfu.assistance import indicators
from bangfu.assistance.models import Assistance, AssistanceStatus
from bangfu.assistance.services.locks import period_lock, period_unlock
from bangfu.assistance.services.records import (
    assistance_correct,
    assistance_save,
    assistance_submit,
)
from bangfu.assistance.services.review import (
    assistance_confirm,
    assistance_reopen,
    assistance_return,
)

from .conftest import ON

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_record_is_drafted_submitted_confirmed_and_then_counts(
    training, helper_liaison, officer_chengde, households
):
    record = assistance_save(user=helper_liaison, beneficiaries=households[:2], **training)
    assert (record.status, record.period, record.county.code) == ("draft", "2017H2", "130821")
    assert record.households_reached == 2
    records = indicators.counted_records(county="130821")
    assert indicators.figures(records)["persons_trained"] == 0
    assistance_submit(user=helper_liaison, record=record)
    assistance_confirm(user=officer_chengde, record=record)
    got = indicators.figures(indicators.counted_records(county="130821"))
    assert got["persons_trained"] == 40
    assert got["poor_trained"] == 25
    assert got["households_reached"] == 2
    assert got["people_reached"] == 7
    assert got["helpers"] == got["villages"] == got["records"] == 1


def test_a_negative_or_absurd_amount_is_refused(training, helper_liaison):
    for amount, code in (("-1", "negative"), ("1000000000000", "absurd")):
        with pytest.raises(ValidationError) as err:
            assistance_save(
                user=helper_liaison,
                **{
                    **training,
                    "pathway": "charity",
                    "kind": "money_donation",
                    "money_yuan": amount,
                },
            )
        assert "money_yuan" in err.value.message_dict
        assert err.value.error_dict["money_yuan"][0].code == code
    assert not Assistance.objects.exists()


def test_the_database_refuses_an_absurd_amount_too(training, helper_liaison):
    record = assistance_save(user=helper_liaison, **training)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assistance.objects.filter(pk=record.pk).update(money_yuan=Decimal("2e9"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Assistance.objects.filter(pk=record.pk).update(poor_trained=41)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assistance.objects.filter(pk=record.pk).update(kind="purchase")


def test_poor_persons_cannot_outnumber_persons(training, helper_liaison):
    with pytest.raises(ValidationError, match="cannot outnumber"):
        assistance_save(user=helper_liaison, **{**training, "poor_trained": 41})
    with pytest.raises(ValidationError, match="cannot outnumber"):
        assistance_save(
            user=helper_liaison,
            **{**training, "pathway": "employment", "kind": "jobs", "jobs": 3, "poor_jobs": 4},
        )


def test_a_beneficiary_outside_the_village_is_refused(training, helper_liaison, households):
    with pytest.raises(ValidationError, match=households[2].ref):
        assistance_save(user=helper_liaison, beneficiaries=households, **training)
    assert not Assistance.objects.exists()


def test_a_record_before_its_pairing_began_is_refused(training, helper_liaison, pairing):
    with pytest.raises(ValidationError, match="before pairing"):
        assistance_save(
            user=helper_liaison, **{**training, "on": pairing.start_date - dt.timedelta(days=1)}
        )


def test_a_record_inside_a_locked_period_is_refused(
    training, helper_liaison, officer_chengde, city_officer, village
):
    record = assistance_save(user=helper_liaison, **training)
    assistance_submit(user=helper_liaison, record=record)
    assistance_confirm(user=officer_chengde, record=record)
    period_lock(user=city_officer, county=village.county, period="2017H2")
    with pytest.raises(ValidationError, match="locked"):
        assistance_save(user=helper_liaison, **{**training, "on": ON})
    with pytest.raises(ValidationError, match="locked"):
        assistance_reopen(user=officer_chengde, record=record, reason="改数")
    with pytest.raises(PermissionDenied):
        period_unlock(user=officer_chengde, county=village.county, period="2017H2", reason="x")
    period_unlock(user=city_officer, county=village.county, period="2017H2", reason="更正")
    assistance_reopen(user=officer_chengde, record=record, reason="人数有误")
    record.refresh_from_db()
    assert record.status == AssistanceStatus.DRAFT


def test_a_helper_liaison_cannot_confirm_its_own_record(training, helper_liaison):
    record = assistance_save(user=helper_liaison, **training)
    assistance_submit(user=helper_liaison, record=record)
    with pytest.raises(PermissionDenied):
        assistance_confirm(user=helper_liaison, record=record)
    record.refresh_from_db()
    assert record.status == AssistanceStatus.SUBMITTED


def test_a_record_for_another_countys_village_is_refused(
    training, officer_weichang, weichang_village
):
    with pytest.raises(PermissionDenied):
        assistance_save(user=officer_weichang, **training)
    assert not Assistance.objects.exists()


def test_a_confirmed_record_is_locked_and_corrected_by_a_new_record(
    training, helper_liaison, officer_chengde
):
    record = assistance_save(user=helper_liaison, **training)
    assistance_submit(user=helper_liaison, record=record)
    assistance_confirm(user=officer_chengde, record=record)
    with pytest.raises(ValidationError, match="cannot be edited"):
        assistance_save(user=helper_liaison, record=record, **training)
    fix = assistance_correct(user=helper_liaison, record=record, persons_trained=45)
    assert fix.corrects == record
    assistance_submit(user=helper_liaison, record=fix)
    assistance_confirm(user=officer_chengde, record=fix)
    record.refresh_from_db()
    assert record.status == AssistanceStatus.SUPERSEDED
    got = indicators.figures(indicators.counted_records())
    assert (got["persons_trained"], got["records"]) == (45, 1)


def test_a_sent_back_record_can_be_fixed_and_resubmitted(training, helper_liaison, officer_chengde):
    record = assistance_save(user=helper_liaison, **training)
    assistance_submit(user=helper_liaison, record=record)
    assistance_return(user=officer_chengde, record=record, note="请补充培训照片")
    record.refresh_from_db()
    assert (record.status, record.review_note) == ("returned", "请补充培训照片")
    assistance_save(user=helper_liaison, record=record, **{**training, "persons_trained": 42})
    assistance_submit(user=helper_liaison, record=record)
    record.refresh_from_db()
    assert record.status == "submitted"
