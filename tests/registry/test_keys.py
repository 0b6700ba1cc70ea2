"""A wrong or missing field-encryption key: `check` names the key id, pages never fail.

The household fixture is encrypted with the test key (A); the tests then configure another
key (B) in FIELD_ENCRYPTION_KEYS, as an operator who deploys the wrong key would.
"""

import base64
import io
import logging

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection

from bangfu.core import crypto
from bangfu.core.checks import encrypted_columns_readable
from bangfu.registry import services
from bangfu.registry.models import Household, Member
from tests.registry.conftest import HEAD_ID, PHONE, SPOUSE_ID

pytestmark = pytest.mark.django_db

KEY_B = base64.urlsafe_b64encode(bytes(range(32))).decode()
KEY_C = base64.urlsafe_b64encode(bytes(range(1, 33))).decode()
PLACEHOLDER = "（无法解密）"


def _use_keys(monkeypatch, value):
    monkeypatch.setenv("FIELD_ENCRYPTION_KEYS", value)
    crypto.encryption_keys.cache_clear()
    crypto._reported.clear()


@pytest.fixture
def keys(monkeypatch):
    """Switch FIELD_ENCRYPTION_KEYS inside a test; the test key comes back afterwards."""
    yield lambda value: _use_keys(monkeypatch, value)
    monkeypatch.delenv("FIELD_ENCRYPTION_KEYS", raising=False)
    crypto.encryption_keys.cache_clear()
    crypto._reported.clear()


def _kid(b64):
    return crypto.key_id(base64.urlsafe_b64decode(b64))


def test_the_check_is_silent_with_the_right_key(household):
    assert encrypted_columns_readable(None) == []


def test_a_missing_key_is_named_by_its_id_in_the_check(household, keys):
    stored_kid = crypto.key_id(crypto.encryption_keys()[0])
    keys(KEY_B)
    errors = encrypted_columns_readable(None)
    assert [(e.id, e.msg) for e in errors] == [
        (
            "bangfu.E002",
            f"registry.{model}.{field}: values are encrypted with key id {stored_kid}, and no "
            "key in FIELD_ENCRYPTION_KEYS has that id.",
        )
        for model, field in (
            ("Household", "id_number"),
            ("Household", "phone"),
            ("Member", "id_number"),
        )
    ]
    assert stored_kid != _kid(KEY_B)


def test_a_key_that_does_not_open_the_values_is_told_apart(household):
    """The configured key has the values' key id but does not open them (a damaged value, or
    a different key given the same id): E003, not E002."""
    token = _raw("registry_household", "phone", household.pk)
    prefix, kid, body = token.split(":")
    data = bytearray(base64.urlsafe_b64decode(body))
    data[15] ^= 0x01
    damaged = f"{prefix}:{kid}:{base64.urlsafe_b64encode(bytes(data)).decode()}"
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE registry_household SET phone = %s WHERE id = %s", [damaged, household.pk]
        )
    errors = encrypted_columns_readable(None)
    assert [(e.id, e.msg) for e in errors] == [
        (
            "bangfu.E003",
            f"registry.Household.phone: the key with id {kid} in FIELD_ENCRYPTION_KEYS does not "
            "decrypt the stored values (a wrong key, or damaged data).",
        )
    ]
    assert Household.objects.get(pk=household.pk).phone == PLACEHOLDER


def test_bangfu_check_fails_naming_the_key(household, keys):
    stored_kid = crypto.key_id(crypto.encryption_keys()[0])
    keys(KEY_B)
    with pytest.raises(SystemCheckError) as exc:
        call_command("check", stdout=io.StringIO(), stderr=io.StringIO())
    assert f"key id {stored_kid}" in str(exc.value)
    assert "bangfu.E002" in str(exc.value)


def test_an_old_key_kept_second_still_reads_and_the_check_passes(household, keys):
    old = base64.urlsafe_b64encode(crypto._dev_key("encryption")).decode()
    keys(f"{KEY_B},{old}")
    assert encrypted_columns_readable(None) == []
    assert Household.objects.get(pk=household.pk).id_number == HEAD_ID


@pytest.mark.parametrize(
    "url",
    [
        "/registry/households/",
        "/registry/households/{ref}/",
        "/registry/households/{ref}/edit/",
        "/registry/villages/130821100201/",
        "/api/v1/households/",
        "/api/v1/households/{ref}/",
        "/data/export/households.xlsx",
        "/data/export/households.csv",
    ],
)
def test_pages_api_and_exports_answer_with_the_placeholder(
    url, household, keys, client_for, officer_chengde
):
    keys(KEY_B)
    resp = client_for(officer_chengde).get(url.format(ref=household.ref))
    assert resp.status_code == 200
    raw = b"".join(resp.streaming_content) if resp.streaming else resp.content
    if raw.startswith(b"PK"):
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
        body = "\n".join(str(v) for ws in book for r in ws.iter_rows(values_only=True) for v in r)
    else:
        body = raw.decode("utf-8-sig")
    if "/edit/" not in url:
        assert PLACEHOLDER in body or PLACEHOLDER in raw.decode("unicode_escape", "replace")
    for full in (HEAD_ID, SPOUSE_ID, PHONE):
        assert full not in body


