"""Import jobs: an upload is stored, then imported at once when small, or by the worker."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.core.models import ImportJob

from .runner import import_job_run, imports_dir
from .tasks import run_import_job

# Files up to this size are imported while the user waits; larger ones go to the worker.
SYNC_IMPORT_MAX_BYTES = 512 * 1024


def import_job_start(*, user, kind: str, upload, valid_only: bool) -> ImportJob:
    """Store the upload and import it: at once when small, in the background otherwise."""
    job_id = uuid.uuid4()
    stored = imports_dir() / f"{job_id}.upload"
    with open(stored, "wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    job = ImportJob.objects.create(
        public_id=job_id,
        kind=kind,
        user=user,
        filename=Path(upload.name).name[:200],
        stored_path=str(stored),
        size=upload.size,
        valid_only=valid_only,
    )
    _run_or_queue(job)
    return job


def _run_or_queue(job: ImportJob) -> None:
    if job.size <= SYNC_IMPORT_MAX_BYTES:
        import_job_run(job_id=job.pk)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: run_import_job.enqueue(job.pk))


def import_job_confirm(*, user, job: ImportJob) -> ImportJob:
    """The user has seen which stored values the file clears and confirms: import it now.

    The file is checked again; it is written only if it still clears exactly the values the
    user was shown (`job.clears`), otherwise the new counts are shown to confirm again."""
    if job.user_id != user.pk or job.status != ImportJob.Status.CONFIRM:
        return job
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.QUEUED, confirmed=True, finished_at=None
    )
    job.refresh_from_db()
    _run_or_queue(job)
    return job


def import_job_cancel(*, user, job: ImportJob) -> ImportJob:
    """The user does not want the values cleared: nothing is imported, the upload removed."""
    if job.user_id != user.pk or job.status != ImportJob.Status.CONFIRM:
        return job
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.REJECTED,
        message=_("Cancelled: nothing was imported."),
        finished_at=timezone.now(),
    )
    Path(job.stored_path).unlink(missing_ok=True)
    job.refresh_from_db()
    return job
