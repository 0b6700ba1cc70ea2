"""Writing and verifying the audit trail (SECURITY.md §10-12).

`record()` is the one way to add a row. It runs inside the caller's transaction, so a
change and its audit row commit or roll back together.

Each row carries a MAC: HMAC-SHA256, keyed with `AUDIT_MAC_KEY` from the environment (never
the database), over the previous row's MAC and the row's canonical content, including its
chain version and key id. Someone with database access but without the key can neither edit a
row nor recompute the chain after an edit or a deletion: `verify_trail()` names the row.
Rows written before the key existed (`chain_version` 1) keep their plain SHA-256 chain and
are verified as such; the first keyed row MACs the last of them, so rewriting the old rows
breaks the keyed chain too. After a keyed row, an unkeyed one is refused.

Deleting the newest rows leaves a chain that is intact up to its new end; that is what the
signed checkpoints (`checkpoints.py`) are for: `verify_trail()` compares the table against
each of them and names the rows missing after a checkpoint.

Denials (`outcome="denied"`) must survive the rollback of the request that was denied: one
written inside a transaction is also remembered, and once that transaction has ended
(`flush_denials()`: at the end of the request, of the command, or at commit) it is written
again, on the `audit` connection of its own, if the transaction did not keep it.

On PostgreSQL an advisory lock serialises writers on every connection so that the chain
never forks; SQLite serialises writers by itself.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Max
from django.utils import timezone

from bangfu.core import context
from bangfu.core.masking import scrub

from .models import AuditEvent

_ADVISORY_LOCK_KEY = 0x62616E67  # "bang"
DENIAL_ALIAS = "audit"
PURGE_EVENT = "audit_purge"

# ------------------------------------------------------------------------------ the key


def _decode_key(text: str) -> bytes:
    text = text.strip()
    try:
        key = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError as exc:
        raise ImproperlyConfigured("AUDIT_MAC_KEY: not valid base64") from exc
    if len(key) != 32:
        raise ImproperlyConfigured(
            "AUDIT_MAC_KEY: each key must be 32 bytes (base64 of 32 random bytes)"
        )
    return key


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"audit-kid" + key).hexdigest()[:8]


@lru_cache(maxsize=1)
def mac_keys() -> tuple[bytes, ...]:
    """The audit keys: the first signs new rows and checkpoints, all verify (rotation)."""
    raw = os.environ.get("AUDIT_MAC_KEY", "")
    keys = tuple(_decode_key(k) for k in raw.split(",") if k.strip())
    if keys:
        return keys
    if settings.DEBUG or getattr(settings, "TESTING", False):
        return (hashlib.sha256(f"bangfu-dev-audit-mac:{settings.SECRET_KEY}".encode()).digest(),)
    raise ImproperlyConfigured("AUDIT_MAC_KEY is not set (needed with DEBUG=0).")


def signing_key() -> tuple[str, bytes]:
    key = mac_keys()[0]
    return key_id(key), key


def key_by_id(kid: str) -> bytes | None:
    return next((k for k in mac_keys() if key_id(k) == kid), None)


# ------------------------------------------------------------------------------ the chain


def _canonical(row: dict) -> str:
    return json.dumps(row, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _payload(ev) -> dict:
    return {
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


def _row_digest(prev_hash: str, ev) -> str:
    """Chain version 1: plain SHA-256 (rows written before the audit key existed)."""
    return hashlib.sha256((prev_hash + _canonical(_payload(ev))).encode()).hexdigest()


def row_mac(prev_mac: str, ev, key: bytes) -> str:
    """Chain version 2: HMAC-SHA256 over the previous MAC and the row, version and key id."""
    payload = {**_payload(ev), "v": AuditEvent.Chain.HMAC, "kid": ev.key_id}
    return hmac.new(key, (prev_mac + _canonical(payload)).encode(), hashlib.sha256).hexdigest()


def _scrub_changes(changes: dict) -> dict:
    return {k: [scrub(v) if isinstance(v, str) else v for v in pair] for k, pair in changes.items()}


def _append(ev: AuditEvent, using: str = DEFAULT_DB_ALIAS) -> AuditEvent:
    """Chain `ev` to the newest row and insert it, on connection `using`."""
    with transaction.atomic(using=using):
        conn = connections[using]
        if conn.vendor == "postgresql":
            with conn.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])
        prev = (
            AuditEvent.objects.using(using).order_by("-id").values_list("hash", flat=True).first()
            or ""
        )
        kid, key = signing_key()
        ev.prev_hash = prev
        ev.chain_version = AuditEvent.Chain.HMAC
        ev.key_id = kid
        ev.hash = row_mac(prev, ev, key)
        ev.save(using=using)
        from . import checkpoints

        if checkpoints.due():
            transaction.on_commit(checkpoints.maybe_daily, using=using)
    return ev


# ------------------------------------------------------------------------------ writing


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
    flush_denials()
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
    _append(ev)
    if outcome == AuditEvent.Outcome.DENIED and _in_business_transaction():
        _remember_denial(ev)
    return ev


# ------------------------------------------------------------------------------ denials

_pending: ContextVar[list | None] = ContextVar("bangfu_pending_denials", default=None)


def _in_business_transaction(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Inside an atomic block of our own (the test runner's outer blocks do not count)."""
    return any(not getattr(a, "_from_testcase", False) for a in connections[using].atomic_blocks)


