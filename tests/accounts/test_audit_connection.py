"""Denials are written on a connection of their own (SECURITY.md §10), for real.

The test suite itself runs without the `audit` alias (the test's transaction is the one
connection that sees the test's rows), so this runs a separate bangfu process on a database of
its own, configured as in production: SQLite (a file) or PostgreSQL (a scratch database),
whichever the suite runs on.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

SCRIPT = """
import json
from django.db import connections, transaction
from bangfu.accounts import audit, audit_verify
from bangfu.accounts.models import AuditEvent
from bangfu.core.context import acting_as

on_audit = []

def spy(execute, sql, params, many, context):
    on_audit.append(sql.split()[0].upper())
    return execute(sql, params, many, context)

with connections["audit"].execute_wrapper(spy):
    with acting_as(channel="web"):
        with transaction.atomic():
            audit.record(event="note", detail="kept")
        try:
            with transaction.atomic():
                audit.record(event="note", detail="rolled back")
                audit.record(event="access_denied", outcome="denied", detail="denied")
                raise PermissionError
        except PermissionError:
            pass
        before_flush = list(AuditEvent.objects.values_list("detail", flat=True))
print(json.dumps({
    "before_flush": before_flush,
    "rows": list(AuditEvent.objects.order_by("id").values_list("event", "detail")),
    "inserts_on_audit": on_audit.count("INSERT"),
    "problems": [p.message for p in audit_verify.verify_trail()[1]],
}))
"""


@pytest.fixture
def scratch_database(tmp_path):
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'bangfu.sqlite3'}"
        return
    import psycopg

    params = connection.get_connection_params()
    name = f"bangfu_audit_conn_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    user, host, port = params.get("user", ""), params.get("host", ""), params.get("port", 5432)
    try:
        yield f"postgres://{user}@{host}:{port}/{name}"
    finally:
        with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_denial_rolled_back_with_its_transaction_is_written_on_the_audit_connection(
    scratch_database, tmp_path
):
    bangfu = str(Path(sys.executable).with_name("bangfu"))
    env = {
        **os.environ,
        "DATABASE_URL": scratch_database,
        "BANGFU_VAR_DIR": str(tmp_path),
        "DEBUG": "1",
    }
    subprocess.run(
        [bangfu, "migrate", "accounts", "--verbosity", "0"], env=env, check=True, timeout=120
    )
    out = subprocess.run(
        [bangfu, "shell", "-c", SCRIPT],
        env=env,
        check=True,
        timeout=60,
        capture_output=True,
        text=True,
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    assert result == {
        "before_flush": ["kept"],
        "rows": [["note", "kept"], ["access_denied", "denied"]],
        "inserts_on_audit": 1,
        "problems": [],
    }
