"""Signed checkpoints of the audit trail's head, kept outside the database.

A MAC chain proves that no row was changed, but not that none was removed from its end:
delete the newest rows and the chain is intact up to its new end. So the head is anchored
outside the table: each checkpoint is a small JSON file under AUDIT_CHECKPOINT_DIR (one file
per checkpoint, never rewritten) holding the newest row's id and MAC, the row count and the
time, signed with HMAC-SHA256 under the audit key; the same facts go to the log.

Written by `bangfu audit_checkpoint` (daily, from cron or a systemd timer), after every
accepted filing, by `purge_audit`, and by any process that writes an audit row when the
newest checkpoint is older than a day. `verify_audit` compares the table with every one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import time
from pathlib import Path

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from .audit_chain import Problem, key_by_id, signing_key
from .models import AuditEvent

log = logging.getLogger("bangfu.audit")
FORMAT = 1
DAY = 24 * 3600
_SIG_CONTEXT = b"bangfu-audit-checkpoint\n"


def checkpoint_dir() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR)


def _canonical(data: dict) -> bytes:
    body = {k: v for k, v in data.items() if k != "sig"}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def sign(data: dict, key: bytes) -> str:
    return hmac.new(key, _SIG_CONTEXT + _canonical(data), hashlib.sha256).hexdigest()


def write(kind: str, *, note: str = "", extra: dict | None = None) -> Path | None:
    """Write one checkpoint of the newest row; None when the trail is empty."""
    last = AuditEvent.objects.order_by("-id").values("id", "hash").first()
    if last is None:
        return None
    kid, key = signing_key()
    now = timezone.now().astimezone(dt.UTC)
    data = {
        "format": FORMAT,
        "kind": kind,
        "at": now.isoformat(),
        "last_id": last["id"],
        "last_mac": last["hash"],
        "rows": AuditEvent.objects.filter(id__lte=last["id"]).count(),
        "key_id": kid,
        "note": note[:200],
        **(extra or {}),
    }
    data["sig"] = sign(data, key)
    folder = checkpoint_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o750)
    path = folder / f"{now:%Y%m%dT%H%M%S%fZ}-{last['id']}-{kind}.json"
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    global _last_written
    _last_written = time.time()
    log.info(
        "audit checkpoint %s: row %s MAC %s, %s rows, file %s",
        kind,
        data["last_id"],
        data["last_mac"],
        data["rows"],
        path.name,
    )
    return path


def on_filing_accepted(note: str) -> None:
    """After an accepted filing commits (a report is final: anchor the trail's head)."""
    try:
        write("filing", note=note)
    except OSError:
        log.exception("audit checkpoint after an accepted filing could not be written")


_last_written: float | None = None


def _newest_on_disk() -> float:
    try:
        names = [p.name for p in checkpoint_dir().glob("*.json")]
    except OSError:
        return 0.0
    if not names:
        return 0.0
    stamp = max(names).split("-", 1)[0]
    try:
        return dt.datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=dt.UTC).timestamp()
    except ValueError:
        return 0.0


def due() -> bool:
    """Is the newest checkpoint more than a day old? (One comparison in memory, after the
    first look at the directory.)"""
    global _last_written
    if _last_written is None:
        _last_written = _newest_on_disk()
    return time.time() - _last_written >= DAY


def maybe_daily() -> None:
    """Write a checkpoint when the newest one is more than a day old (registered by
    `audit._append` to run once its row has committed)."""
    global _last_written
    if not due():
        return
    try:
        write("daily", note="first audit row after a day without checkpoint")
    except OSError:
        _last_written = time.time()  # do not retry on every row; the daily command will
        log.exception("audit checkpoint could not be written to %s", checkpoint_dir())


# ------------------------------------------------------------------------------ reading


def load(folder: Path | None = None) -> list[tuple[str, dict | None, str]]:
    """Every checkpoint file as (name, data, problem); problem is "" for a good signature."""
    folder = Path(folder) if folder else checkpoint_dir()
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            last_id, last_mac, sig = int(data["last_id"]), str(data["last_mac"]), data["sig"]
            dt.datetime.fromisoformat(data["at"])
        except (OSError, ValueError, KeyError, TypeError):
            found.append((path.name, None, "unreadable"))
            continue
        key = key_by_id(str(data.get("key_id", "")))
        if key is None:
            found.append((path.name, data, f"signed with an unknown key {data.get('key_id')}"))
        elif not hmac.compare_digest(sign(data, key), str(sig)):
            found.append((path.name, data, "signature does not match (the file was altered)"))
        else:
            data["last_id"], data["last_mac"] = last_id, last_mac
            found.append((path.name, data, ""))
    return found


def _when(data: dict) -> str:
    at = dt.datetime.fromisoformat(data["at"])
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M")


def compare(*, checkpoint_dir=None, purged_upto: int = 0, last=None) -> list:
    """Problems found by comparing the table with every checkpoint (see `audit_chain.Problem`)."""
    problems = []
    good = []
    for name, data, problem in load(checkpoint_dir):
        if problem:
            problems.append(Problem(None, f"checkpoint {name}: {problem}"))
        elif data["last_id"] > purged_upto:
            good.append(data)
    ids = {d["last_id"] for d in good}
    macs = {}
    id_list = sorted(ids)
    for i in range(0, len(id_list), 500):
        macs.update(
            AuditEvent.objects.filter(id__in=id_list[i : i + 500]).values_list("id", "hash")
        )
    truncated: dict[int, dict] = {}  # newest row still present → the newest checkpoint past it
    for data in good:
        row = data["last_id"]
        if row in macs:
            if not hmac.compare_digest(macs[row], data["last_mac"]):
                problems.append(
                    Problem(row, f"row {row} differs from the checkpoint of {_when(data)}")
                )
            continue
        kept = (
            AuditEvent.objects.filter(id__lt=row, id__gt=purged_upto).aggregate(m=Max("id"))["m"]
            or purged_upto
        )
        if kept not in truncated or truncated[kept]["last_id"] < row:
            truncated[kept] = data
    for kept, data in sorted(truncated.items()):
        problems.append(
            Problem(
                kept + 1,
                f"rows {kept + 1}–{data['last_id']} missing after checkpoint of {_when(data)}",
            )
        )
    return problems
