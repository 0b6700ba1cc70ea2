"""Restoring a backup into an empty database and directories, then proving it."""

from __future__ import annotations

import hashlib
import hmac
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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection, transaction

from .checksums import django_cursor, list_tables, table_checksums
from .environment import (
    FORMAT,
    NAME_RE,
    checkpoint_dir,
    engine,
    iter_files,
    media_root,
    pg_env,
    tool_major,
)
from .sealing import BackupError, OpenReader, backup_key, manifest_mac

COPY_BUF = 1 << 20


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
            return list_tables(conn.cursor(), "sqlite")
        finally:
            conn.close()
    with connection.cursor() as cur:
        return list_tables(cur, "postgresql")


def _nonempty(root: Path) -> list[str]:
    return [rel for _p, rel in iter_files(root)][:3]


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
    major, _text = tool_major("pg_restore")
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
        env=pg_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed, nothing was restored: {result.stderr.strip()}")


def _move_tree(src: Path, dest: Path) -> None:
    if not src.is_dir():
        return
    for path, rel in iter_files(src):
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, target)


def verify_restored(manifest: dict) -> list[TableCheck]:
    with transaction.atomic():
        found = table_checksums(django_cursor, connection.vendor)
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
