"""Verifying the audit trail, and the records of its retention purges.

Someone with database access but without the key can neither edit a row nor recompute the
chain after an edit or a deletion: `verify_trail()` names the row. Rows written before the key
existed (`chain_version` 1) are verified by their plain SHA-256 chain; the first keyed row MACs
the last of them, so rewriting the old rows breaks the keyed chain too. After a keyed row, an
unkeyed one is refused.

Deleting the newest rows leaves a chain that is intact up to its new end; that is what the
signed checkpoints (`checkpoints.py`) are for: `verify_trail()` compares the table against
each of them and names the rows missing after a checkpoint.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Max

from . import checkpoints
from .audit_chain import Problem, key_by_id, row_digest, row_mac
from .models import AuditEvent

PURGE_EVENT = "audit_purge"


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
        return "" if row_digest(prev, ev) == ev.hash else "content"
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
