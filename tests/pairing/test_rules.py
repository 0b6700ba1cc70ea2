"""The pairing rules of the seed (§四(一)), each refused with a message that says why."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from bangfu.pairing.models import Pairing, Status
from bangfu.pairing.services.agreements import agreement_upload
from bangfu.pairing.services.pairings import (
    pairing_activate,
    pairing_agree,
    pairing_end,
    pairing_propose,
)
from bangfu.pairing.services.plans import plan_item_save

from .conftest import PNG_BYTES, START, scan
from .conftest import make_active as active_pairing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in English, whatever language an earlier test left active."""
    from django.utils import translation

    with translation.override("en"):
        yield


def test_a_pairing_goes_from_proposed_to_active_with_a_slot(
    programme, village, helpers, officer_chengde
):
    p = pairing_propose(
        user=officer_chengde,
        helper=helpers[0],
        village=village,
        start_date=START,
        focus="养殖",
        pathways=["industry", "technology"],
    )
    assert p.status == Status.PROPOSED
    assert p.number == "KQ13082120170001"
    assert p.pathway_list == ["technology", "industry"]
    pairing_agree(user=officer_chengde, pairing=p)
    agreement_upload(user=officer_chengde, pairing=p, upload=scan(), signed_on=START)
    p = pairing_activate(user=officer_chengde, pairing=p, on=START)
    assert (p.status, p.slot, p.activated_on) == (Status.ACTIVE, 1, START)


def test_activation_needs_a_signed_agreement(programme, village, helpers, officer_chengde):
    p = pairing_propose(user=officer_chengde, helper=helpers[0], village=village, start_date=START)
    with pytest.raises(ValidationError, match="signed agreement"):
        pairing_activate(user=officer_chengde, pairing=p)
    p.refresh_from_db()
    assert p.status == Status.PROPOSED
    assert p.slot is None


def test_a_sixth_helper_is_refused_naming_the_five(programme, village, helpers, officer_chengde):
    for i, h in enumerate(helpers[:5]):
        active_pairing(officer_chengde, h, village, f"重点{i}")
    with pytest.raises(ValidationError) as err:
        pairing_propose(
            user=officer_chengde,
            helper=helpers[5],
            village=village,
            start_date=START,
            focus="其他",
            content="内容",
        )
    message = " ".join(err.value.messages)
    for h in helpers[:5]:
        assert h.name in message
    assert Pairing.objects.filter(village=village, status="active").count() == 5


def test_a_sixth_activation_is_refused_even_if_proposed_earlier(
    programme, village, helpers, officer_chengde
):
    waiting = pairing_propose(
        user=officer_chengde,
        helper=helpers[5],
        village=village,
        start_date=START,
        focus="等待",
        content="内容",
    )
    agreement_upload(user=officer_chengde, pairing=waiting, upload=scan(), signed_on=START)
    for i, h in enumerate(helpers[:5]):
        active_pairing(officer_chengde, h, village, f"重点{i}")
    with pytest.raises(ValidationError, match="at most 5"):
        pairing_activate(user=officer_chengde, pairing=waiting)
    waiting.refresh_from_db()
    assert waiting.status == Status.PROPOSED


