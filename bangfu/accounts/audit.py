"""Writing the audit trail: `record()`, and denials that survive a rollback (SECURITY.md §10-12).

`record()` is the one way to add a row. It runs inside the caller's transaction, so a
change and its audit row commit or roll back together.

Each row is chained to the one before it by a keyed MAC (`audit_chain`); `audit_verify` walks
the chain and compares it with the signed checkpoints (`checkpoints`).

Denials (`outcome="denied"`) must survive the rollback of the request that was denied: one
written inside a transaction is also remembered, and once that transaction has ended
(`flush_denials()`: at the end of the request, of the command, or at commit) it is written
again, on the `audit` connection of its own, if the transaction did not keep it.

On PostgreSQL an advisory lock serialises writers on every connection so that the chain
never forks; SQLite serialises writers by itself.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from bangfu.core import context
from bangfu.core.masking import scrub

from . import checkpoints
from .audit_chain import row_mac, signing_key
from .models import CHANGES, AuditEvent

ADVISORY_LOCK_KEY = 0x62616E67  # "bang"
DENIAL_ALIAS = "audit"


def _scrub_changes(changes: dict) -> dict:
    return {k: [scrub(v) if isinstance(v, str) else v for v in pair] for k, pair in changes.items()}


def _append(ev: AuditEvent, using: str = DEFAULT_DB_ALIAS) -> AuditEvent:
    """Chain `ev` to the newest row and insert it, on connection `using`."""
    with transaction.atomic(using=using):
        conn = connections[using]
        if conn.vendor == "postgresql":
            with conn.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
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


HEAD_WINDOW = 1000  # the newest rows looked through for a change (`head`)


def head(using: str = DEFAULT_DB_ALIAS) -> str:
    """The MAC of the newest row on `using` that records a change of data: it names the state
    of the data (`bangfu.core.caching`), which reads, exports, sign-ins and denials leave as it
    is. Only the newest HEAD_WINDOW rows are looked through (one backward walk of the primary
    key); with no change among them the newest row of all names the state, which is as
    safe (it too changes with every change) and only kept for a shorter time. "" for an
    empty trail."""
    rows = AuditEvent.objects.using(using)
    window = rows.order_by("-id").values("id")[:HEAD_WINDOW]
    changed = rows.filter(CHANGES, id__in=window).order_by("-id").values_list("hash", flat=True)
    found = changed.first()
    if found is None:
        found = rows.order_by("-id").values_list("hash", flat=True).first()
    return found or ""


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
