"""Backups that are proven to restore (SECURITY.md §20, docs/OPERATIONS.md "Backups").

`make_backup(directory)` writes one encrypted file holding a consistent snapshot of the
database (SQLite: the online backup API; PostgreSQL: `pg_dump -Fc` on an exported snapshot),
the media files (uploads, signed scans, generated filings), the audit checkpoints, and a
manifest: per-table row counts and checksums taken from the same snapshot, the migration
state, and the SHA-256 of every file. `restore_backup(path)` puts all of it back into an
EMPTY database and empty media and checkpoint directories, then proves the result: every
table's count and checksum must equal the manifest's, and `verify_audit` must pass.

The file format (docs/DECISIONS.md "Backups"): a gzip'd tar stream sealed in chunks with
AES-256-GCM, so that neither side ever holds a whole dump in memory:

    header  = b"BFBACKUP" | version (1 byte) | chunk size (4 bytes, big-endian)
              | key check (8 bytes) | salt (16 random bytes)
    chunk i = AES-GCM(subkey, nonce = i (11 bytes) | final flag, plaintext,
                      associated data = header | i (8 bytes) | final flag)

The subkey is HKDF-SHA256(BACKUP_KEY, salt): a fresh key per file, so the counter nonces
never repeat under one key. Every chunk is full size except the last, which alone carries the
final flag: a flipped byte, a dropped, repeated or reordered chunk, or a file cut short (even
at a chunk boundary) fails authentication before its plaintext is used.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import importlib.metadata
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePosixPath

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

MAGIC = b"BFBACKUP"
VERSION = 1
CHUNK_SIZE = 1 << 20  # 1 MiB of plaintext per sealed chunk
MAX_CHUNK_SIZE = 1 << 24
TAG = 16
HEADER_LEN = len(MAGIC) + 1 + 4 + 8 + 16
SUFFIX = ".bfbk"
NAME_RE = re.compile(r"^bangfu-(\d{8}T\d{6}Z)\.bfbk$")
FORMAT = "bangfu-backup/1"
FETCH = 2000  # rows per fetch when checksumming
COPY_BUF = 1 << 20


class BackupError(Exception):
    """A backup or restore refused or failed; the message says what and what to do."""


# --------------------------------------------------------------------------- keys


def backup_key() -> bytes:
    """BACKUP_KEY (base64 of 32 bytes); derived from SECRET_KEY only in development."""
    raw = os.environ.get("BACKUP_KEY", "").strip()
    if raw:
        try:
            key = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
        except ValueError as exc:
            raise BackupError("BACKUP_KEY is not valid base64.") from exc
        if len(key) != 32:
            raise BackupError("BACKUP_KEY must be base64 of exactly 32 random bytes.")
        return key
    if settings.DEBUG or getattr(settings, "TESTING", False):
        return hashlib.sha256(f"bangfu-dev-backup:{settings.SECRET_KEY}".encode()).digest()
    raise BackupError(
        "BACKUP_KEY is not set (needed with DEBUG=0). Set it to base64 of 32 random bytes, "
        "e.g. `python -c 'import base64,os;print(base64.urlsafe_b64encode(os.urandom(32)).decode())'`, "
        "and keep a copy off this machine: without it no backup can be read."
    )


def key_check(key: bytes) -> bytes:
    return hmac.new(key, b"bangfu backup key check", hashlib.sha256).digest()[:8]


def _derive(key: bytes, salt: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=purpose).derive(key)


# --------------------------------------------------------------------------- sealed stream


def _nonce(index: int, final: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


def _aad(header: bytes, index: int, final: bool) -> bytes:
    return header + index.to_bytes(8, "big") + (b"\x01" if final else b"\x00")


class SealWriter:
    """A write-only file object that seals what is written to `out` chunk by chunk."""

    def __init__(self, out, key: bytes, chunk_size: int = CHUNK_SIZE):
        self.closed = False
        self.out = out
        self.chunk_size = chunk_size
        salt = os.urandom(16)
        self.header = (
            MAGIC + bytes([VERSION]) + chunk_size.to_bytes(4, "big") + key_check(key) + salt
        )
        self.aead = AESGCM(_derive(key, salt, b"bangfu backup v1 chunks"))
        self.mac_key = _derive(key, salt, b"bangfu backup v1 manifest")
        self.buf = bytearray()
        self.index = 0
        self.out.write(self.header)

    def _emit(self, data: bytes, final: bool) -> None:
        aad = _aad(self.header, self.index, final)
        self.out.write(self.aead.encrypt(_nonce(self.index, final), bytes(data), aad))
        self.index += 1

    def write(self, data) -> int:
        if self.closed:
            raise ValueError("write to a closed backup stream")
        self.buf += data
        # keep at least one byte back: the last chunk must be written with the final flag
        while len(self.buf) > self.chunk_size:
            self._emit(self.buf[: self.chunk_size], final=False)
            del self.buf[: self.chunk_size]
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        if not self.closed:
            self._emit(self.buf, final=True)
            self.buf = bytearray()
            self.out.flush()
            self.closed = True


class OpenReader:
    """A read-only file object over a sealed stream; refuses anything not authentic."""

    def __init__(self, src, key: bytes):
        self.src = src
        header = src.read(HEADER_LEN)
        if len(header) < HEADER_LEN or header[: len(MAGIC)] != MAGIC:
            raise BackupError("This is not a bangfu backup file (no BFBACKUP header).")
        if header[len(MAGIC)] != VERSION:
            raise BackupError(f"Unknown backup format version {header[len(MAGIC)]}.")
        pos = len(MAGIC) + 1
        self.chunk_size = int.from_bytes(header[pos : pos + 4], "big")
        check = header[pos + 4 : pos + 12]
        salt = header[pos + 12 : pos + 28]
        if not 0 < self.chunk_size <= MAX_CHUNK_SIZE:
            raise BackupError("The backup file's header is damaged (chunk size).")
        if not hmac.compare_digest(check, key_check(key)):
            raise BackupError(
                "This backup was sealed with a different BACKUP_KEY: nothing was restored. "
                "Set BACKUP_KEY to the key in use when the backup was made."
            )
        self.header = header
        self.aead = AESGCM(_derive(key, salt, b"bangfu backup v1 chunks"))
        self.mac_key = _derive(key, salt, b"bangfu backup v1 manifest")
        self.index = 0
        self.pending = self._read_sealed()
        self.plain = b""
        self.pos = 0
        self.done = False

    def _read_sealed(self) -> bytes:
        want = self.chunk_size + TAG
        parts, got = [], 0
        while got < want:
            part = self.src.read(want - got)
            if not part:
                break
            parts.append(part)
            got += len(part)
        return b"".join(parts)

    def _next_chunk(self) -> bytes:
        sealed = self.pending
        if not sealed:
            raise BackupError(
                f"The backup file is cut short after chunk {self.index}: it was not "
                "restored. Use an earlier backup."
            )
        self.pending = self._read_sealed()
        final = not self.pending
        try:
            plain = self.aead.decrypt(
                _nonce(self.index, final), sealed, _aad(self.header, self.index, final)
            )
        except Exception as exc:  # InvalidTag
            raise BackupError(
                f"The backup file is damaged or was altered (chunk {self.index} fails "
                "authentication): nothing from it was restored. Use an earlier backup."
            ) from exc
        self.index += 1
        self.done = final
        return plain

    def read(self, size: int = -1) -> bytes:
        out = []
        while size < 0 or size > 0:
            if self.pos >= len(self.plain):
                if self.done:
                    break
                self.plain, self.pos = self._next_chunk(), 0
                continue
            take = len(self.plain) - self.pos if size < 0 else min(size, len(self.plain) - self.pos)
            out.append(self.plain[self.pos : self.pos + take])
            self.pos += take
            if size > 0:
                size -= take
        return b"".join(out)


def manifest_mac(mac_key: bytes, manifest_bytes: bytes) -> str:
    return hmac.new(mac_key, manifest_bytes, hashlib.sha256).hexdigest()


# --------------------------------------------------------------------------- table checksums


def _base_field(f):
    while f.is_relation and getattr(f, "target_field", None) is not None and f.many_to_one:
        f = f.target_field
    if f.is_relation and f.one_to_one and getattr(f, "target_field", None) is not None:
        f = f.target_field
    return f


def _canon(value, f):
    """One text form of a stored value, the same from SQLite and PostgreSQL."""
    if value is None:
        return None
    kind = _base_field(f).get_internal_type() if f is not None else ""
    if kind == "DateTimeField":
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat()
    if kind == "DateField":
        return value.isoformat() if isinstance(value, dt.date) else str(value)[:10]
    if kind == "TimeField":
        if isinstance(value, str):
            value = dt.time.fromisoformat(value)
        return value.isoformat()
    if kind in {"BooleanField", "NullBooleanField"}:
        return bool(int(value)) if not isinstance(value, bool) else value
    if kind == "DecimalField":
        quantum = Decimal(1).scaleb(-_base_field(f).decimal_places)
        return str(Decimal(str(value)).quantize(quantum))
    if kind == "FloatField":
        return float(value)
    if kind == "JSONField":
        obj = json.loads(value) if isinstance(value, str | bytes) else value
        return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    if kind == "UUIDField":
        return value.hex if isinstance(value, uuid.UUID) else uuid.UUID(str(value)).hex
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | str):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, dt.date | dt.time):  # a table without a model
        return value.isoformat()
    return str(value)


@dataclass
class TableSpec:
    table: str
    columns: list[str]
    fields: list  # the model field of each column, or None
    order: list[str]
    text_order: set[str] = field(default_factory=set)


def _model_specs() -> dict[str, TableSpec]:
    specs: dict[str, TableSpec] = {}
    models = list(apps.get_models(include_auto_created=True))
    models.append(MigrationRecorder.Migration)
    for model in models:
        opts = model._meta
        if not opts.managed or opts.proxy or opts.db_table in specs:
            continue
        concrete = [f for f in opts.concrete_fields if f.column]
        pk_fields = getattr(opts, "pk_fields", None) or [opts.pk]
        order = [f.column for f in pk_fields]
        text_order = {
            f.column
            for f in pk_fields
            if _base_field(f).get_internal_type() in {"CharField", "TextField", "SlugField"}
        }
        specs[opts.db_table] = TableSpec(
            opts.db_table, [f.column for f in concrete], concrete, order, text_order
        )
    return specs


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _list_tables(cursor, vendor: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return sorted(row[0] for row in cursor.fetchall())


def _columns(cursor, vendor: str, table: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute(f"PRAGMA table_info({_quote(table)})")
        return [row[1] for row in cursor.fetchall()]
    cursor.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = %s ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cursor.fetchall()]


def table_checksums(cursor_factory: Callable, vendor: str) -> dict[str, dict]:
    """{table: {"rows": n, "sha256": hex}} for every table, rows in primary-key order.

    Each row becomes a JSON list of canonical values (see `_canon`); the checksum is the
    SHA-256 of those lines. Text keys are ordered by code point ("C" collation on PostgreSQL,
    SQLite's BINARY), so the order does not depend on the database's locale.
    """
    specs = _model_specs()
    out: dict[str, dict] = {}
    with cursor_factory() as cur:
        tables = _list_tables(cur, vendor)
    for table in tables:
        spec = specs.get(table)
        if spec is None:  # a table without a model: every column, ordered by all of them
            with cursor_factory() as cur:
                cols = _columns(cur, vendor, table)
            spec = TableSpec(table, cols, [None] * len(cols), cols, set())
        collate = ' COLLATE "C"' if vendor == "postgresql" else ""
        order = ", ".join(_quote(c) + (collate if c in spec.text_order else "") for c in spec.order)
        # identifiers from the schema, quoted; no values
        cols = ", ".join(_quote(c) for c in spec.columns)
        sql = f"SELECT {cols} FROM {_quote(table)} ORDER BY {order}"  # noqa: S608
        digest = hashlib.sha256()
        rows = 0
        with cursor_factory() as cur:
            cur.execute(sql)
            while batch := cur.fetchmany(FETCH):
                for row in batch:
                    line = [_canon(v, f) for v, f in zip(row, spec.fields, strict=True)]
                    digest.update(
                        json.dumps(
                            line, ensure_ascii=False, separators=(",", ":"), default=str
                        ).encode()
                    )
                    digest.update(b"\n")
                    rows += 1
        out[table] = {"rows": rows, "sha256": digest.hexdigest()}
    return out


def _migration_state(cursor_factory: Callable) -> dict[str, str]:
    state: dict[str, str] = {}
    with cursor_factory() as cur:
        cur.execute('SELECT "app", "name" FROM "django_migrations"')
        for app, name in cur.fetchall():
            if name > state.get(app, ""):
                state[app] = name
    return dict(sorted(state.items()))


class _SqliteCursor:
    """A closing cursor over a plain sqlite3 connection (the snapshot copy)."""

    def __init__(self, conn):
        self.conn = conn

    def __call__(self):
        return self

    def __enter__(self):
        self.cur = self.conn.cursor()
        return self.cur

    def __exit__(self, *exc):
        self.cur.close()


def _django_cursor():
    return connection.chunked_cursor() if connection.vendor == "postgresql" else connection.cursor()


# --------------------------------------------------------------------------- helpers


def engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def checkpoint_dir() -> Path:
    return Path(getattr(settings, "AUDIT_CHECKPOINT_DIR", Path(settings.VAR_DIR) / "audit"))


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for name, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if db.get(key):
            env[name] = str(db[key])
    options = db.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    return env


def _tool_major(tool: str) -> tuple[int, str]:
    exe = shutil.which(tool)
    if not exe:
        raise BackupError(f"{tool} is not installed: install the PostgreSQL client programs.")
    text = subprocess.run(  # noqa: S603 (a fixed argument list, no shell)
        [exe, "--version"], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", text)
    return (int(match.group(1)) if match else 0), text.strip()


def _server_major() -> int:
    return connection.pg_version // 10000


def _iter_files(root: Path) -> Iterator[tuple[Path, str]]:
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink():
                yield path, path.relative_to(root).as_posix()


class _Hashing:
    """Reads a file object and hashes what was read."""

    def __init__(self, f):
        self.f = f
        self.sha = hashlib.sha256()
        self.n = 0

    def read(self, size=-1):
        data = self.f.read(size)
        self.sha.update(data)
        self.n += len(data)
        return data


def _add_file(tar: tarfile.TarFile, path: Path, arcname: str) -> dict:
    stat = path.stat()
    info = tarfile.TarInfo(arcname)
    info.size = stat.st_size
    info.mtime = int(stat.st_mtime)
    info.mode = 0o600
    with path.open("rb") as f:
        h = _Hashing(f)
        tar.addfile(info, h)
    return {"path": arcname, "bytes": h.n, "sha256": h.sha.hexdigest()}


def _add_bytes(tar: tarfile.TarFile, data: bytes, arcname: str) -> None:
    info = tarfile.TarInfo(arcname)
    info.size = len(data)
    info.mtime = int(time.time())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def _version() -> str:
    try:
        return importlib.metadata.version("bangfu")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _stamp(now: dt.datetime) -> str:
    return now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


# --------------------------------------------------------------------------- backup


@dataclass
class BackupResult:
    path: Path
    bytes: int
    manifest: dict
    seconds: float
    pruned: list[Path] = field(default_factory=list)


def _snapshot_sqlite(tmp: Path) -> tuple[Path, dict, dict, str]:
    source = Path(settings.DATABASES["default"]["NAME"])
    if not source.is_file():
        raise BackupError(f"The SQLite database {source} does not exist.")
    target = tmp / "database.sqlite3"
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.execute("PRAGMA busy_timeout = 30000")
        src.backup(dst)  # one step: a consistent copy while writers wait
        dst.execute("PRAGMA journal_mode = DELETE")
    finally:
        src.close()
        dst.close()
    snap = sqlite3.connect(target)
    try:
        factory = _SqliteCursor(snap)
        tables = table_checksums(factory, "sqlite")
        migrations = _migration_state(factory)
    finally:
        snap.close()
    return target, tables, migrations, f"sqlite {sqlite3.sqlite_version}"


def _snapshot_postgresql(tmp: Path) -> tuple[Path, dict, dict, str]:
    dump_major, dump_version = _tool_major("pg_dump")
    server = _server_major()
    if dump_major < server:
        raise BackupError(
            f"pg_dump is version {dump_major} but the server is PostgreSQL {server}: "
            f"install the PostgreSQL {server} client programs."
        )
    target = tmp / "database.pgdump"
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cur.execute("SELECT pg_export_snapshot()")
            snapshot = cur.fetchone()[0]
        # pg_dump reads the very snapshot this transaction holds, so the dump and the
        # checksums below describe the same moment however busy the server is
        args = ["pg_dump", "-Fc", f"--snapshot={snapshot}", "-f", str(target)]
        result = subprocess.run(  # noqa: S603 (a fixed argument list, no shell)
            args,
            env=_pg_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        tables = table_checksums(_django_cursor, "postgresql")
        migrations = _migration_state(connection.cursor)
    return target, tables, migrations, f"{dump_version}; server {connection.pg_version}"


def make_backup(
    directory: Path, *, chunk_size: int = CHUNK_SIZE, now: dt.datetime | None = None
) -> BackupResult:
    started = time.monotonic()
    vendor = engine()
    key = backup_key()
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    now = now or dt.datetime.now(dt.UTC)
    final = directory / f"bangfu-{_stamp(now)}{SUFFIX}"
    if final.exists():
        raise BackupError(f"{final} already exists.")
    partial = final.with_name(final.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="bangfu-backup-", dir=directory) as tmpdir:
        tmp = Path(tmpdir)
        # Checkpoints are copied before the snapshot: each one then describes rows the dump
        # holds. Copied after, a checkpoint written in between would name rows the dump lacks.
        checkpoints = tmp / "audit"
        if checkpoint_dir().is_dir():
            shutil.copytree(checkpoint_dir(), checkpoints)
        if vendor == "sqlite":
            dump, tables, migrations, tool = _snapshot_sqlite(tmp)
        else:
            dump, tables, migrations, tool = _snapshot_postgresql(tmp)
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as out:
                sealed = SealWriter(out, key, chunk_size)
                with tarfile.open(fileobj=sealed, mode="w|gz", compresslevel=6) as tar:
                    database = _add_file(tar, dump, dump.name)
                    files = [
                        _add_file(tar, p, f"media/{rel}") for p, rel in _iter_files(media_root())
                    ]
                    files += [
                        _add_file(tar, p, f"audit/{rel}") for p, rel in _iter_files(checkpoints)
                    ]
                    manifest = {
                        "format": FORMAT,
                        "created_at": now.astimezone(dt.UTC).isoformat(),
                        "bangfu_version": _version(),
                        "engine": vendor,
                        "dump_tool": tool,
                        "migrations": migrations,
                        "database": database,
                        "tables": tables,
                        "files": files,
                    }
                    body = json.dumps(
                        manifest, ensure_ascii=False, indent=1, sort_keys=True
                    ).encode()
                    _add_bytes(tar, body, "manifest.json")
                    _add_bytes(tar, manifest_mac(sealed.mac_key, body).encode(), "manifest.mac")
                sealed.close()
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, final)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return BackupResult(final, final.stat().st_size, manifest, time.monotonic() - started)


# --------------------------------------------------------------------------- retention


def prune(directory: Path, *, keep_daily: int, keep_monthly: int = 0) -> list[Path]:
    """Delete backups beyond the newest of each of the last `keep_daily` days that have one
    and the newest of each of the last `keep_monthly` months. Only files named like ours
    (bangfu-YYYYMMDDTHHMMSSZ.bfbk) are ever looked at."""
    if keep_daily < 1:
        raise BackupError("--keep-daily must be at least 1: the newest backup is always kept.")
    found = []
    for path in Path(directory).iterdir():
        match = NAME_RE.match(path.name)
        if match and path.is_file():
            found.append((match.group(1), path))
    found.sort(reverse=True)  # newest first (the stamp sorts as text)
    keep: set[Path] = set()
    days: list[str] = []
    months: list[str] = []
    for stamp, path in found:
        day, month = stamp[:8], stamp[:6]
        if day not in days:
            days.append(day)
            if len(days) <= keep_daily:
                keep.add(path)
        if month not in months:
            months.append(month)
            if len(months) <= keep_monthly:
                keep.add(path)
    removed = []
    for _, path in found:
        if path not in keep:
            path.unlink()
            removed.append(path)
    return sorted(removed)


# --------------------------------------------------------------------------- restore


@dataclass
class TableCheck:
    table: str
    expected: dict | None
    found: dict | None

    @property
    def ok(self) -> bool:
        return self.expected == self.found

    def describe(self) -> str:
        exp, got = self.expected, self.found
        if exp is None:
            return (
                f"{self.table}: not in the backup but in the restored database ({got['rows']} rows)"
            )
        if got is None:
            return f"{self.table}: in the backup ({exp['rows']} rows) but missing after restore"
        parts = []
        if exp["rows"] != got["rows"]:
            parts.append(f"{got['rows']} rows, the backup has {exp['rows']}")
        else:
            parts.append(f"{got['rows']} rows")
        if exp["sha256"] != got["sha256"]:
            parts.append(
                f"checksum {got['sha256'][:16]} differs from the backup's {exp['sha256'][:16]}"
            )
        else:
            parts.append(f"checksum {got['sha256'][:16]}")
        return f"{self.table}: " + ", ".join(parts)


@dataclass
class RestoreResult:
    manifest: dict
    checks: list[TableCheck]
    files: int
    audit_output: str
    audit_ok: bool
    seconds: float

    @property
    def mismatches(self) -> list[TableCheck]:
        return [c for c in self.checks if not c.ok]

    @property
    def ok(self) -> bool:
        return not self.mismatches and self.audit_ok


def _target_tables() -> list[str]:
    if connection.vendor == "sqlite":
        name = Path(settings.DATABASES["default"]["NAME"])
        if not name.exists():
            return []
        conn = sqlite3.connect(name)
        try:
            return _list_tables(conn.cursor(), "sqlite")
        finally:
            conn.close()
    with connection.cursor() as cur:
        return _list_tables(cur, "postgresql")


def _nonempty(root: Path) -> list[str]:
    return [rel for _p, rel in _iter_files(root)][:3]


def check_target_empty() -> None:
    tables = _target_tables()
    if tables:
        shown = ", ".join(tables[:5]) + (" …" if len(tables) > 5 else "")
        raise BackupError(
            f"The target database is not empty ({len(tables)} tables: {shown}): nothing was "
            "restored. Restore only into an empty database: create a new one and point "
            "DATABASE_URL at it."
        )
    for label, root in (("MEDIA_ROOT", media_root()), ("AUDIT_CHECKPOINT_DIR", checkpoint_dir())):
        files = _nonempty(root)
        if files:
            raise BackupError(
                f"{label} ({root}) already holds files (e.g. {files[0]}): nothing was "
                f"restored. Restore into an empty {label}: point BANGFU_VAR_DIR elsewhere."
            )


_ALLOWED = re.compile(
    r"^(database\.(sqlite3|pgdump)|manifest\.json|manifest\.mac|(media|audit)/.+)$"
)


def _safe_member(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if (
        not _ALLOWED.match(name)
        or path.is_absolute()
        or any(part in {"", ".", ".."} for part in path.parts)
    ):
        raise BackupError(f"The backup holds an unexpected entry {name!r}: nothing was restored.")
    return path


def _unpack(path: Path, key: bytes, staging: Path) -> tuple[dict, dict[str, dict]]:
    """Decrypt and unpack into `staging`; returns (manifest, {member: {bytes, sha256}})."""
    seen: dict[str, dict] = {}
    with path.open("rb") as raw:
        reader = OpenReader(raw, key)
        try:
            with tarfile.open(fileobj=reader, mode="r|gz") as tar:
                for member in tar:
                    rel = _safe_member(member.name)
                    if not member.isfile() or member.name in seen:
                        raise BackupError(
                            f"The backup holds an unexpected entry {member.name!r}: nothing "
                            "was restored."
                        )
                    dest = staging.joinpath(*rel.parts)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    sha = hashlib.sha256()
                    n = 0
                    src = tar.extractfile(member)
                    with dest.open("wb") as out:
                        while chunk := src.read(COPY_BUF):
                            sha.update(chunk)
                            n += len(chunk)
                            out.write(chunk)
                    seen[member.name] = {"bytes": n, "sha256": sha.hexdigest()}
        except (tarfile.TarError, EOFError, OSError) as exc:
            if isinstance(exc.__context__, BackupError):
                raise exc.__context__ from None
            raise BackupError(
                f"The backup's contents cannot be read ({exc}): nothing was restored."
            ) from exc
        # the last chunk must have been read: anything after the tar is still authenticated
        while reader.read(COPY_BUF):
            pass
        mac_key = reader.mac_key
    body_path, mac_path = staging / "manifest.json", staging / "manifest.mac"
    if not body_path.exists() or not mac_path.exists():
        raise BackupError("The backup has no manifest: nothing was restored.")
    body = body_path.read_bytes()
    if not hmac.compare_digest(mac_path.read_text().strip(), manifest_mac(mac_key, body)):
        raise BackupError("The backup's manifest does not match its MAC: nothing was restored.")
    manifest = json.loads(body)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown manifest format {manifest.get('format')!r}.")
    return manifest, seen


def _check_files(manifest: dict, seen: dict[str, dict]) -> None:
    expected = {f["path"]: f for f in manifest["files"]}
    db = manifest["database"]
    expected[db["path"]] = db
    got = {k: v for k, v in seen.items() if k not in {"manifest.json", "manifest.mac"}}
    problems = []
    for name in sorted(set(expected) | set(got)):
        e, g = expected.get(name), got.get(name)
        if e is None:
            problems.append(f"{name}: not in the manifest")
        elif g is None:
            problems.append(f"{name}: missing from the backup")
        elif (e["bytes"], e["sha256"]) != (g["bytes"], g["sha256"]):
            problems.append(f"{name}: SHA-256 {g['sha256'][:16]} differs from the manifest's")
    if problems:
        raise BackupError("The backup's files do not match its manifest: " + "; ".join(problems))


def _restore_sqlite(dump: Path) -> None:
    target = Path(settings.DATABASES["default"]["NAME"])
    connection.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    tmp = target.with_name(target.name + ".restoring")
    shutil.copyfile(dump, tmp)
    os.replace(tmp, target)


def _restore_postgresql(dump: Path, manifest: dict) -> None:
    major, _text = _tool_major("pg_restore")
    made_with = re.search(r"\(PostgreSQL\) (\d+)", manifest.get("dump_tool", ""))
    if made_with and int(made_with.group(1)) > major:
        raise BackupError(
            f"The backup was made with pg_dump {made_with.group(1)}; pg_restore here is "
            f"version {major}: install the newer PostgreSQL client programs."
        )
    connection.close()
    result = subprocess.run(  # noqa: S603 (a fixed argument list, no shell)
        [  # noqa: S607 (the PostgreSQL client on PATH)
            "pg_restore",
            "--exit-on-error",
            "--single-transaction",
            "--no-owner",
            "--no-privileges",
            "-d",
            settings.DATABASES["default"]["NAME"],
            str(dump),
        ],
        env=_pg_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed, nothing was restored: {result.stderr.strip()}")


def _move_tree(src: Path, dest: Path) -> None:
    if not src.is_dir():
        return
    for path, rel in _iter_files(src):
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, target)


def verify_restored(manifest: dict) -> list[TableCheck]:
    with transaction.atomic():
        found = table_checksums(_django_cursor, connection.vendor)
    expected = manifest["tables"]
    return [
        TableCheck(t, expected.get(t), found.get(t)) for t in sorted(set(expected) | set(found))
    ]


def run_verify_audit() -> tuple[bool, str]:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
    except CommandError as exc:
        return False, (out.getvalue() + err.getvalue() + str(exc)).strip()
    except SystemExit as exc:  # a command that exits by itself
        return exc.code in (0, None), (out.getvalue() + err.getvalue()).strip()
    return True, (out.getvalue() + err.getvalue()).strip()


def restore_backup(
    path: Path, *, progress: Callable[[str], None] = lambda line: None
) -> RestoreResult:
    started = time.monotonic()
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No such file: {path}")
    vendor = engine()
    key = backup_key()
    check_target_empty()
    var_dir = Path(settings.VAR_DIR)
    var_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bangfu-restore-", dir=var_dir) as tmpdir:
        staging = Path(tmpdir)
        manifest, seen = _unpack(path, key, staging)
        if manifest["engine"] != vendor:
            raise BackupError(
                f"This is a backup of a {manifest['engine']} database; the target is {vendor}: "
                "restore it into the same kind of database."
            )
        _check_files(manifest, seen)
        progress(
            f"backup of {manifest['created_at']} (bangfu {manifest['bangfu_version']}, "
            f"{manifest['engine']}): {len(manifest['tables'])} tables, "
            f"{len(manifest['files'])} files; authenticated"
        )
        dump = staging / manifest["database"]["path"]
        if vendor == "sqlite":
            _restore_sqlite(dump)
        else:
            _restore_postgresql(dump, manifest)
        _move_tree(staging / "media", media_root())
        _move_tree(staging / "audit", checkpoint_dir())
    checks = verify_restored(manifest)
    audit_ok, audit_output = run_verify_audit()
    return RestoreResult(
        manifest, checks, len(manifest["files"]), audit_output, audit_ok, time.monotonic() - started
    )


def backups_in(directory: Path) -> Iterable[Path]:
    return sorted(p for p in Path(directory).iterdir() if NAME_RE.match(p.name))
