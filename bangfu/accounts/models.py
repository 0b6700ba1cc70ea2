"""Users with one role and a data scope, the login-failure record, and the audit trail."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import AuditedModelMixin, changes_between, snapshot

from .roles import Role


class BangfuUserManager(UserManager):
    def for_user(self, user):
        """Accounts are visible to the system and security administrators (and each user's
        own account to its owner)."""
        from .roles import can

        if can(user, "accounts.read"):
            return self.all()
        if user is not None and user.is_authenticated:
            return self.filter(pk=user.pk)
        return self.none()


class User(AuditedModelMixin, AbstractUser):
    """A person who signs in, with exactly one role (separation of duties).

    A county officer is bound to one county (the unit of data scope); a helper liaison
    is bound to one helper (from the registries). Changes to accounts are audited, the
    password hash never.
    """

    # Blank until the security administrator gives the account a role: an account without
    # one cannot sign in (backends.ActiveAccountBackend).
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, blank=True)
    full_name = models.CharField(_("full name"), max_length=64, blank=True)
    county = models.ForeignKey(
        "places.Division",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
        limit_choices_to={"level": "county"},
    )
    helper = models.ForeignKey(
        "helpers.Helper",
        verbose_name=_("helper"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="liaisons",
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)
    # The user's own choice of the pages' language, applied at every sign-in (middleware);
    # blank: follow the browser (Accept-Language), which for these offices is Chinese.
    language = models.CharField(
        _("language"), max_length=16, blank=True, choices=settings.LANGUAGES
    )

    objects = BangfuUserManager()

    audit_redact = frozenset({"password", "phone"})

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="county") | models.Q(county__isnull=False),
                name="county_officer_has_county",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="helper") | models.Q(helper__isnull=False),
                name="helper_liaison_has_helper",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self):
        super().clean()
        if self.role == Role.COUNTY and not self.county_id:
            raise ValidationError({"county": _("A county officer must be bound to a county.")})
        if self.role != Role.COUNTY and self.county_id:
            raise ValidationError({"county": _("Only county officers are bound to a county.")})
        if self.role == Role.HELPER and not self.helper_id:
            raise ValidationError({"helper": _("A helper liaison must be bound to a helper.")})
        if self.role != Role.HELPER and self.helper_id:
            raise ValidationError({"helper": _("Only helper liaisons are bound to a helper.")})
        if self.county_id and self.county.level != "county":
            raise ValidationError({"county": _("Choose a county, not a township or village.")})

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        # Logins update last_login alone; the login itself is an audit event of its own.
        if update_fields is not None and set(update_fields) <= {"last_login"}:
            return super().save(*args, **kwargs)
        if self._state.adding:
            super().save(*args, **kwargs)
            self._audit("create", {k: [None, v] for k, v in snapshot(self).items()})
            return
        old = type(self)._base_manager.filter(pk=self.pk).first()
        super().save(*args, **kwargs)
        if old is not None:
            changes = changes_between(old, self, update_fields)
            changes.pop("last_login", None)
            if changes:
                self._audit("update", changes)

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role else ""

    @property
    def is_programme_wide(self) -> bool:
        from .roles import PROGRAMME_WIDE

        return self.role in PROGRAMME_WIDE


class LoginFailure(models.Model):
    """One failed sign-in, keyed on the username tried and the client address.

    Five within the window lock that username at that address for the lockout duration,
    whether or not the username exists (the answer is the same either way).
    """

    username = models.CharField(max_length=150)
    address = models.CharField(max_length=64)
    at = models.DateTimeField(db_index=True)
    cleared = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["username", "address", "at"])]

    def __str__(self) -> str:
        return f"{self.username}@{self.address} {self.at:%Y-%m-%d %H:%M}"


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit trail is append-only.")

    def delete(self):
        raise PermissionError("The audit trail is append-only.")

    def for_user(self, user):
        from .roles import can

        return self if can(user, "audit.read") else self.none()

    def history(self):
        """Rows fit for a record's 变更历史 on its page: what changed it. Access events
        (denials, reveals, exports, sign-ins) belong to the audit trail only: whoever opens the
        page must not learn who else looked, or tried to."""
        return self.exclude(event__in=ACCESS_EVENTS).exclude(outcome=AuditEvent.Outcome.DENIED)


# Events that record someone reading, or trying to reach, data rather than changing it.
ACCESS_EVENTS = frozenset(
    {
        "access_denied",
        "reveal",
        "export",
        "login",
        "login_failed",
        "login_locked",
        "lockout",
        "logout",
        "session_idle",
        "session_expired",
    }
)


# The rows that record a change of data (not a read, a sign-in, a denial or a failure): the
# newest of them names the state of the data (`bangfu.accounts.audit.head`).
CHANGES = models.Q(outcome="ok") & ~models.Q(event__in=sorted(ACCESS_EVENTS))


class AuditEvent(models.Model):
    """One row of the append-only audit trail (审计日志).

    Who (actor, role), when (UTC), from where (address, request id, channel), what (event,
    object, field changes) and the outcome. Each row carries a MAC over its content and the
    previous row's MAC (HMAC-SHA256 with a key from the environment, `key_id` naming it;
    `chain_version` 1 marks the rows written before the key, chained by plain SHA-256), and
    the database refuses UPDATE and DELETE on this table (triggers on SQLite and
    PostgreSQL; only `purge_audit` may delete rows past the retention period).
    """

    class Chain(models.IntegerChoices):
        SHA256 = 1, "SHA-256"
        HMAC = 2, "HMAC-SHA256"

    class Outcome(models.TextChoices):
        OK = "ok", _("succeeded")
        DENIED = "denied", _("denied")
        FAILED = "failed", _("failed")

    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        User,
        verbose_name=_("actor"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=16, blank=True)
    address = models.CharField(_("address"), max_length=64, blank=True)
    request_id = models.CharField(_("request id"), max_length=32, blank=True)
    channel = models.CharField(_("channel"), max_length=16, blank=True)
    event = models.CharField(_("event"), max_length=32, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=8, choices=Outcome.choices, default=Outcome.OK
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)
    chain_version = models.PositiveSmallIntegerField(
        _("chain version"), choices=Chain.choices, default=Chain.HMAC
    )
    key_id = models.CharField(_("key id"), max_length=8, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.event} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit trail is append-only.")
