"""The API against its own OpenAPI schema, with schemathesis (issue 12): every operation,
as a city officer and as a county officer, with a bounded number of generated requests.
No answer may be a server error, and every answer must be one the schema documents (its
status code, content type and body).

The server is the real one (`bangfu runserver`, DEBUG off, as in production) in a
subprocess, on a scratch database of its own, seeded by `tests.api_fuzz.seed`: a scratch
SQLite file, or a scratch PostgreSQL database (created and dropped here) when DATABASE_URL
points at PostgreSQL. pytest-django's test database is not used (its flush would DELETE
from the audit table, which the triggers refuse).

The figures of the run (operations, cases, server errors, schema violations) are written to
test-artifacts/schemathesis-<database>.json."""

from __future__ import annotations

import base64
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "6"))
ROLES = {"city": "city_officer", "county": "officer_chengde"}  # role -> seeded account
START_TIMEOUT = 30
SEED_TIMEOUT = 180


def _bangfu() -> list[str]:
    script = Path(sys.executable).parent / "bangfu"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bangfu.cli"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _with_database(url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def _admin(url: str, sql: str) -> None:
    """CREATE/DROP DATABASE on the PostgreSQL server of `url` (through its `postgres` db)."""
    import psycopg

    with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql)


def api_token(env: dict[str, str], username: str) -> str:
    """An API token for `username`, the way an operator issues one (`drf_create_token`)."""
    out = subprocess.run(
        [*_bangfu(), "drf_create_token", username],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return out.split("Generated token ", 1)[1].split()[0]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(base URL, database label, tokens by role) of a seeded server, DEBUG off."""
    var_dir = tmp_path_factory.mktemp("bangfu-schemathesis")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "TEST_DATABASE_NAME", "TEST_SQLITE_NAME")
    }
    env.update(
        BANGFU_VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="bangfu.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        FIELD_ENCRYPTION_KEYS=base64.b64encode(secrets.token_bytes(32)).decode(),
        FIELD_HASH_KEY=base64.b64encode(secrets.token_bytes(32)).decode(),
        AUDIT_MAC_KEY=base64.b64encode(secrets.token_bytes(32)).decode(),
        PYTHONUNBUFFERED="1",
        LOG_LEVEL="WARNING",
    )
    outer = _postgres_url()
    scratch = None
    if outer:
        scratch = f"bangfu_schemathesis_{os.getpid()}"
        _admin(outer, f'DROP DATABASE IF EXISTS "{scratch}"')
        _admin(outer, f'CREATE DATABASE "{scratch}"')
        env["DATABASE_URL"] = _with_database(outer, scratch)
    proc = None
    try:
        seed = subprocess.run(
            [sys.executable, "-m", "tests.api_fuzz.seed"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=SEED_TIMEOUT,
            check=False,
        )
        assert seed.returncode == 0, seed.stdout + seed.stderr
        tokens = {role: api_token(env, username) for role, username in ROLES.items()}
        port = _free_port()
        log_path = var_dir / "server.log"
        with log_path.open("w") as log:
            proc = subprocess.Popen(
                [*_bangfu(), "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        url = f"http://127.0.0.1:{port}"
        _wait_for(url, proc, log_path)
        yield url, ("postgresql" if outer else "sqlite"), tokens, log_path
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if scratch:
            _admin(outer, f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


def _wait_for(url, proc, log_path) -> None:
    import requests

    deadline = time.monotonic() + START_TIMEOUT
    while True:
        assert proc.poll() is None, log_path.read_text(errors="replace")[-3000:]
        try:
            if requests.get(f"{url}/api/v1/", timeout=5).status_code == 401:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        assert time.monotonic() < deadline, log_path.read_text(errors="replace")[-3000:]
        time.sleep(0.25)


def _run(schema, base_url: str, token: str, failures: Counter, samples: dict) -> tuple[int, int]:
    """Every operation with up to MAX_EXAMPLES generated requests: (operations, cases)."""
    import requests
    from hypothesis import HealthCheck, Phase, given, settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.core.failures import FailureGroup
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]
    session = requests.Session()
    headers = {"Authorization": f"Token {token}"}
    operations = cases = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @settings(
            max_examples=MAX_EXAMPLES,
            phases=[Phase.explicit, Phase.generate],
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case):
            nonlocal cases
            cases += 1
            response = case.call(base_url=base_url, session=session, headers=headers)
            label = f"{case.operation.method.upper()} {case.operation.path}"
            try:
                case.validate_response(response, checks=checks, headers=headers)
            except FailureGroup as group:
                for failure in group.exceptions:
                    key = (type(failure).__name__, label, failure.title)
                    failures[key] += 1
                    samples.setdefault(key, f"{case.as_curl_command()}\n{failure.message}"[:1500])

        check()
    return operations, cases


SERVER_ERRORS = {"ServerError"}


def test_every_operation_answers_as_documented(server):
    import requests
    import schemathesis

    url, database, tokens, log_path = server
    raw = requests.get(
        f"{url}/api/schema/?format=json",
        headers={"Authorization": f"Token {tokens['city']}"},
        timeout=30,
    ).json()
    figures = {"database": database, "max_examples": MAX_EXAMPLES, "roles": {}}
    all_failures: Counter = Counter()
    samples: dict = {}
    started = time.monotonic()
    for role, token in tokens.items():
        schema = schemathesis.openapi.from_dict(raw)
        failures: Counter = Counter()
        operations, cases = _run(schema, url, token, failures, samples)
        figures["roles"][role] = {
            "operations": operations,
            "cases": cases,
            "server_errors": sum(n for k, n in failures.items() if k[0] in SERVER_ERRORS),
            "schema_violations": sum(n for k, n in failures.items() if k[0] not in SERVER_ERRORS),
        }
        all_failures.update(failures)
    figures["seconds"] = round(time.monotonic() - started)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"schemathesis-{database}.json").write_text(json.dumps(figures, indent=2))

    assert figures["roles"]["city"]["operations"] >= 90
    report = "\n\n".join(
        f"{kind} × {n} — {label}: {title}\n{samples[(kind, label, title)]}"
        for (kind, label, title), n in sorted(all_failures.items())
    )
    log = log_path.read_text(errors="replace")
    tracebacks = log[log.find("Traceback") :][-6000:] if "Traceback" in log else ""
    assert not all_failures, f"{figures}\n\n{report}\n\nserver log:\n{tracebacks}"
