"""Settings come from the environment; production settings are production-grade."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BANGFU = str(Path(sys.executable).parent / "bangfu")
KEY = "A" * 43 + "="  # base64 of 32 bytes
KEY2 = "B" * 43 + "="
KEY3 = "C" * 43 + "="


def run(args, **env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}
    }
    base.update(env)
    return subprocess.run(
        [BANGFU, *args], capture_output=True, text=True, env=base, cwd=ROOT, timeout=60
    )


def test_production_without_secret_key_stops_with_a_message_naming_it():
    result = run(["check"], DEBUG="0", ALLOWED_HOSTS="bangfu.example.cn")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_settings_pass_the_deployment_check(tmp_path):
    result = run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="0",
        SECRET_KEY="k" * 20 + "-Zx9!q" + "w7" * 20,
        ALLOWED_HOSTS="bangfu.example.cn",
        BANGFU_VAR_DIR=str(tmp_path),
        FIELD_ENCRYPTION_KEYS=KEY,
        FIELD_HASH_KEY=KEY2,
        AUDIT_MAC_KEY=KEY3,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_without_encryption_keys_fails_the_check(tmp_path):
    result = run(
        ["check"],
        DEBUG="0",
        SECRET_KEY="k" * 50,
        ALLOWED_HOSTS="bangfu.example.cn",
        BANGFU_VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS is not set" in result.stderr
    assert "FIELD_HASH_KEY is not set" in result.stderr
    assert "AUDIT_MAC_KEY is not set" in result.stderr


def test_denials_have_a_connection_of_their_own_to_the_same_database():
    code = (
        "from django.conf import settings as s; d, a = s.DATABASES['default'], "
        "s.DATABASES['audit']; print(a['NAME'] == d['NAME'], a['ENGINE'] == d['ENGINE'], "
        "a['CONN_MAX_AGE'])"
    )
    result = run(["shell", "-c", code], DATABASE_URL="postgres://u:p@db.example:5432/bangfu")
    assert result.stdout.strip().splitlines()[-1].split() == ["True", "True", "0"], result.stderr


def test_database_url_selects_postgresql_with_health_checks():
    code = (
        "from django.conf import settings as s; d = s.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'], d['CONN_HEALTH_CHECKS'], d['CONN_MAX_AGE'])"
    )
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://u:p@db.example:5432/bangfu",
        "DJANGO_SETTINGS_MODULE": "bangfu.settings",
    }
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup();" + code],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert out.stdout.split() == ["django.db.backends.postgresql", "bangfu", "True", "60"]


@pytest.mark.django_db
def test_default_database_is_sqlite_in_wal_mode(settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("running on PostgreSQL")
    with connection.cursor() as cur:
        cur.execute("PRAGMA journal_mode")
        mode = cur.fetchone()[0]
    # the in-memory test database cannot use WAL; the setting is what matters
    assert "journal_mode=WAL" in settings.DATABASES["default"]["OPTIONS"]["init_command"]
    assert mode in {"wal", "memory"}


def test_language_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"


def _database_settings(url: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CONN_MAX_AGE"}}
    if url:
        env["DATABASE_URL"] = url
    code = (
        "import json, bangfu.settings as s; d = s.DATABASES['default']; "
        "print(json.dumps({k: d[k] for k in ('ENGINE', 'CONN_MAX_AGE', 'CONN_HEALTH_CHECKS')}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_postgresql_connections_are_kept_and_health_checked():
    # kept connections (CONN_MAX_AGE) are checked before each request reuses them, so that a
    # database restart costs only the requests inside its window (tests/core/test_pg_restart.py)
    assert _database_settings("postgres://bangfu@db.example.cn:5432/bangfu") == {
        "ENGINE": "django.db.backends.postgresql",
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


def test_sqlite_opens_a_connection_per_request():
    assert _database_settings(None)["CONN_MAX_AGE"] == 0
