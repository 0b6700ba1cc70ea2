"""Reads on a streaming replica: the router, read-your-writes, and a real second cluster."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from bangfu.core import replica
from bangfu.registry.models import Household

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(replica, "configured", lambda: True)


def test_reads_go_to_the_replica_only_inside_replica_reads(with_replica):
    router = replica.ReplicaRouter()
    assert router.db_for_read(Household) is None
    with replica.replica_reads():
        assert router.db_for_read(Household) == "replica"
        assert router.db_for_write(Household) == "default"
    assert router.db_for_read(Household) is None
    assert router.allow_migrate("replica", "registry") is False
    assert router.allow_migrate("default", "registry") is True


def test_without_a_replica_nothing_changes():
    with replica.replica_reads():
        assert replica.ReplicaRouter().db_for_read(Household) is None


def test_a_user_who_just_wrote_is_pinned_to_the_primary(settings):
    settings.REPLICA_PIN_SECONDS = 30
    assert not replica.pinned(SimpleNamespace(session={}))
    assert replica.pinned(SimpleNamespace(session={replica.WROTE_AT: time.time() - 5}))
    assert not replica.pinned(SimpleNamespace(session={replica.WROTE_AT: time.time() - 31}))


@pytest.mark.django_db
def test_a_write_request_stamps_the_session_and_a_read_does_not(
    with_replica, client, officer_chengde
):
    from tests.conftest import sign_in

    sign_in(client, officer_chengde)
    assert client.get("/").status_code == 200
    assert replica.WROTE_AT not in client.session
    assert client.post("/notifications/read/").status_code == 302
    assert time.time() - client.session[replica.WROTE_AT] < 5


# ------------------------------------------------------------------------------ a real replica

BINARIES = ("initdb", "pg_ctl", "pg_basebackup")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(*args, **kwargs):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)


PROBE = textwrap.dedent(
    """
    import time, django
    django.setup()
    from django.db import connection, connections
    from django.test.utils import CaptureQueriesContext
    from bangfu.core import replica
    from bangfu.places.models import Division

    with connection.schema_editor() as editor:  # on the primary only
        editor.create_model(Division)
    Division.objects.bulk_create([Division(code="130821", level="county", name="承德县")])
    for _ in range(100):  # the replica follows the primary (streaming, asynchronous)
        with connections["replica"].cursor() as cur:
            cur.execute("SELECT to_regclass('places_division') IS NOT NULL")
            if cur.fetchone()[0]:
                cur.execute("SELECT count(*) FROM places_division")
                if cur.fetchone()[0] == 1:
                    break
        time.sleep(0.1)
    with connections["replica"].cursor() as cur:
        cur.execute("SELECT pg_is_in_recovery()")
        assert cur.fetchone()[0] is True, "the replica is not a standby"
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        with CaptureQueriesContext(connection) as on_primary:
            with replica.replica_reads():
                assert Division.objects.get(code="130821").name == "承德县"
    assert len(on_replica) == 1 and len(on_primary) == 0, (on_replica, on_primary)
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        with replica.replica_reads(False):  # a user who just wrote: the primary
            assert Division.objects.count() == 1
    assert len(on_replica) == 0
    print("ROUTED")
    """
)


@pytest.mark.skipif(
    any(shutil.which(b) is None for b in BINARIES), reason="PostgreSQL server binaries missing"
)
def test_dashboard_reads_are_served_by_a_streaming_replica():
    """Start a primary cluster and a replica of it (pg_basebackup -R), then prove in a child
    process with DATABASE_URL and DATABASE_REPLICA_URL that reads inside `replica_reads` are
    answered by the replica and the others by the primary."""
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("running as root without runuser: initdb refuses root")
    # not pytest's tmp_path: its parents are private to root, and the clusters may run as
    # the `postgres` user
    tmp_path = Path(tempfile.mkdtemp(prefix="bangfu-replica-"))
    primary, standby = tmp_path / "primary", tmp_path / "standby"
    p1, p2 = _free_port(), _free_port()
    as_user: tuple[str, ...] = ()
    if os.geteuid() == 0:  # initdb and postgres refuse root: run them as `postgres`
        as_user = ("runuser", "-u", "postgres", "--")
        os.chmod(tmp_path, 0o777)  # noqa: S103  (a test's scratch directory)
    started = []
    try:
        _run(*as_user, "initdb", "-D", str(primary), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        with open(primary / "postgresql.conf", "a") as conf:
            conf.write("wal_level = replica\nmax_wal_senders = 4\nlisten_addresses = '127.0.0.1'\n")
        with open(primary / "pg_hba.conf", "a") as hba:
            hba.write("host replication all 127.0.0.1/32 trust\n")
        log1, log2 = tmp_path / "primary.log", tmp_path / "standby.log"
        if as_user:
            for path in (log1, log2):
                path.touch()
                os.chmod(path, 0o666)  # noqa: S103
        _run(
            *as_user,
            "pg_ctl",
            "-D",
            str(primary),
            "-o",
            f"-p {p1} -k {tmp_path}",
            "-l",
            str(log1),
            "-w",
            "start",
        )
        started.append(primary)
        _run(
            *as_user,
            "pg_basebackup",
            "-D",
            str(standby),
            "-h",
            "127.0.0.1",
            "-p",
            str(p1),
            "-U",
            "postgres",
            "-R",
            "-X",
            "stream",
        )
        _run(
            *as_user,
            "pg_ctl",
            "-D",
            str(standby),
            "-o",
            f"-p {p2} -k {tmp_path}",
            "-l",
            str(log2),
            "-w",
            "start",
        )
        started.append(standby)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bangfu.settings",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{p1}/postgres",
            "DATABASE_REPLICA_URL": f"postgres://postgres@127.0.0.1:{p2}/postgres",
            "BANGFU_VAR_DIR": str(tmp_path / "var"),
            "DEBUG": "1",
            "CONN_MAX_AGE": "0",
        }
        out = subprocess.run(
            [sys.executable, "-c", PROBE], env=env, cwd=ROOT, capture_output=True, text=True
        )
        assert out.returncode == 0, out.stderr[-3000:]
        assert "ROUTED" in out.stdout
    finally:
        for data in reversed(started):
            subprocess.run(
                [*as_user, "pg_ctl", "-D", str(data), "-m", "immediate", "stop"],
                capture_output=True,
            )
        shutil.rmtree(tmp_path, ignore_errors=True)
