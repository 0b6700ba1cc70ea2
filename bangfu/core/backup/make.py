"""Writing a backup (`make_backup`): snapshot, files, manifest, sealed in one file; `prune`."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from .checksums import SqliteCursor, django_cursor, migration_state, table_checksums
from .environment import (
    FORMAT,
    NAME_RE,
    SUFFIX,
    checkpoint_dir,
    engine,
    iter_files,
    media_root,
    pg_env,
    server_major,
    tool_major,
)
from .sealing import CHUNK_SIZE, BackupError, SealWriter, backup_key, manifest_mac


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
        factory = SqliteCursor(snap)
        tables = table_checksums(factory, "sqlite")
        migrations = migration_state(factory)
    finally:
        snap.close()
    return target, tables, migrations, f"sqlite {sqlite3.sqlite_version}"


def _snapshot_postgresql(tmp: Path) -> tuple[Path, dict, dict, str]:
    dump_major, dump_version = tool_major("pg_dump")
    server = server_major()
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
            env=pg_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        tables = table_checksums(django_cursor, "postgresql")
        migrations = migration_state(connection.cursor)
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
                        _add_file(tar, p, f"media/{rel}") for p, rel in iter_files(media_root())
                    ]
                    files += [
                        _add_file(tar, p, f"audit/{rel}") for p, rel in iter_files(checkpoints)
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
