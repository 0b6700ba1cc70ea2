"""Writing and verifying the audit trail.

`record()` is the one way to add a row. It runs inside the caller's transaction, so a
change and its audit row commit or roll back together. Each row stores the hash of the
previous one; `verify_chain()` recomputes the chain and names the first row that does not
match. On PostgreSQL an advisory lock serialises writers so that the chain never forks;
SQLite serialises writers by itself.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator

from django.db import connection, transaction
from django.utils import timezone

from bangfu.core import context
from bangfu.core.masking import scrub

from .models import AuditEvent

_ADVISORY_LOCK_KEY = 0x62616E67  # "bang"


def _canonical(row: dict) -> str:
    return json.dumps(row, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _row_digest(prev_hash: str, ev: AuditEvent) -> str:
    payload = {
        "at": ev.at.isoformat(),
        "actor_id": ev.actor_id,
        "actor_name": ev.actor_name,
        "role": ev.role,
        "address": ev.address,
        "request_id": ev.request_id,
        "channel": ev.channel,
        "event": ev.event,
        "object_type": ev.object_type,
        "object_id": ev.object_id,
        "object_repr": ev.object_repr,
        "outcome": ev.outcome,
        "changes": ev.changes,
        "detail": ev.detail,
    }
    return hashlib.sha256((prev_hash + _canonical(payload)).encode()).hexdigest()


def _scrub_changes(changes: dict) -> dict:
    return {k: [scrub(v) if isinstance(v, str) else v for v in pair] for k, pair in changes.items()}


def record(
    *,
    event: str,
    obj=None,
    changes: dict | None = None,
    outcome: str = AuditEvent.Outcome.OK,
    detail: str = "",
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    user=None,
) -> AuditEvent:
    """Append one audit row describing `event` on `obj` by the current actor."""
    ctx = context.current()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(getattr(obj, "natural_key_value", None) or obj.pk or "")
        object_repr = object_repr or str(obj)
    actor_id = getattr(user, "pk", None) if user is not None else ctx.user_id
    ev = AuditEvent(
        at=timezone.now(),
        actor_id=actor_id,
        actor_name=(getattr(user, "username", "") if user is not None else ctx.username)[:150],
        role=(getattr(user, "role", "") if user is not None else ctx.role)[:16],
        address=ctx.address[:64],
        request_id=ctx.request_id,
        channel=ctx.channel,
        event=event,
        object_type=object_type[:64],
        object_id=str(object_id)[:64],
        object_repr=scrub(object_repr)[:200],
        outcome=outcome,
        changes=_scrub_changes(changes or {}),
        detail=scrub(detail)[:500],
    )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])
        prev = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or ""
        ev.prev_hash = prev
        ev.hash = _row_digest(prev, ev)
        ev.save()
    return ev


def verify_chain(batch: int = 5000) -> Iterator[tuple[AuditEvent, str]]:
    """Yield (row, problem) for every row whose chain link or content does not match."""
    prev = ""
    last_id = 0
    while True:
        rows = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            return
        for ev in rows:
            if ev.prev_hash != prev:
                yield ev, "link"
            elif _row_digest(prev, ev) != ev.hash:
                yield ev, "content"
            prev = ev.hash
            last_id = ev.id