def test_api_detail_gives_the_placeholder_in_each_field(
    household, keys, client_for, officer_chengde
):
    keys(KEY_B)
    data = client_for(officer_chengde).get(f"/api/v1/households/{household.ref}/").json()
    assert (data["id_number"], data["phone"]) == (PLACEHOLDER, PLACEHOLDER)
    assert [m["id_number"] for m in data["members"]] == [PLACEHOLDER, PLACEHOLDER]


def test_the_failure_is_logged_once_per_column_with_the_key_id_and_no_value(
    household, keys, client_for, officer_chengde, caplog
):
    stored_kid = crypto.key_id(crypto.encryption_keys()[0])
    keys(KEY_B)
    c = client_for(officer_chengde)
    with caplog.at_level(logging.ERROR, logger="bangfu.crypto"):
        c.get("/registry/households/")
        c.get(f"/registry/households/{household.ref}/")
    lines = [r.getMessage() for r in caplog.records if r.name == "bangfu.crypto"]
    assert (
        lines
        == [
            f"cannot decrypt registry_household.id_number: missing (key id {stored_kid}); "
            "check FIELD_ENCRYPTION_KEYS",
            f"cannot decrypt registry_household.phone: missing (key id {stored_kid}); "
            "check FIELD_ENCRYPTION_KEYS",
            f"cannot decrypt registry_member.id_number: missing (key id {stored_kid}); "
            "check FIELD_ENCRYPTION_KEYS",
        ][: len(lines)]
    )
    assert len(lines) >= 2
    for line in lines:
        assert "g1:" not in line


def _raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_saving_an_undecryptable_value_is_refused_and_the_stored_value_kept(
    household, keys, client_for, officer_chengde
):
    before = (_raw("registry_household", "id_number", household.pk), household.id_hash)
    stored_kid = crypto.key_id(crypto.encryption_keys()[0])
    keys(KEY_B)
    resp = client_for(officer_chengde).post(
        f"/registry/households/{household.ref}/edit/",
        {
            "village": household.village_id,
            "head_name": "王伟伟",
            "id_number": "",
            "phone": "",
            "size": 2,
            "year_registered": 2015,
            "monitoring": "none",
        },
    )
    assert resp.status_code == 200
    assert f"（密钥编号 {stored_kid}）" in resp.content.decode()
    h = Household.objects.get(pk=household.pk)
    assert h.head_name == "王伟"
    assert (_raw("registry_household", "id_number", household.pk), h.id_hash) == before
    with pytest.raises(services.ValidationError):
        services.household_save(user=officer_chengde, household=h, head_name="王伟伟")


def test_a_direct_save_writes_the_stored_value_back_unchanged(household, keys):
    member = household.members.get(relation="spouse")
    before = (_raw("registry_member", "id_number", member.pk), member.id_hash, member.birth_date)
    keys(KEY_B)
    m = Member.objects.get(pk=member.pk)
    assert isinstance(m.id_number, crypto.Undecryptable)
    m.name = "李芳芳"
    m.save()
    m.refresh_from_db()
    assert (_raw("registry_member", "id_number", member.pk), m.id_hash, m.birth_date) == before
    old = base64.urlsafe_b64encode(crypto._dev_key("encryption")).decode()
    keys(old)
    assert Member.objects.get(pk=member.pk).id_number == SPOUSE_ID


def test_rotate_keys_leaves_undecryptable_values_as_they_were(household, keys):
    before = _raw("registry_household", "phone", household.pk)
    keys(KEY_B)
    call_command("rotate_keys", stdout=io.StringIO())
    assert _raw("registry_household", "phone", household.pk) == before


def _deploy_check() -> str:
    """`check --deploy`'s report ("" when it passes). The test settings' mail backend is a
    development one (mail.E001), so only our own ids are looked at."""
    try:
        call_command("check", "--deploy", stdout=io.StringIO(), stderr=io.StringIO())
    except SystemCheckError as exc:
        return str(exc)
    return ""


def test_production_check_deploy_fails_on_a_missing_key(household, keys, settings):
    """`check --deploy` with DEBUG=0 (what the production start runs) fails on it too, and
    is clean of it once the key is back."""
    settings.DEBUG = False
    old = base64.urlsafe_b64encode(crypto._dev_key("encryption")).decode()
    keys(old)
    assert "bangfu.E00" not in _deploy_check()
    keys(KEY_B)
    report = _deploy_check()
    assert f"values are encrypted with key id {_kid(old)}, and no key" in report
    assert report.count("(bangfu.E002)") == 3
