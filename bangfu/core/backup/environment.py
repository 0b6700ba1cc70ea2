"""What a backup works with: the database engine, its client tools, directories and file names."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection

from .sealing import BackupError

SUFFIX = ".bfbk"
NAME_RE = re.compile(r"^bangfu-(\d{8}T\d{6}Z)\.bfbk$")
FORMAT = "bangfu-backup/1"


def engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def checkpoint_dir() -> Path:
    return Path(getattr(settings, "AUDIT_CHECKPOINT_DIR", Path(settings.VAR_DIR) / "audit"))


def pg_env() -> dict[str, str]:
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


def tool_major(tool: str) -> tuple[int, str]:
    exe = shutil.which(tool)
    if not exe:
        raise BackupError(f"{tool} is not installed: install the PostgreSQL client programs.")
    text = subprocess.run(  # noqa: S603 (a fixed argument list, no shell)
        [exe, "--version"], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", text)
    return (int(match.group(1)) if match else 0), text.strip()


def server_major() -> int:
    return connection.pg_version // 10000


def iter_files(root: Path) -> Iterator[tuple[Path, str]]:
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink():
                yield path, path.relative_to(root).as_posix()
