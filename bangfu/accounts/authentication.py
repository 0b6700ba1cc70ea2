"""Signing in: passwords and lockouts, the second factor's code, API tokens, signing out.

Each function is one business action in one transaction with its audit row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.db import transaction
from django.utils import timezone
from django_otp import login as otp_login

from bangfu.core import context

from . import audit, second_factor
from .models import LoginFailure, User


@dataclass(frozen=True)
class LoginResult:
    user: User | None = None
    locked_until: datetime | None = None
    address_locked: bool = False  # the lock is on the client's address (many usernames)


def norm_username(username: str) -> str:
    return (username or "").strip().lower()[:150]


def _lock_end(times: list[datetime], limit: int, now: datetime) -> datetime | None:
    """The end of the latest lock: `limit` failures within the window lock for the lockout
    duration from the last of them (sliding window); None when that end has passed."""
    window = settings.LOGIN_FAILURE_WINDOW
    duration = settings.LOGIN_LOCKOUT_DURATION
    until = None
    for i in range(limit - 1, len(times)):
        if times[i] - times[i - limit + 1] <= window:
            candidate = times[i] + duration
            until = candidate if until is None or candidate > until else until
    return until if until is not None and until > now else None


def _failure_times(*, now: datetime, **filters) -> list[datetime]:
    since = now - settings.LOGIN_FAILURE_WINDOW - settings.LOGIN_LOCKOUT_DURATION
    return list(
        LoginFailure.objects.filter(cleared=False, at__gte=since, **filters)
        .order_by("at")
        .values_list("at", flat=True)
    )


def lockout_until(*, username: str, address: str, now: datetime | None = None) -> datetime | None:
    """When the lock on (username, address) ends, or None when it is not locked.

    Locked when LOGIN_FAILURE_LIMIT failures fall within LOGIN_FAILURE_WINDOW and the last
    of them is less than LOGIN_LOCKOUT_DURATION ago.
    """
    now = now or timezone.now()
    times = _failure_times(now=now, username=norm_username(username), address=address)
    return _lock_end(times, settings.LOGIN_FAILURE_LIMIT, now)


def address_lockout_until(*, address: str, now: datetime | None = None) -> datetime | None:
    """When the lock on a client address ends, or None: LOGIN_ADDRESS_FAILURE_LIMIT failures
    from that address within the window, whatever usernames were tried (password spraying),
    lock every sign-in from it for the lockout duration. A success clears only its own
    username's failures, so signing in to one's own account does not reset the count."""
    now = now or timezone.now()
    times = _failure_times(now=now, address=address)
    return _lock_end(times, settings.LOGIN_ADDRESS_FAILURE_LIMIT, now)


def lockout_until_any_address(*, username: str) -> datetime | None:
    """The latest lock on `username` from any address (for the administrator's page)."""
    since = timezone.now() - settings.LOGIN_FAILURE_WINDOW - settings.LOGIN_LOCKOUT_DURATION
    addresses = set(
        LoginFailure.objects.filter(
            username=norm_username(username), cleared=False, at__gte=since
        ).values_list("address", flat=True)
    )
    locks = [lockout_until(username=username, address=a) for a in addresses]
    return max((t for t in locks if t), default=None)


def _current_lock(*, name: str, address: str) -> LoginResult | None:
    """The lock that refuses this attempt, audited, or None. The address first: a sprayer
    learns nothing about the usernames tried."""
    until = address_lockout_until(address=address)
    on_address = until is not None
    until = until or lockout_until(username=name, address=address)
    if until is None:
        return None
    audit.record(
        event="login_locked",
        object_type="accounts.user",
        object_repr=name,
        outcome="denied",
        detail=f"{'address' if on_address else 'account'} locked until {until.isoformat()}",
    )
    return LoginResult(locked_until=until, address_locked=on_address)


@transaction.atomic
def record_failure(*, name: str, address: str, event: str = "login_failed") -> LoginResult:
    """Record one failed sign-in (a wrong password or a wrong second-factor code), audited,
    and the lock it completes, if any."""
    LoginFailure.objects.create(username=name, address=address, at=timezone.now())
    audit.record(event=event, object_type="accounts.user", object_repr=name, outcome="denied")
    until = address_lockout_until(address=address)
    on_address = until is not None
    if on_address:
        audit.record(
            event="address_lockout",
            object_type="accounts.user",
            object_repr=name,
            outcome="denied",
            detail=f"address {address} locked until {until.isoformat()}",
        )
    else:
        until = lockout_until(username=name, address=address)
        if until:
            audit.record(
                event="lockout",
                object_type="accounts.user",
                object_repr=name,
                outcome="denied",
                detail=f"locked until {until.isoformat()}",
            )
    return LoginResult(locked_until=until, address_locked=on_address)


def clear_failures(*, name: str, address: str) -> None:
    LoginFailure.objects.filter(username=name, address=address, cleared=False).update(cleared=True)


def check_password(*, request, username: str, password: str) -> LoginResult:
    """The password step shared by the sign-in page and the API's token issue: refused while
    the address or the (username, address) pair is locked, a failure recorded otherwise.
    The answer never reveals whether the user exists. Does not sign in."""
    address = context.current().address
    name = norm_username(username)
    locked = _current_lock(name=name, address=address)
    if locked:
        return locked
    user = authenticate(request, username=(username or "").strip(), password=password)
    if user is None:
        return record_failure(name=name, address=address)
    return LoginResult(user=user)


def login_attempt(*, request, username: str, password: str) -> LoginResult:
    """Sign in with the password. When the account needs a second factor the session is
    left unverified (the middleware sends it to the code page) and the failures are cleared
    only once the code is right, so a wrong code cannot be wiped by re-entering the password."""
    result = check_password(request=request, username=username, password=password)
    if result.user is None:
        return result
    user = result.user
    with transaction.atomic():
        login(request, user)
        now = timezone.now()
        request.session["login_at"] = now.timestamp()
        request.session["last_seen"] = now.timestamp()
        needed = second_factor.needed(user)
        request.session[second_factor.SESSION_NEEDED] = needed
        if not needed:
            clear_failures(name=norm_username(user.username), address=context.current().address)
        context.update(user_id=user.pk, username=user.username, role=user.role)
        audit.record(
            event="login",
            obj=user,
            user=user,
            detail="password; second factor pending" if needed else "",
        )
    return LoginResult(user=user)


def second_factor_verify(*, request, code: str) -> LoginResult:
    """Check the signed-in user's second-factor code (TOTP or a recovery code, which works
    once). Right: the session is marked verified (and its key renewed), failures cleared.
    Wrong: a failure towards the lockout. Locked: refused without trying the code."""
    user = request.user
    address = context.current().address
    name = norm_username(user.username)
    locked = _current_lock(name=name, address=address)
    if locked:
        return locked
    device = second_factor.match(user, code)
    if device is None:
        return record_failure(name=name, address=address, event="otp_failed")
    with transaction.atomic():
        request.session.cycle_key()
        otp_login(request, device)
        clear_failures(name=name, address=address)
        audit.record(
            event="otp_verified",
            obj=user,
            user=user,
            detail="recovery code" if second_factor.is_recovery(device) else "authenticator",
        )
    return LoginResult(user=user)


class TokenRefused(Exception):
    """The API token was not issued: `code` says why (credentials, locked, otp_required,
    otp_enrolment_required, otp_wrong), `locked_until` when locked."""

    def __init__(self, code: str, locked_until: datetime | None = None):
        super().__init__(code)
        self.code = code
        self.locked_until = locked_until


def token_issue(*, request, username: str, password: str, otp: str = "") -> str:
    """An API token for a username and password, plus the second-factor code when the
    account needs one. The same locks and failure counting as the sign-in page. Each issue
    replaces the account's previous token."""
    from rest_framework.authtoken.models import Token

    result = check_password(request=request, username=username, password=password)
    if result.user is None:
        if result.locked_until:
            raise TokenRefused("locked", result.locked_until)
        raise TokenRefused("credentials")
    user = result.user
    address = context.current().address
    name = norm_username(user.username)
    context.update(user_id=user.pk, username=user.username, role=user.role)
    if second_factor.needed(user):
        if not second_factor.has_device(user):
            audit.record(
                event="token_refused", obj=user, outcome="denied", detail="no second factor"
            )
            raise TokenRefused("otp_enrolment_required")
        if not (otp or "").strip():
            audit.record(event="token_refused", obj=user, outcome="denied", detail="no code")
            raise TokenRefused("otp_required")
        if second_factor.match(user, otp) is None:
            failed = record_failure(name=name, address=address, event="otp_failed")
            if failed.locked_until:
                raise TokenRefused("locked", failed.locked_until)
            raise TokenRefused("otp_wrong")
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        token = Token.objects.create(user=user)
        clear_failures(name=name, address=address)
        audit.record(event="token_issued", obj=user, user=user)
    return token.key


def logout_user(*, request, reason: str = "logout") -> None:
    """End the session (flushing it) and record why: logout, idle, expired or disabled."""
    user = request.user if request.user.is_authenticated else None
    if user is not None:
        audit.record(event=reason, obj=user, user=user)
    logout(request)
