import pytest
from django.core.exceptions import ValidationError

from bangfu.accounts.models import AuditEvent
from bangfu.core.masking import mask_id, mask_phone, scrub
from bangfu.core.models import StaleRecordError
from bangfu.places.models import Programme

pytestmark = pytest.mark.django_db


def test_second_of_two_concurrent_edits_is_refused_with_a_clear_message():
    p = Programme.objects.create(name="P", start_year=2017, end_year=2020)
    alice = Programme.objects.get(pk=p.pk)
    bob = Programme.objects.get(pk=p.pk)
    alice.end_year = 2021
    alice.save()
    bob.description = "bob's change"
    with pytest.raises(StaleRecordError) as exc:
        bob.save()
    assert "已被他人修改" in str(exc.value.messages[0])
    fresh = Programme.objects.get(pk=p.pk)
    assert (fresh.end_year, fresh.description, fresh.version) == (2021, "", 2)
    assert AuditEvent.objects.filter(object_type="places.programme", event="update").count() == 1


def test_version_increments_on_each_save_and_created_stamp_stays():
    p = Programme.objects.create(name="P", start_year=2017, end_year=2020)
    created = p.created_at
    p.end_year = 2021
    p.save()
    p.end_year = 2022
    p.save(update_fields=["end_year"])
    p.refresh_from_db()
    assert (p.version, p.end_year, p.created_at) == (3, 2022, created)
    assert p.updated_at >= created


def test_stale_record_error_is_a_validation_error_for_forms():
    assert issubclass(StaleRecordError, ValidationError)


def test_database_constraints_hold_without_the_application():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.create(name="Bad", start_year=2020, end_year=2017)
    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.create(
            name="Six", start_year=2017, end_year=2020, max_helpers_per_village=6
        )


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("130821199001011234", "130821********1234"),
        ("13082119900101123X", "130821********123X"),
        ("", ""),
    ],
)
def test_mask_id(raw, masked):
    assert mask_id(raw) == masked


def test_mask_phone():
    assert mask_phone("13812341234") == "138****1234"


def test_scrub_masks_numbers_inside_text_but_leaves_division_codes():
    text = "村 130821100201 户主身份证 13082119900101123x 电话13812341234"
    assert scrub(text) == "村 130821100201 户主身份证 130821********123x 电话138****1234"


def test_scrub_leaves_digits_inside_hex_macs_and_masks_numbers_beside_punctuation():
    """An audit row's detail may quote a MAC: eleven digits inside hex are not a phone
    (a masked MAC could no longer be checked); beside CJK text or punctuation they are."""
    mac = "0a3cfd7449f17165401922ce6ae0"
    assert scrub(f"up to row 3 (MAC {mac})") == f"up to row 3 (MAC {mac})"
    assert scrub("电话:13812341234,") == "电话:138****1234,"
    assert scrub("(13812341234)") == "(138****1234)"