def test_the_database_refuses_a_sixth_slot_and_a_shared_slot(
    programme, village, helpers, officer_chengde
):
    first = active_pairing(officer_chengde, helpers[0], village, "甲")
    other = pairing_propose(
        user=officer_chengde,
        helper=helpers[1],
        village=village,
        start_date=START,
        focus="乙",
        content="内容",
    )
    for slot in (first.slot, 6, 0):
        with pytest.raises(IntegrityError), transaction.atomic():
            Pairing.objects.filter(pk=other.pk).update(status="active", slot=slot)
    # a slot without being active, or active without a slot
    with pytest.raises(IntegrityError), transaction.atomic():
        Pairing.objects.filter(pk=other.pk).update(slot=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Pairing.objects.filter(pk=other.pk).update(status="active")


def test_two_helpers_with_the_same_or_empty_focus_are_refused(
    programme, village, helpers, officer_chengde
):
    active_pairing(officer_chengde, helpers[0], village, "特色种植")
    with pytest.raises(ValidationError) as err:
        pairing_propose(user=officer_chengde, helper=helpers[1], village=village, start_date=START)
    assert "focus" in err.value.message_dict
    assert "content" in err.value.message_dict
    with pytest.raises(ValidationError, match="特色种植"):
        pairing_propose(
            user=officer_chengde,
            helper=helpers[1],
            village=village,
            start_date=START,
            focus=" 特色 种植 ",
            content="内容",
        )


def test_a_duplicate_open_pairing_is_refused(programme, village, helpers, officer_chengde):
    p = pairing_propose(user=officer_chengde, helper=helpers[0], village=village, start_date=START)
    with pytest.raises(ValidationError, match=p.number):
        pairing_propose(user=officer_chengde, helper=helpers[0], village=village, start_date=START)
    with pytest.raises(IntegrityError), transaction.atomic():
        Pairing.objects.create(
            programme=programme,
            helper=helpers[0],
            village=village,
            start_date=START,
            number="X1",
        )


def test_a_village_that_is_not_poor_needs_the_county_office_and_a_reason(
    programme, village, helpers, officer_chengde, city_officer
):
    profile = village.profile
    profile.exited_on = dt.date(2018, 12, 1)
    profile.save()
    with pytest.raises(ValidationError, match="not a registered poor village"):
        pairing_propose(user=officer_chengde, helper=helpers[0], village=village, start_date=START)
    with pytest.raises(ValidationError, match="Only the county office"):
        pairing_propose(
            user=city_officer,
            helper=helpers[0],
            village=village,
            start_date=START,
            eligibility_reason="巩固成果",
        )
    p = pairing_propose(
        user=officer_chengde,
        helper=helpers[0],
        village=village,
        start_date=START,
        eligibility_reason="巩固脱贫成果，防止返贫",
    )
    assert p.eligibility_reason == "巩固脱贫成果，防止返贫"


def test_going_past_capacity_asks_for_a_reason(
    programme, poor_villages, make_helper, officer_chengde
):
    helper = make_helper(capacity=1)
    pairing_propose(user=officer_chengde, helper=helper, village=poor_villages[0], start_date=START)
    with pytest.raises(ValidationError) as err:
        pairing_propose(
            user=officer_chengde, helper=helper, village=poor_villages[1], start_date=START
        )
    assert "capacity_reason" in err.value.message_dict
    p = pairing_propose(
        user=officer_chengde,
        helper=helper,
        village=poor_villages[1],
        start_date=START,
        capacity_reason="企业扩大帮扶规模",
    )
    assert p.capacity_reason == "企业扩大帮扶规模"


def test_a_county_officer_cannot_act_on_another_countys_village(
    programme, weichang_village, helpers, officer_chengde
):
    with pytest.raises(PermissionDenied):
        pairing_propose(
            user=officer_chengde, helper=helpers[0], village=weichang_village, start_date=START
        )
    assert not Pairing.objects.exists()


def test_an_agreement_that_is_not_a_pdf_or_image_or_too_big_is_refused(
    programme, village, helpers, officer_chengde, settings
):
    p = pairing_propose(user=officer_chengde, helper=helpers[0], village=village, start_date=START)
    with pytest.raises(ValidationError, match="not a PDF or an image"):
        agreement_upload(
            user=officer_chengde,
            pairing=p,
            signed_on=START,
            upload=scan("协议.pdf", b"MZ\x90\x00 this is a program", "application/pdf"),
        )
    settings.ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="at most"):
        agreement_upload(
            user=officer_chengde,
            pairing=p,
            signed_on=START,
            upload=scan("big.png", PNG_BYTES + b"\x00" * 2000, "image/png"),
        )
    from bangfu.pairing.models import Agreement

    assert not Agreement.objects.exists()


def test_a_plan_item_due_before_the_start_is_refused(programme, village, helpers, officer_chengde):
    p = pairing_propose(user=officer_chengde, helper=helpers[0], village=village, start_date=START)
    with pytest.raises(ValidationError, match="before the pairing starts"):
        plan_item_save(
            user=officer_chengde,
            pairing=p,
            what="建设大棚",
            indicator="大棚",
            target_value=10,
            unit="个",
            due_date=START - dt.timedelta(days=1),
        )
    assert not p.plan_items.exists()


def test_ending_the_last_pairing_alerts_the_county_and_the_city(
    programme,
    village,
    helpers,
    officer_chengde,
    officer_weichang,
    city_officer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    from bangfu.core.models import Notification

    city_officer.email = "city@example.org"
    city_officer.save()
    p = active_pairing(officer_chengde, helpers[0], village, "养殖")
    with django_capture_on_commit_callbacks(execute=True):
        pairing_end(user=officer_chengde, pairing=p, reason="企业经营困难", on=START)
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {officer_chengde.username, city_officer.username}
    # by e-mail too, to those with an address, with the link to the coverage board
    assert [m.to for m in mailoutbox] == [["city@example.org"]]
    assert "/pairings/coverage/?county=130821" in mailoutbox[0].body
    p.refresh_from_db()
    assert (p.status, p.slot, p.ended_on) == (Status.ENDED, None, START)
