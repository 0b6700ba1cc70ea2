"""Backups that are proven to restore: `bangfu backup DIR` and `bangfu restore FILE`.

The sealed-stream format and the retention rule are tested in-process. Backup and restore
themselves run as `bangfu` subprocesses on scratch databases of the backend this test session
runs on (a SQLite file under tmp_path, or PostgreSQL databases bangfu_backup_* created and
dropped here), never on the test database: a restore needs an empty database of its own.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

from bangfu.core.backup import checksums, make, sealing

ROOT = Path(__file__).resolve().parents[2]
BANGFU = str(Path(sys.executable).parent / "bangfu")
KEY = base64.urlsafe_b64encode(bytes(range(32))).decode()
OTHER_KEY = base64.urlsafe_b64encode(bytes(range(1, 33))).decode()
TIMEOUT = 240
SEEDED = {"accounts_user": 3, "helpers_helper": 2, "django_session": 4}
MEDIA = ["agreements/2025/签字扫描件.pdf", "filings/report.xlsx"]


# --------------------------------------------------------------------------- sealed stream


def seal(data: bytes, key: bytes, chunk_size: int) -> bytes:
    out = io.BytesIO()
    w = sealing.SealWriter(out, key, chunk_size)
    w.write(data)
    w.close()
    return out.getvalue()


def unseal(blob: bytes, key: bytes) -> bytes:
    return sealing.OpenReader(io.BytesIO(blob), key).read()


K1, K2 = bytes(range(32)), bytes(range(1, 33))


@pytest.mark.parametrize("size", [0, 1, 63, 64, 65, 640, 1000])
def test_sealed_stream_round_trips_any_length(size):
    data = os.urandom(size)
    blob = seal(data, K1, 64)
    n_chunks = max(1, -(-size // 64))
    assert len(blob) == sealing.HEADER_LEN + size + 16 * n_chunks
    assert unseal(blob, K1) == data


def test_sealed_stream_reads_in_small_pieces():
    data = os.urandom(1000)
    reader = sealing.OpenReader(io.BytesIO(seal(data, K1, 64)), K1)
    pieces = []
    while piece := reader.read(7):
        pieces.append(piece)
    assert b"".join(pieces) == data


def test_each_flipped_byte_is_refused():
    data = os.urandom(300)
    blob = seal(data, K1, 64)
    refused = 0
    for i in range(len(blob)):
        bad = bytearray(blob)
        bad[i] ^= 0x01
        with pytest.raises(sealing.BackupError):
            unseal(bytes(bad), K1)
        refused += 1
    assert refused == len(blob) == sealing.HEADER_LEN + 300 + 5 * 16


def _chunks(blob: bytes, chunk_size: int) -> tuple[bytes, list[bytes]]:
    header, body = blob[: sealing.HEADER_LEN], blob[sealing.HEADER_LEN :]
    step = chunk_size + 16
    return header, [body[i : i + step] for i in range(0, len(body), step)]


def test_cut_reordered_or_repeated_chunks_are_refused():
    blob = seal(os.urandom(64 * 4 + 10), K1, 64)
    header, chunks = _chunks(blob, 64)
    assert len(chunks) == 5
    cases = {
        "cut at a chunk boundary": chunks[:4],
        "cut inside a chunk": [*chunks[:4], chunks[4][:5]],
        "last chunk dropped": chunks[:-1],
        "two swapped": [chunks[1], chunks[0], *chunks[2:]],
        "one repeated": [chunks[0], *chunks],
        "all but the header": [],
    }
    for case, parts in cases.items():
        with pytest.raises(sealing.BackupError, match=r"damaged or was altered|cut short") as exc:
            unseal(header + b"".join(parts), K1)
        assert "nothing" in str(exc.value) or "not restored" in str(exc.value), case


def test_wrong_key_is_named():
    with pytest.raises(sealing.BackupError, match="different BACKUP_KEY"):
        unseal(seal(b"x" * 100, K1, 64), K2)


def test_not_a_backup_is_named():
    with pytest.raises(sealing.BackupError, match="not a bangfu backup"):
        unseal(b"PK\x03\x04" + b"\0" * 100, K1)


def test_backup_key_comes_from_the_environment(monkeypatch, settings):
    monkeypatch.setenv("BACKUP_KEY", KEY)
    assert sealing.backup_key() == bytes(range(32))
    monkeypatch.setenv("BACKUP_KEY", base64.b64encode(b"short").decode())
    with pytest.raises(sealing.BackupError, match="exactly 32"):
        sealing.backup_key()
    monkeypatch.delenv("BACKUP_KEY")
    settings.DEBUG = False
    settings.TESTING = False
    with pytest.raises(sealing.BackupError, match="BACKUP_KEY is not set"):
        sealing.backup_key()


# --------------------------------------------------------------------------- canonical values


class _F:
    """A stand-in model field of a given internal type."""

    def __init__(self, kind, decimal_places=0):
        self.kind, self.decimal_places = kind, decimal_places
        self.is_relation = False

    def get_internal_type(self):
        return self.kind


def test_values_read_from_sqlite_and_postgresql_have_one_canonical_form():
    aware = dt.datetime(2025, 3, 1, 2, 3, 4, 500, tzinfo=dt.UTC)
    pairs = [
        # (SQLite raw, SQLite through Django, PostgreSQL through Django, field)
        ("2025-03-01 02:03:04.000500", aware.replace(tzinfo=None), aware, _F("DateTimeField")),
        ("2025-03-01", dt.date(2025, 3, 1), dt.date(2025, 3, 1), _F("DateField")),
        (1, True, True, _F("BooleanField")),
        (1.5, Decimal("1.50"), Decimal("1.50"), _F("DecimalField", 2)),
        ('{"b": 1, "a": "村"}', '{"b":1,"a":"村"}', '{"a": "村", "b": 1}', _F("JSONField")),
        (uuid.UUID(int=5).hex, uuid.UUID(int=5), uuid.UUID(int=5), _F("UUIDField")),
    ]
    for raw, via_django, pg, f in pairs:
        assert (
            checksums.canon(raw, f) == checksums.canon(via_django, f) == checksums.canon(pg, f)
        ), f.kind
    assert checksums.canon(aware, _F("DateTimeField")) == "2025-03-01T02:03:04.000500+00:00"
    assert checksums.canon(1.5, _F("DecimalField", 2)) == "1.50"
    assert checksums.canon("{}", _F("JSONField")) == "{}"


# --------------------------------------------------------------------------- retention


def _touch(directory: Path, stamps: list[str]) -> None:
    for s in stamps:
        (directory / f"bangfu-{s}.bfbk").write_bytes(b"x")


def test_prune_keeps_the_newest_of_each_recent_day_and_month(tmp_path):
    stamps = [
        "20250115T020000Z",  # January: newest of its month
        "20250110T020000Z",
        "20250228T020000Z",  # February: newest of its month
        "20250201T020000Z",
        "20250301T020000Z",
        "20250302T020000Z",
        "20250303T010000Z",  # an extra backup on 3 March: only the newest of the day is kept
        "20250303T020000Z",
    ]
    _touch(tmp_path, stamps)
    (tmp_path / "notes.txt").write_text("not ours")
    (tmp_path / "bangfu-20240101T020000Z.bfbk.partial").write_bytes(b"x")
    removed = make.prune(tmp_path, keep_daily=2, keep_monthly=3)
    assert [p.name for p in removed] == [
        "bangfu-20250110T020000Z.bfbk",
        "bangfu-20250201T020000Z.bfbk",
        "bangfu-20250301T020000Z.bfbk",
        "bangfu-20250303T010000Z.bfbk",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "bangfu-20240101T020000Z.bfbk.partial",
        "bangfu-20250115T020000Z.bfbk",
        "bangfu-20250228T020000Z.bfbk",
        "bangfu-20250302T020000Z.bfbk",
        "bangfu-20250303T020000Z.bfbk",
        "notes.txt",
    ]


def test_prune_refuses_to_keep_nothing(tmp_path):
    _touch(tmp_path, ["20250303T020000Z"])
    with pytest.raises(sealing.BackupError, match="at least 1"):
        make.prune(tmp_path, keep_daily=0)
    assert [p.name for p in tmp_path.iterdir()] == ["bangfu-20250303T020000Z.bfbk"]


# --------------------------------------------------------------------------- scratch databases


class Scratch:
    """Makes scratch databases of this session's backend and drops them afterwards."""

    def __init__(self, base: Path):
        self.base = base
        self.made: list[str] = []
        self.db = settings.DATABASES["default"]
        self.pg = self.db["ENGINE"] == "django.db.backends.postgresql"

    def _server(self):
        return {
            "host": self.db.get("HOST") or None,
            "port": self.db.get("PORT") or None,
            "user": self.db.get("USER") or None,
            "password": self.db.get("PASSWORD") or None,
        }

    def new(self, label: str) -> dict:
        """{"url", "var", "name"} of a new, empty database and var directory."""
        var = self.base / f"{label}-{uuid.uuid4().hex[:6]}"
        var.mkdir()
        if not self.pg:
            return {
                "url": f"sqlite:///{var / 'db.sqlite3'}",
                "var": var,
                "name": var / "db.sqlite3",
            }
        import psycopg

        name = f"bangfu_backup_{label}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(dbname="postgres", autocommit=True, **self._server()) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        auth = quote(self.db.get("USER") or "", safe="")
        if self.db.get("PASSWORD"):
            auth += ":" + quote(self.db["PASSWORD"], safe="")
        where = f"{self.db.get('HOST') or ''}" + (
            f":{self.db['PORT']}" if self.db.get("PORT") else ""
        )
        return {"url": f"postgres://{auth}@{where}/{name}", "var": var, "name": name}

    def query(self, target: dict, sql: str) -> list[tuple]:
        if not self.pg:
            if not Path(target["name"]).exists():
                return []
            conn = sqlite3.connect(target["name"])
            try:
                return conn.execute(sql).fetchall()
            finally:
                conn.close()
        import psycopg

        with psycopg.connect(dbname=target["name"], **self._server()) as conn:
            return conn.execute(sql).fetchall()

    def tables(self, target: dict) -> list[str]:
        if self.pg:
            sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
        else:
            sql = "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY 1"
        return [r[0] for r in self.query(target, sql)]

    def counts(self, target: dict) -> dict[str, int]:
        return {
            t: self.query(target, f'SELECT COUNT(*) FROM "{t}"')[0][0]  # noqa: S608
            for t in self.tables(target)
        }

    def drop_all(self):
        if not self.made:
            return
        import psycopg

        with psycopg.connect(dbname="postgres", autocommit=True, **self._server()) as admin:
            for name in self.made:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def env_for(target: dict, key: str = KEY) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "TEST_DATABASE_NAME", "TEST_SQLITE_NAME"}
    }
    env.update(
        {
            "DATABASE_URL": target["url"],
            "BANGFU_VAR_DIR": str(target["var"]),
            "BACKUP_KEY": key,
            "DEBUG": "1",
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": "bangfu.settings",
        }
    )
    return env


