"""The request context: who is acting, from where, under which request id.

Set by `RequestContextMiddleware` for web requests and by `acting_as()` for management
commands and background work, read by the audit trail and the log formatter. A context
variable (not a thread local) so that it is correct under ASGI too.
"""

from __future__ import annotations

import contextlib
import uuid
from contextvars import ContextVar
from dataclasses import dataclass

from . import auditing


@dataclass(frozen=True)
class RequestContext:
    user_id: int | None = None
    username: str = ""
    role: str = ""
    address: str = ""
    request_id: str = ""
    channel: str = "system"  # web, api, admin, command, system


_current: ContextVar[RequestContext] = ContextVar("bangfu_request_context")


def current() -> RequestContext:
    return _current.get(RequestContext())


def set_context(ctx: RequestContext):
    return _current.set(ctx)


def reset_context(token) -> None:
    _current.reset(token)


def update(**changes) -> None:
    """Replace fields of the current context (e.g. the user once authentication ran)."""
    from dataclasses import replace

    _current.set(replace(current(), **changes))


def new_request_id() -> str:
    return uuid.uuid4().hex[:16]


@contextlib.contextmanager
def acting_as(*, user=None, channel: str = "command", address: str = "local"):
    """Run a block as `user` (or as the operator when None), e.g. in a management command."""
    ctx = RequestContext(
        user_id=getattr(user, "pk", None),
        username=getattr(user, "username", "") or "operator",
        role=getattr(user, "role", "") or "operator",
        address=address,
        request_id=new_request_id(),
        channel=channel,
    )
    token = set_context(ctx)
    try:
        yield ctx
    finally:
        auditing.flush_denials()  # denials whose transaction rolled back are written now
        reset_context(token)
