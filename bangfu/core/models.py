"""Base classes for business records, and the import jobs, stored files and notifications.

`BusinessModel` gives every record created/updated stamps, a version number for optimistic
locking (the second of two concurrent edits is refused with 已被他人修改 instead of silently
overwriting the first) and a field-level audit row written in the same transaction as the
change, whichever path saves it: pages, API, admin, imports or management commands.
Queryset `.update()` and `.delete()` bypass both and are forbidden in business code
(docs/CONVENTIONS.md).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from . import auditing


class StaleRecordError(ValidationError):
    """The record was changed by someone else since it was read."""

    def __init__(self, obj=None):
        super().__init__(
            _(
                "This record has been changed by someone else (已被他人修改). Reload it and try again."
            ),
            code="stale",
        )
        self.obj = obj


def _audited_fields(obj: models.Model, fields=None):
    for field in obj._meta.concrete_fields:
        if field.name in {"created_at", "updated_at", "version"}:
            continue
        if fields is not None and field.attname not in fields and field.name not in fields:
            continue
        yield field


def _display(obj: models.Model, field) -> str | None:
    value = getattr(obj, field.attname)
    if field.name in getattr(obj, "audit_redact", frozenset()):
        return None if value in (None, "") else "***"
    return None if value is None else field.value_to_string(obj)


def snapshot(obj: models.Model, fields=None) -> dict[str, str | None]:
    """Field values as strings, as the audit trail stores them (sensitive ones redacted)."""
    return {f.attname: _display(obj, f) for f in _audited_fields(obj, fields)}


def changes_between(old: models.Model, new: models.Model, fields=None) -> dict[str, list]:
    """Field-level [before, after] of what changed; compared on the real values, shown redacted."""
    return {
        f.attname: [_display(old, f), _display(new, f)]
        for f in _audited_fields(new, fields)
        if getattr(old, f.attname) != getattr(new, f.attname)
    }


class AuditedModelMixin:
    """Writes an audit row for every save and delete of an instance."""

    audit_redact: frozenset[str] = frozenset()

    def _audit(self, event: str, changes: dict, object_id: str = "") -> None:
        auditing.record(event=event, obj=self, changes=changes, object_id=object_id)


class BusinessModel(AuditedModelMixin, models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        with transaction.atomic():
            if self._state.adding:
                super().save(*args, **kwargs)
                self._audit("create", {k: [None, v] for k, v in snapshot(self).items()})
                return
            manager = type(self)._base_manager
            old = manager.select_for_update().filter(pk=self.pk, version=self.version).first()
            if old is None:
                raise StaleRecordError(self)
            self.version += 1
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version", "updated_at"}
            super().save(*args, **kwargs)
            changes = changes_between(old, self, update_fields)
            if changes:
                self._audit("update", changes)

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            before = snapshot(self)
            pk = str(self.pk)
            result = super().delete(*args, **kwargs)
            self._audit("delete", {k: [v, None] for k, v in before.items()}, object_id=pk)
            return result


class ImportJob(models.Model):
    """One upload being imported: its progress, outcome and error report (导入任务).

    The import itself is `core.imports.engine.run_import`; the jobs are started, queued and run by
    the data import and export app (`bangfu.dataio`). The uploaded file lives under MEDIA_ROOT/imports/ only while the job runs; the error
    report (bad rows, marked) stays for the user to download.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("imported")
        REJECTED = "rejected", _("not imported")
        FAILED = "failed", _("failed")
        CONFIRM = "confirm", _("waiting for your confirmation")

    public_id = models.UUIDField(unique=True, editable=False)
    kind = models.CharField(max_length=16)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=200)
    stored_path = models.CharField(max_length=300, blank=True)
    report_path = models.CharField(max_length=300, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    valid_only = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    counts = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    # What the user should know besides the problems (columns ignored or absent, values
    # cleared), in the user's language.
    notes = models.JSONField(default=list, blank=True)
    # Stored values the file clears, by column header: shown before anything is written; the
    # import runs again with `confirmed` set, and writes only if the counts are these.
    clears = models.JSONField(default=dict, blank=True)
    confirmed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename} ({self.status})"

    @property
    def finished(self) -> bool:
        """The run has ended (waiting for a confirmation counts: nothing more happens alone)."""
        return self.status in {
            self.Status.DONE,
            self.Status.REJECTED,
            self.Status.FAILED,
            self.Status.CONFIRM,
        }

    @property
    def waiting(self) -> bool:
        return self.status == self.Status.CONFIRM

    #: a queued job not picked up by a worker within this many seconds: the page says the
    #: background worker seems not to be running (docs/OPERATIONS.md, "Background worker")
    WORKER_PICKUP_SECONDS = 60

    @property
    def waiting_for_worker(self) -> bool:
        """Still queued a minute after it was made: no `bangfu db_worker` is taking jobs."""
        from django.utils import timezone

        return (
            self.status == self.Status.QUEUED
            and (timezone.now() - self.created_at).total_seconds() > self.WORKER_PICKUP_SECONDS
        )

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return min(99, int(self.rows_done * 100 / self.rows_total)) if self.rows_total else 0


def _stored_file_path(instance, filename: str) -> str:
    # The stored name carries no user text: the original name stays in the row only.
    return f"files/{instance.created_on:%Y/%m}/{instance.sha256[:2]}/{instance.key}{instance.extension}"


class StoredFile(models.Model):
    """An uploaded file kept as evidence (signed agreement, visit photo, receipt …).

    Files live under MEDIA_ROOT/files/, are never served directly, and are downloaded only
    through the owning record's page, which checks the reader's scope. The content type is
    decided from the bytes (`core.uploads`), never from the name or the browser's claim.
    """

    key = models.CharField(max_length=32, unique=True, editable=False)
    file = models.FileField(upload_to=_stored_file_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=128)
    extension = models.CharField(max_length=8)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gt=0), name="stored_file_not_empty")
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Notification(models.Model):
    """An in-app message to one user (站内通知), e.g. a village left without a helper."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title
