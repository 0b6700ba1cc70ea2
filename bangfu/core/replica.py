"""Reads for reports and the dashboard on a PostgreSQL streaming replica (DATABASE_REPLICA_URL).

With DATABASE_REPLICA_URL set, settings add a `replica` database and `ReplicaRouter`. A view
opts in with `@replica_reads` (the dashboard, attachments 6 and 7): inside it, reads go to
the replica, except

* inside a transaction on the primary (a service that reads what it is about to write, the
  audit trail's chain), and
* for a user who wrote in the last REPLICA_PIN_SECONDS (read-your-writes): `ReplicaPinMiddleware`
  stamps the session after every successful write request (POST, PUT, PATCH, DELETE), and
  the user's reads stay on the primary until the replica has surely caught up.

Everything else (sign-in, sessions, the registers' pages, every write) uses the primary.
Without a replica the decorator and the router do nothing.
"""

from __future__ import annotations

import functools
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
WROTE_AT = "wrote_at"  # the session key of the last write's time (seconds since the epoch)
_reading = ContextVar("bangfu_replica_reads", default=False)


def configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads(enabled: bool = True):
    """Within the block, reads may go to the replica (when one is configured)."""
    token = _reading.set(enabled)
    try:
        yield
    finally:
        _reading.reset(token)


def pinned(request) -> bool:
    """The request's user wrote recently: their reads stay on the primary."""
    session = getattr(request, "session", None)
    wrote_at = session.get(WROTE_AT) if session is not None else None
    return wrote_at is not None and time.time() - wrote_at < settings.REPLICA_PIN_SECONDS


def replica_reads_view(view):
    """A read-only view whose reads may go to the replica (not for a user who just wrote)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        with replica_reads(configured() and not pinned(request)):
            return view(request, *args, **kwargs)

    return wrapped


class ReplicaRouter:
    """Reads to the replica inside `replica_reads`, outside a transaction on the primary."""

    def db_for_read(self, model, **hints):
        if not _reading.get() or not configured():
            return None
        if connections["default"].in_atomic_block:
            return None
        return REPLICA

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's data

    def allow_migrate(self, db, app_label, **hints):
        return db != REPLICA  # a streaming replica is read-only: it follows the primary


class ReplicaPinMiddleware:
    """After a successful write request of a signed-in user, stamp the session so that the
    user's next reads stay on the primary for REPLICA_PIN_SECONDS (only with a replica)."""

    SAFE = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            configured()
            and request.method not in self.SAFE
            and response.status_code < 400
            and getattr(getattr(request, "user", None), "is_authenticated", False)
        ):
            request.session[WROTE_AT] = time.time()
        return response