def start_denial_queue() -> None:
    """A fresh queue for one request or command (a list, so that code running in a copied
    context still adds to the same one)."""
    _pending.set([])


def _remember_denial(ev: AuditEvent) -> None:
    queue = _pending.get()
    if queue is None:
        queue = []
        _pending.set(queue)
    queue.append(ev)
    transaction.on_commit(flush_denials)


def _denial_alias() -> str:
    return DENIAL_ALIAS if DENIAL_ALIAS in settings.DATABASES else DEFAULT_DB_ALIAS


def flush_denials() -> int:
    """Write again, on the audit connection, every remembered denial whose transaction has
    ended without keeping it. Does nothing while that transaction is still open. Returns the
    number of rows written."""
    queue = _pending.get()
    if not queue or _in_business_transaction():
        return 0
    items = list(queue)
    queue.clear()
    using = _denial_alias()
    written = 0
    for ev in items:
        if AuditEvent.objects.using(using).filter(pk=ev.pk, hash=ev.hash).exists():
            continue  # the transaction committed: the row is there
        fields = {
            f.attname: getattr(ev, f.attname)
            for f in AuditEvent._meta.concrete_fields
            if not f.primary_key
        }
        _append(AuditEvent(**fields), using=using)
        written += 1
    return written


# ------------------------------------------------------------------------------ verifying


@dataclass
class Problem:
    row_id: int | None
    message: str


@dataclass
class ChainWalk:
    rows: int = 0
    first: AuditEvent | None = None
    last: AuditEvent | None = None
    bad: list[tuple[AuditEvent, str]] = field(default_factory=list)
    purges: list[AuditEvent] = field(default_factory=list)


_PURGE_DETAIL = re.compile(r"up to row (?P<upto>\d+) \(MAC (?P<mac>[0-9a-f]{64})\)")


