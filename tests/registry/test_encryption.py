"""ID numbers and phones are encrypted at rest: the database file holds no plain copy."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

from bangfu.core import crypto
from tests.registry.conftest import HEAD_ID, PHONE

ROOT = Path(__file__).resolve().parents[2]
BANGFU = str(Path(sys.executable).parent / "bangfu")

CREATE = f"""
from bangfu.places.models import Division
from bangfu.registry.models import Household
from bangfu.registry.models import Member
v = Division.objects.get(code="130821100201")
h = Household.objects.create(village=v, head_name="王伟", id_number="{HEAD_ID}", phone="{PHONE}", year_registered=2015)
Member.objects.create(household=h, name="王伟", id_number="{HEAD_ID}", relation="head")
assert Household.objects.get(pk=h.pk).id_number == "{HEAD_ID}"
"""


def _bangfu(args, env):
    result = subprocess.run(
        [BANGFU, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _scratch_env(tmp_path, database_url=None):
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(BANGFU_VAR_DIR=str(tmp_path), DEBUG="1")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _fill(env):
    _bangfu(["migrate", "--verbosity", "0"], env)
    _bangfu(["load_divisions"], env)
    _bangfu(["shell", "-c", CREATE], env)


@pytest.mark.django_db
def test_sqlite_file_holds_no_plain_id_or_phone(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL variant below covers this run")
    env = _scratch_env(tmp_path)
    _fill(env)
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("bangfu.sqlite3*"))
    assert len(raw) > 100_000
    for secret in (HEAD_ID, PHONE):
        assert secret.encode() not in raw
        assert secret.encode("utf-16-le") not in raw


@pytest.mark.django_db
def test_pg_dump_holds_no_plain_id_or_phone(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("runs when the suite runs on PostgreSQL")
    settings = connection.settings_dict
    name = f"bangfu_enc_{uuid.uuid4().hex[:8]}"
    base = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}"
    import psycopg

    admin = psycopg.connect(f"{base}/postgres", autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        env = _scratch_env(tmp_path, f"{base}/{name}")
        _fill(env)
        dump = subprocess.run(
            [
                "pg_dump",
                "-h",
                settings["HOST"],
                "-p",
                str(settings["PORT"]),
                "-U",
                settings["USER"],
                name,
            ],
            capture_output=True,
            timeout=120,
            check=True,
        ).stdout
        assert b"registry_household" in dump
        for secret in (HEAD_ID, PHONE):
            assert secret.encode() not in dump
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_ciphertext_differs_each_time_and_decrypts():
    a, b = crypto.encrypt(HEAD_ID), crypto.encrypt(HEAD_ID)
    assert a != b
    assert crypto.decrypt(a) == crypto.decrypt(b) == HEAD_ID
    assert crypto.keyed_hash(HEAD_ID) == crypto.keyed_hash(HEAD_ID)


def test_tampered_ciphertext_is_refused():
    import base64

    from cryptography.exceptions import InvalidTag

    token = crypto.encrypt(HEAD_ID)
    prefix, kid, body = token.split(":")
    data = bytearray(base64.urlsafe_b64decode(body))
    data[15] ^= 0x01  # one bit of the ciphertext
    flipped = base64.urlsafe_b64encode(bytes(data)).decode()
    with pytest.raises(crypto.DecryptError) as exc:
        crypto.decrypt(f"{prefix}:{kid}:{flipped}")
    assert (exc.value.reason, exc.value.key_id) == ("failed", kid)
    assert isinstance(exc.value.__cause__, InvalidTag)


@pytest.fixture
def fresh_keys(monkeypatch):
    def use(value):
        monkeypatch.setenv("FIELD_ENCRYPTION_KEYS", value)
        crypto.encryption_keys.cache_clear()

    yield use
    monkeypatch.delenv("FIELD_ENCRYPTION_KEYS", raising=False)
    crypto.encryption_keys.cache_clear()


@pytest.mark.django_db
def test_rotate_keys_re_encrypts_with_the_new_key(fresh_keys):
    from django.core.management import call_command

    from bangfu.places.models import Division
    from bangfu.registry.models import Household, Member

    old, new = "A" * 43 + "=", "B" * 43 + "="
    fresh_keys(old)
    village = Division.objects.get(code="130821100201")
    household = Household.objects.create(
        village=village, head_name="王伟", id_number=HEAD_ID, phone=PHONE, year_registered=2015
    )
    Member.objects.create(household=household, name="王伟", id_number=HEAD_ID, relation="head")
    with connection.cursor() as cur:
        cur.execute("SELECT id_number FROM registry_household WHERE id = %s", [household.pk])
        assert cur.fetchone()[0].split(":")[1] == crypto.key_id(crypto.encryption_keys()[0])
    fresh_keys(f"{new},{old}")
    call_command("rotate_keys")
    fresh_keys(new)  # the old key is gone: everything must still decrypt
    assert Household.objects.get(pk=household.pk).id_number == HEAD_ID
    assert next(m.id_number for m in household.members.order_by("id")) == HEAD_ID
