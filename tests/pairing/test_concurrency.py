"""Twenty concurrent attempts to add helpers to one village end with exactly five active.

The race needs transactions that really commit, which pytest-django gives only through
flushing transactional tests — forbidden here, the audit table refuses DELETE. So the race
runs in a child process (tests/pairing/concurrency_probe.py) against a scratch database of
the same backend as this test session: a temporary SQLite file, or a fresh PostgreSQL
database on the test server, dropped afterwards. This test never touches the test database.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PROBE_TIMEOUT = 240  # seconds: migrate + divisions + two rounds take ~5 s on either backend
SLOTS = [1, 2, 3, 4, 5]


def _probe_env(tmp_path: Path, database_url: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "TEST_DATABASE_NAME", "TEST_SQLITE_NAME"}
    }
    env.update(
        {
            "BANGFU_VAR_DIR": str(tmp_path),
            "DEBUG": "1",
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": "bangfu.settings",
            "DATABASE_URL": database_url,
        }
    )
    return env


def _run_probe(tmp_path: Path, database_url: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "tests.pairing.concurrency_probe"],
        cwd=ROOT,
        env=_probe_env(tmp_path, database_url),
        capture_output=True,
        text=True,
        timeout=PROBE_TIMEOUT,
        check=False,
    )
    output = f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    assert result.returncode == 0, f"probe exited with {result.returncode}:\n{output}"
    lines = result.stdout.strip().splitlines()
    assert lines, f"probe printed no summary:\n{output}"
    return json.loads(lines[-1])


@pytest.fixture
def scratch_database_url(tmp_path):
    """A database nobody else uses, of the backend this test session runs on."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        yield f"sqlite:///{tmp_path / 'concurrency.sqlite3'}"
        return
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail(f"no concurrency probe for {db['ENGINE']}")
    import psycopg

    name = f"bangfu_conc_{uuid.uuid4().hex[:8]}"
    server = {
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = quote(db.get("USER") or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    where = f"{db.get('HOST') or ''}" + (f":{db['PORT']}" if db.get("PORT") else "")
    try:
        yield f"postgres://{auth}@{where}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_twenty_concurrent_activations_leave_exactly_five_helpers(tmp_path, scratch_database_url):
    summary = _run_probe(tmp_path, scratch_database_url)
    assert summary["engine"] == settings.DATABASES["default"]["ENGINE"]
    report = json.dumps(summary, ensure_ascii=False, indent=1)[:6000]

    # Round 1: through pairing_activate, as twenty officers clicking "activate" at once.
    service = summary["service"]
    assert service["errors"] == [], report  # e.g. "database is locked", deadlock, stale record
    assert service["outcomes"] == {"active": 5, "refused": 15}, report
    assert (service["active"], service["slots"]) == (5, SLOTS), report
    assert sorted(s["slot"] for s in service["successes"]) == SLOTS
    assert sorted(s["helper"] for s in service["successes"]) == service["holders"]
    assert service["peak_in_flight"] > 1, "the threads never overlapped: no race was run"
    for refusal in service["refusals"]:
        assert refusal["codes"] == ["village_full"], refusal
        assert "at most 5" in refusal["message"], refusal
        for name in service["holders"]:  # the refusal names the five helpers present
            assert name in refusal["message"], refusal

    # Round 2: raw UPDATEs racing for slots (i % 5) + 1: the database alone keeps five.
    raw = summary["raw"]
    assert raw["errors"] == [], report
    assert raw["outcomes"] == {"active": 5, "integrity_error": 15}, report
    assert (raw["active"], raw["holding_slot"], raw["slots"]) == (5, 5, SLOTS), report
    assert sorted(s["slot"] for s in raw["successes"]) == SLOTS

    # Every activation wrote its audit row under concurrency: the chain still verifies.
    assert summary["audit_chain_problems"] == [], report