def delete_through_gate(upto: int) -> None:
    """Delete the audit rows up to id `upto` through the one gate the append-only triggers
    honour, opened and shut inside the caller's transaction (purge_audit's own path)."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT set_config('bangfu.audit_purge_upto', %s, true)", [str(upto)])
            cur.execute("DELETE FROM accounts_auditevent WHERE id <= %s", [upto])
            cur.execute("SELECT set_config('bangfu.audit_purge_upto', '0', true)")
        else:
            cur.execute("INSERT INTO accounts_audit_purge_gate (upto) VALUES (%s)", [upto])
            cur.execute("DELETE FROM accounts_auditevent WHERE id <= %s", [upto])
            cur.execute("DELETE FROM accounts_audit_purge_gate")


def purge_detail(*, rows: int, before, upto: int, mac: str) -> str:
    return f"purged {rows} rows before {before}: up to row {upto} (MAC {mac})"


def parse_purge(ev: AuditEvent) -> tuple[int, str] | None:
    m = _PURGE_DETAIL.search(ev.detail)
    return (int(m["upto"]), m["mac"]) if m else None


PROBLEMS = {
    "link": "link mismatch (a row before it is missing or was changed)",
    "content": "content mismatch (the row was changed, or its MAC recomputed without the key)",
    "key": "MAC key unknown (not in AUDIT_MAC_KEY)",
    "unkeyed": "unkeyed row after the keyed chain began",
}


def _check_row(prev: str, ev: AuditEvent, keyed_seen: bool) -> str:
    if ev.chain_version == AuditEvent.Chain.SHA256:
        if keyed_seen:
            return "unkeyed"
        return "" if _row_digest(prev, ev) == ev.hash else "content"
    key = key_by_id(ev.key_id)
    if key is None:
        return "key"
    return "" if hmac.compare_digest(row_mac(prev, ev, key), ev.hash) else "content"


def walk_chain(
    batch: int = 5000, walk: ChainWalk | None = None
) -> Iterator[tuple[AuditEvent, str]]:
    """Yield (row, problem) for every row whose chain link or MAC does not match. The first
    row's link is taken as it stands (after a purge it follows a deleted row); `verify_trail`
    checks it against the purge record."""
    walk = walk if walk is not None else ChainWalk()
    prev = None
    last_id = 0
    keyed_seen = False
    while True:
        rows = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            return
        for ev in rows:
            walk.rows += 1
            if walk.first is None:
                walk.first = ev
                prev = ev.prev_hash
            problem = "link" if ev.prev_hash != prev else _check_row(prev, ev, keyed_seen)
            if problem:
                walk.bad.append((ev, problem))
                yield ev, problem
            elif ev.event == PURGE_EVENT:
                walk.purges.append(ev)
            keyed_seen = keyed_seen or ev.chain_version == AuditEvent.Chain.HMAC
            prev = ev.hash
            last_id = ev.id
            walk.last = ev


def verify_chain(batch: int = 5000) -> Iterator[tuple[AuditEvent, str]]:
    """Yield (row, problem) for every row that does not match (see `walk_chain`)."""
    return walk_chain(batch)


def _describe(ev: AuditEvent) -> str:
    return f"row {ev.pk} ({ev.at:%Y-%m-%d %H:%M:%S} {ev.event})"


def verify_trail(checkpoint_dir=None) -> tuple[ChainWalk, list[Problem]]:
    """Verify the whole trail: the MAC chain, its start (genesis or a recorded purge) and
    every signed checkpoint. Returns the walk and the problems, in the order found."""
    from . import checkpoints

    walk = ChainWalk()
    problems = [
        Problem(ev.pk, f"{_describe(ev)}: {PROBLEMS[what]}") for ev, what in walk_chain(walk=walk)
    ]
    purged_upto = 0
    if walk.purges:
        purged_upto, purged_mac = parse_purge(walk.purges[-1]) or (0, "")
    first = walk.first
    if first is not None and first.prev_hash:
        if not walk.purges:
            problems.insert(
                0,
                Problem(
                    first.pk,
                    f"rows before row {first.pk} missing: the trail starts after a row that no "
                    "recorded purge removed",
                ),
            )
        elif first.pk <= purged_upto or first.prev_hash != purged_mac:
            problems.insert(
                0,
                Problem(
                    first.pk,
                    f"rows before row {first.pk} missing: the last purge (row "
                    f"{walk.purges[-1].pk}) kept everything after row {purged_upto}",
                ),
            )
    last = walk.last
    if last is not None and last.chain_version != AuditEvent.Chain.HMAC:
        # every row written since the key exists is keyed (the migration sealed the older
        # ones with a keyed row): an unkeyed newest row means the tail was re-chained
        problems.append(
            Problem(last.pk, f"{_describe(last)}: the newest row is not keyed (re-chained tail)")
        )
    problems += checkpoints.compare(
        checkpoint_dir=checkpoint_dir, purged_upto=purged_upto, last=walk.last
    )
    return walk, problems


def last_row_before(row_id: int) -> int:
    return AuditEvent.objects.filter(id__lt=row_id).aggregate(m=Max("id"))["m"] or 0
