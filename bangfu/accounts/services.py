"""Account actions: signing in and out, lockout, and account management.

Each function is one business action in one transaction with its audit row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from bangfu.core import context

from . import audit
from .models import LoginFailure, User


@dataclass(frozen=True)
class LoginResult:
    user: User | None = None
    locked_until: datetime | None = None


def _norm(username: str) -> str:
    return (username or "").strip().lower()[:150]


def lockout_until(*, username: str, address: str, now: datetime | None = None) -> datetime | None:
    """When the lock on (username, address) ends, or None when it is not locked.

    Locked when LOGIN_FAILURE_LIMIT failures fall within LOGIN_FAILURE_WINDOW and the last
    of them is less than LOGIN_LOCKOUT_DURATION ago.
    """
    now = now or timezone.now()
    limit = settings.LOGIN_FAILURE_LIMIT
    window = settings.LOGIN_FAILURE_WINDOW
    duration = settings.LOGIN_LOCKOUT_DURATION
    times = list(
        LoginFailure.objects.filter(
            username=_norm(username),
            address=address,
            cleared=False,
            at__gte=now - window - duration,
        )
        .order_by("at")
        .values_list("at", flat=True)
    )
    until = None
    for i in range(limit - 1, len(times)):
        if times[i] - times[i - limit + 1] <= window:
            candidate = times[i] + duration
            until = candidate if until is None or candidate > until else until
    return until if until is not None and until > now else None


def lockout_until_any_address(*, username: str) -> datetime | None:
    """The latest lock on `username` from any address (for the administrator's page)."""
    since = timezone.now() - settings.LOGIN_FAILURE_WINDOW - settings.LOGIN_LOCKOUT_DURATION
    addresses = set(
        LoginFailure.objects.filter(
            username=_norm(username), cleared=False, at__gte=since
        ).values_list("address", flat=True)
    )
    locks = [lockout_until(username=username, address=a) for a in addresses]
    return max((t for t in locks if t), default=None)


def login_attempt(*, request, username: str, password: str) -> LoginResult:
    """Sign in, or record the failure; the answer never reveals whether the user exists."""
    address = context.current().address
    name = _norm(username)
    locked = lockout_until(username=name, address=address)
    if locked:
        audit.record(
            event="login_locked",
            object_type="accounts.user",
            object_repr=name,
            outcome="denied",
            detail=f"locked until {locked.isoformat()}",
        )
        return LoginResult(locked_until=locked)
    user = authenticate(request, username=username.strip(), password=password)
    if user is None:
        with transaction.atomic():
            LoginFailure.objects.create(username=name, address=address, at=timezone.now())
            audit.record(
                event="login_failed",
                object_type="accounts.user",
                object_repr=name,
                outcome="denied",
            )
            locked = lockout_until(username=name, address=address)
            if locked:
                audit.record(
                    event="lockout",
                    object_type="accounts.user",
                    object_repr=name,
                    outcome="denied",
                    detail=f"locked until {locked.isoformat()}",
                )
        return LoginResult(locked_until=locked)
    with transaction.atomic():
        login(request, user)
        now = timezone.now()
        request.session["login_at"] = now.timestamp()
        request.session["last_seen"] = now.timestamp()
        LoginFailure.objects.filter(username=name, address=address, cleared=False).update(
            cleared=True
        )
        context.update(user_id=user.pk, username=user.username, role=user.role)
        audit.record(event="login", obj=user, user=user)
    return LoginResult(user=user)


def logout_user(*, request, reason: str = "logout") -> None:
    """End the session (flushing it) and record why: logout, idle, expired or disabled."""
    user = request.user if request.user.is_authenticated else None
    if user is not None:
        audit.record(event=reason, obj=user, user=user)
    logout(request)


@transaction.atomic
def account_unlock(*, actor: User, username: str) -> int:
    """Lift a lockout on `username` from every address; returns the failures cleared."""
    n = LoginFailure.objects.filter(username=_norm(username), cleared=False).update(cleared=True)
    audit.record(
        event="unlock",
        object_type="accounts.user",
        object_repr=_norm(username),
        user=actor,
        detail=f"{n} failures cleared",
    )
    return n


@transaction.atomic
def user_create(*, actor: User | None, password: str, **fields) -> User:
    """Create an account after validating its fields and password."""
    user = User(**fields)
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.is_staff = user.role == "sysadmin"
    user.save()
    return user


@transaction.atomic
def user_update(*, actor: User, user: User, **fields) -> User:
    for name, value in fields.items():
        setattr(user, name, value)
    user.is_staff = user.role == "sysadmin"
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def user_set_password(*, actor: User | None, user: User, password: str) -> User:
    validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "password_changed_at"])
    return user