def bangfu(target: dict, *args: str, key: str = KEY) -> subprocess.CompletedProcess:
    return subprocess.run(
        [BANGFU, *args],
        cwd=ROOT,
        env=env_for(target, key),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def files_under(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    s = Scratch(tmp_path_factory.mktemp("backup"))
    yield s
    s.drop_all()


@pytest.fixture(scope="module")
def source(scratch):
    """A migrated, seeded scratch database and its backup file."""
    target = scratch.new("src")
    seed = subprocess.run(
        [sys.executable, "-m", "tests.core.backup_seed"],
        cwd=ROOT,
        env=env_for(target),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert seed.returncode == 0, seed.stdout[-3000:] + seed.stderr[-3000:]
    summary = json.loads(seed.stdout.strip().splitlines()[-1])
    counts_before = scratch.counts(target)
    # the backup's own audit row may be anchored by a checkpoint written after the snapshot:
    # the backup holds the checkpoints that were there before it
    checkpoints_before = files_under(target["var"] / "audit")
    made = bangfu(target, "backup", str(target["var"] / "backups"))
    assert made.returncode == 0, made.stdout + made.stderr
    (path,) = sorted((target["var"] / "backups").glob("bangfu-*.bfbk"))
    target.update(
        summary=summary,
        counts=counts_before,
        checkpoints=checkpoints_before,
        backup=path,
        output=made.stdout,
    )
    return target


def read_manifest(path: Path, key: str = KEY) -> dict:
    key_bytes = base64.urlsafe_b64decode(key)
    with (
        path.open("rb") as f,
        tarfile.open(fileobj=sealing.OpenReader(f, key_bytes), mode="r|gz") as tar,
    ):
        for member in tar:
            if member.name == "manifest.json":
                return json.loads(tar.extractfile(member).read())
    raise AssertionError("no manifest")


# --------------------------------------------------------------------------- the commands


def test_checkpoints_written_during_the_snapshot_are_not_in_the_backup(
    tmp_path, monkeypatch, settings
):
    """A checkpoint must describe rows the dump holds: the folder is copied before the snapshot,
    so one written while the database is being dumped stays out of the backup."""
    monkeypatch.setenv("BACKUP_KEY", KEY)
    checkpoints = tmp_path / "audit"
    checkpoints.mkdir()
    (checkpoints / "early.json").write_text("{}")
    settings.AUDIT_CHECKPOINT_DIR = checkpoints
    settings.MEDIA_ROOT = tmp_path / "media"

    def snapshot(tmp):
        (checkpoints / "late.json").write_text("{}")
        dump = tmp / "database.sqlite3"
        dump.write_bytes(b"dump")
        return dump, {}, {}, "test"

    monkeypatch.setattr(make, "_snapshot_sqlite", snapshot)
    monkeypatch.setattr(make, "_snapshot_postgresql", snapshot)
    result = make.make_backup(tmp_path / "out")
    names = [f["path"] for f in read_manifest(result.path)["files"]]
    assert names == ["audit/early.json"]


def test_backup_file_is_sealed_and_its_manifest_describes_the_snapshot(source, scratch):
    path = source["backup"]
    assert path.read_bytes()[:8] == b"BFBACKUP"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    raw = path.read_bytes()
    for plain in (b"SQLite format", "签字扫描件".encode(), b"city_li", b"PGDMP"):
        assert plain not in raw
    m = read_manifest(path)
    engine = "postgresql" if scratch.pg else "sqlite"
    assert m["engine"] == engine
    assert m["format"] == "bangfu-backup/1"
    # per-table counts in the manifest are the source's, as counted independently with SQL
    assert {t: v["rows"] for t, v in m["tables"].items()} == source["counts"]
    for table, n in SEEDED.items():
        assert m["tables"][table]["rows"] == n
    assert (
        m["tables"]["accounts_auditevent"]["rows"]
        == source["summary"]["counts"]["accounts_auditevent"]
    )
    assert m["migrations"]["accounts"].startswith("00")
    src_media = files_under(source["var"] / "media")
    assert sorted(src_media) == sorted(MEDIA)
    assert {f["path"]: f["sha256"] for f in m["files"]} == {
        **{f"media/{k}": v for k, v in src_media.items()},
        **{f"audit/{k}": v for k, v in source["checkpoints"].items()},
    }
    assert m["database"]["path"] == ("database.pgdump" if scratch.pg else "database.sqlite3")
    # the backup itself is audited, after the snapshot
    events = scratch.query(source, "SELECT event, object_id FROM accounts_auditevent ORDER BY id")
    assert events[-1] == ("backup", path.name)
    assert f"{len(m['tables'])} tables" in source["output"]


def test_restore_into_an_empty_database_is_proven_table_by_table(source, scratch):
    target = scratch.new("ok")
    result = bangfu(target, "restore", str(source["backup"]))
    assert result.returncode == 0, result.stdout + result.stderr
    m = read_manifest(source["backup"])
    ok_lines = [line for line in result.stdout.splitlines() if line.startswith("ok  ")]
    assert len(ok_lines) == len(m["tables"]) == len(source["counts"])
    for table, n in SEEDED.items():
        assert (
            f"ok        {table}: {n} rows, checksum {m['tables'][table]['sha256'][:16]}" in ok_lines
        )
    audit_rows = m["tables"]["accounts_auditevent"]["rows"]
    assert f"verify_audit: audit chain intact: {audit_rows} rows" in result.stdout
    files = len(MEDIA) + len(source["checkpoints"])
    assert f"restore proven: {len(m['tables'])} tables match the manifest, {files} files" in (
        result.stdout
    )
    # independently: same counts as the source at backup time (plus the restore's audit row)
    restored = scratch.counts(target)
    expected = dict(source["counts"])
    expected["accounts_auditevent"] += 1
    assert restored == expected
    assert scratch.query(
        target, "SELECT event FROM accounts_auditevent ORDER BY id DESC LIMIT 1"
    ) == [("restore",)]
    assert files_under(target["var"] / "media") == files_under(source["var"] / "media")
    assert files_under(target["var"] / "audit") == source["checkpoints"]
    assert source["checkpoints"]  # the seed's signed checkpoint went through
    # the restored system works: its own audit chain (with the restore row) verifies
    check = bangfu(target, "verify_audit")
    assert check.returncode == 0, check.stderr
    assert f"audit chain intact: {audit_rows + 1} rows" in check.stdout


def _assert_untouched(scratch, target):
    assert scratch.tables(target) == []
    assert files_under(target["var"] / "media") == {}
    assert files_under(target["var"] / "audit") == {}


def test_a_backup_with_one_flipped_byte_is_refused_and_nothing_restored(source, scratch, tmp_path):
    bad = tmp_path / source["backup"].name
    data = bytearray(source["backup"].read_bytes())
    data[len(data) // 2] ^= 0x20
    bad.write_bytes(bytes(data))
    target = scratch.new("flip")
    result = bangfu(target, "restore", str(bad))
    assert result.returncode == 1
    assert "fails authentication" in result.stderr
    assert "nothing from it was restored" in result.stderr
    _assert_untouched(scratch, target)


def test_wrong_key_is_refused_and_nothing_restored(source, scratch):
    target = scratch.new("key")
    result = bangfu(target, "restore", str(source["backup"]), key=OTHER_KEY)
    assert result.returncode == 1
    assert "different BACKUP_KEY" in result.stderr
    _assert_untouched(scratch, target)


def test_restore_into_a_database_with_tables_is_refused_and_changes_nothing(source, scratch):
    before = scratch.counts(source)
    media_before = files_under(source["var"] / "media")
    result = bangfu(source, "restore", str(source["backup"]))
    assert result.returncode == 1
    assert f"The target database is not empty ({len(before)} tables: " in result.stderr
    assert "nothing was restored" in result.stderr
    assert scratch.counts(source) == before
    assert files_under(source["var"] / "media") == media_before


def test_restore_into_a_var_dir_with_media_is_refused(source, scratch):
    target = scratch.new("media")
    (target["var"] / "media").mkdir()
    (target["var"] / "media" / "old.pdf").write_bytes(b"old")
    result = bangfu(target, "restore", str(source["backup"]))
    assert result.returncode == 1
    assert "MEDIA_ROOT" in result.stderr
    assert "old.pdf" in result.stderr
    assert scratch.tables(target) == []
    assert files_under(target["var"] / "media") == {"old.pdf": hashlib.sha256(b"old").hexdigest()}


# --------------------------------------------------------------------------- a forged backup


def _tamper_database(scratch, dump: Path, work: Path) -> None:
    """Change one user's name and delete one helper inside the database dump."""
    sql = [
        "UPDATE accounts_user SET full_name = '改过的名字' WHERE username = 'city_li'",
        "DELETE FROM helpers_helper WHERE id = (SELECT MAX(id) FROM helpers_helper)",
    ]
    if not scratch.pg:
        conn = sqlite3.connect(dump)
        for stmt in sql:
            conn.execute(stmt)
        conn.commit()
        conn.close()
        return
    import psycopg

    tmp = scratch.new("forge")
    env = dict(os.environ)
    db = scratch.db
    env.update(
        {
            k: str(v)
            for k, v in {
                "PGHOST": db.get("HOST"),
                "PGPORT": db.get("PORT"),
                "PGUSER": db.get("USER"),
                "PGPASSWORD": db.get("PASSWORD"),
            }.items()
            if v
        }
    )
    subprocess.run(["pg_restore", "--no-owner", "-d", tmp["name"], str(dump)], env=env, check=True)
    with psycopg.connect(dbname=tmp["name"], **scratch._server()) as conn:
        for stmt in sql:
            conn.execute(stmt)
    subprocess.run(["pg_dump", "-Fc", "-f", str(dump), tmp["name"]], env=env, check=True)


def forge(scratch, path: Path, work: Path) -> Path:
    """Decrypt, change the database inside, fix the manifest's file hash, re-seal: what
    someone holding BACKUP_KEY could do. Only the per-table checksums can tell."""
    key = base64.urlsafe_b64decode(KEY)
    unpacked = work / "unpacked"
    unpacked.mkdir()
    names = []
    with path.open("rb") as f, tarfile.open(fileobj=sealing.OpenReader(f, key), mode="r|gz") as tar:
        for member in tar:
            names.append(member.name)
            dest = unpacked / member.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(tar.extractfile(member).read())
    manifest = json.loads((unpacked / "manifest.json").read_text())
    dump = unpacked / manifest["database"]["path"]
    _tamper_database(scratch, dump, work)
    manifest["database"]["bytes"] = dump.stat().st_size
    manifest["database"]["sha256"] = hashlib.sha256(dump.read_bytes()).hexdigest()
    forged = work / path.name
    with forged.open("wb") as out:
        sealed = sealing.SealWriter(out, key)
        body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
        (unpacked / "manifest.json").write_bytes(body)
        (unpacked / "manifest.mac").write_text(sealing.manifest_mac(sealed.mac_key, body))
        with tarfile.open(fileobj=sealed, mode="w|gz") as tar:
            for name in names:
                tar.add(unpacked / name, arcname=name)
        sealed.close()
    return forged


def test_a_forged_database_is_named_table_by_table(source, scratch, tmp_path):
    forged = forge(scratch, source["backup"], tmp_path)
    target = scratch.new("forged")
    result = bangfu(target, "restore", str(forged))
    assert result.returncode == 1, result.stdout
    m = read_manifest(source["backup"])
    mismatches = [line for line in result.stderr.splitlines() if line.startswith("MISMATCH")]
    user_sha = m["tables"]["accounts_user"]["sha256"][:16]
    assert len(mismatches) == 2, result.stderr
    assert mismatches[0].startswith("MISMATCH  accounts_user: 3 rows, checksum ")
    assert mismatches[0].endswith(f"differs from the backup's {user_sha}")
    assert mismatches[1].startswith("MISMATCH  helpers_helper: 1 rows, the backup has 2, checksum")
    assert (
        f"restore NOT proven: 2 of {len(m['tables'])} tables do not match the backup's manifest "
        "(accounts_user, helpers_helper)" in result.stderr
    )
    ok_lines = [line for line in result.stdout.splitlines() if line.startswith("ok  ")]
    assert len(ok_lines) == len(m["tables"]) - 2
    # a refused restore writes no "restore" audit row
    assert scratch.query(
        target, "SELECT COUNT(*) FROM accounts_auditevent WHERE event = 'restore'"
    ) == [(0,)]
