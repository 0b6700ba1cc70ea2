"""Account management: accounts, roles and scope, passwords, unlocking, second factors.

Each function is one business action in one transaction with its audit row; the actor's role
is checked first (separation of duties).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from bangfu.core import context

from . import audit, second_factor
from .authentication import clear_failures, norm_username, record_failure
from .models import LoginFailure, User
from .roles import can


class NotPermitted(ValidationError):
    """The actor may not take this action (separation of duties)."""


def _require(actor: User, capability: str) -> None:
    if not can(actor, capability):
        raise NotPermitted(_("Your role may not do this."))


@transaction.atomic
def account_unlock(*, actor: User, username: str) -> int:
    """Lift a lockout on `username` from every address; returns the failures cleared."""
    _require(actor, "accounts.unlock")
    n = LoginFailure.objects.filter(username=norm_username(username), cleared=False).update(
        cleared=True
    )
    audit.record(
        event="unlock",
        object_type="accounts.user",
        object_repr=norm_username(username),
        user=actor,
        detail=f"{n} failures cleared",
    )
    return n


def _staff(user: User) -> bool:
    # the admin site is the system administrator's alone (admin_site.py)
    return user.role == "sysadmin"


ROLE_FIELDS = frozenset({"role", "county", "helper"})


@transaction.atomic
def user_create(*, actor: User | None, password: str, **fields) -> User:
    """Create an account after validating its fields and password. The system administrator
    creates accounts without a role (the security administrator gives it); `actor=None`
    (management commands, demo data) may give one at once."""
    if actor is not None:
        _require(actor, "accounts.manage")
        if fields.keys() & ROLE_FIELDS:
            raise NotPermitted(_("Only the security administrator gives roles."))
    user = User(**fields)
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.is_staff = _staff(user)
    user.save()
    return user


@transaction.atomic
def user_update(*, actor: User, user: User, **fields) -> User:
    """Edit an account's person fields or disable it (the system administrator); the role
    and its scope are `user_role_set`'s."""
    _require(actor, "accounts.manage")
    if fields.keys() & ROLE_FIELDS:
        raise NotPermitted(_("Only the security administrator gives roles."))
    for name, value in fields.items():
        setattr(user, name, value)
    user.is_staff = _staff(user)
    user.full_clean(exclude=["password"])
    user.save()
    return user


def user_role_set(*, actor: User, user: User, role: str, county=None, helper=None) -> User:
    """Give an account its role and scope (the security administrator), never one's own.
    A refusal is audited (outside the transaction, so that the row stays)."""
    _require(actor, "roles.assign")
    if actor.pk == user.pk:
        audit.record(event="role_refused", obj=user, outcome="denied", detail=f"own role to {role}")
        raise NotPermitted(_("Nobody may change their own role."))
    with transaction.atomic():
        user.role, user.county, user.helper = role, county, helper
        user.is_staff = _staff(user)
        user.is_superuser = False
        user.full_clean(exclude=["password"])
        user.save()  # the field-level audit row records the change of role
    return user


@transaction.atomic
def user_set_password(*, actor: User | None, user: User, password: str) -> User:
    """Set a password: one's own, or anyone's by the system administrator."""
    if actor is not None and actor.pk != user.pk:
        _require(actor, "accounts.manage")
    validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "password_changed_at"])
    return user


@transaction.atomic
def user_language_set(*, user: User, language: str) -> User:
    """Remember one's own choice of the pages' language on the account (blank: follow the
    browser). ValidationError for a language the site does not offer."""
    offered = {code for code, _name in settings.LANGUAGES}
    if language and language not in offered:
        raise ValidationError(_("This language is not offered."))
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


@transaction.atomic
def second_factor_enrol(*, request, code: str) -> list[str] | None:
    """Confirm the signed-in user's new authenticator with a code from it: the session is
    verified and ten recovery codes are returned (shown once, kept only as digests). A wrong
    code is a failure towards the lockout and returns None."""
    user = request.user
    address = context.current().address
    name = norm_username(user.username)
    device = second_factor.pending_device(user)
    if device is None or second_factor.has_device(user):
        raise NotPermitted(_("There is no authenticator waiting to be confirmed."))
    if not second_factor.check_pending(device, code):
        record_failure(name=name, address=address, event="otp_failed")
        return None
    device.confirmed = True
    device.save()
    codes = second_factor.new_recovery_codes(user)
    request.session.cycle_key()
    otp_login(request, device)
    request.session[second_factor.SESSION_NEEDED] = True
    clear_failures(name=name, address=address)
    audit.record(event="otp_enrolled", obj=user, user=user)
    return codes


@transaction.atomic
def second_factor_recovery_renew(*, user: User) -> list[str]:
    """Ten new recovery codes for the signed-in (verified) user; the old ones stop working."""
    if not second_factor.has_device(user):
        raise NotPermitted(_("Enrol an authenticator first."))
    codes = second_factor.new_recovery_codes(user)
    audit.record(event="otp_recovery_renewed", obj=user, user=user)
    return codes


def second_factor_reset(*, actor: User, user: User) -> int:
    """Remove an account's authenticator and recovery codes (a lost phone): the owner enrols
    again at the next sign-in. The security administrator's, never on one's own account."""
    _require(actor, "otp.reset")
    if actor.pk == user.pk:
        audit.record(event="otp_reset", obj=user, outcome="denied", detail="own account")
        raise NotPermitted(_("Nobody may reset their own second factor."))
    with transaction.atomic():
        n = second_factor.remove_devices(user)
        audit.record(event="otp_reset", obj=user, user=actor, detail=f"{n} devices removed")
    return n
