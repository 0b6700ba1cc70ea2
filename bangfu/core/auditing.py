"""The audit trail as core reaches it: a port that accounts plugs its writer into at start-up.

core is the bottom layer, so it cannot import the trail's writer (`bangfu.accounts.audit`,
which sits above it with the `AuditEvent` table); yet every `BusinessModel` save, every request
and every command writes to the trail. `AccountsConfig.ready()` installs that writer here, once
the apps are loaded. Recording before then (or without accounts installed) is an error, never
a silently skipped row; starting and flushing the queue of denials do nothing until then,
because no denial can have been recorded.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured


class Trail(Protocol):
    """What the writer offers: `bangfu.accounts.audit` is one (a module)."""

    def record(self, **fields: Any) -> Any: ...

    def start_denial_queue(self) -> None: ...

    def flush_denials(self) -> int: ...

    def head(self, using: str) -> str: ...


_trail: Trail | None = None


def install(trail: Trail) -> None:
    """Make `trail` the writer of every audit row written from core (called once, at start-up)."""
    global _trail
    _trail = trail


def record(**fields: Any) -> Any:
    """Append one audit row; the fields are those of `bangfu.accounts.audit.record`."""
    if _trail is None:
        raise ImproperlyConfigured("No audit trail installed: bangfu.accounts is not ready.")
    return _trail.record(**fields)


def head(using: str = "default") -> str:
    """The MAC of the trail's newest row on database `using` ("" for an empty trail)."""
    if _trail is None:
        raise ImproperlyConfigured("No audit trail installed: bangfu.accounts is not ready.")
    return _trail.head(using)


def start_denial_queue() -> None:
    """A fresh queue of denials for one request or command (see `flush_denials`)."""
    if _trail is not None:
        _trail.start_denial_queue()


def flush_denials() -> int:
    """Write again the denials whose transaction rolled back; returns how many."""
    return _trail.flush_denials() if _trail is not None else 0
