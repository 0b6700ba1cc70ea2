"""Import jobs: an upload is stored, checked and imported now or by the background worker."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .imports import run_import
from .models import ImportJob
from .registries import specs

log = logging.getLogger(__name__)

# Files up to this size are imported while the user waits; larger ones go to the worker.
SYNC_IMPORT_MAX_BYTES = 512 * 1024


def _imports_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def import_job_start(*, user, kind: str, upload, valid_only: bool) -> ImportJob:
    """Store the upload and import it: at once when small, in the background otherwise."""
    job_id = uuid.uuid4()
    stored = _imports_dir() / f"{job_id}.upload"
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
        from .tasks import run_import_job

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
    from django.utils.translation import gettext as _

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


def import_job_run(*, job_id: int) -> None:
    """Run one job to its end; the stored upload is removed whatever happens, unless the job
    waits for the user to confirm the values it clears."""
    from bangfu.accounts.models import User

    from .context import acting_as

    job = ImportJob.objects.get(pk=job_id)
    if job.finished:
        return
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    report = _imports_dir() / f"{job.public_id}-report.xlsx"

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(
            rows_done=done, rows_total=total or job.rows_total
        )

    stored = Path(job.stored_path)
    keep_upload = False
    try:
        all_specs = specs()
        user = User.objects.get(pk=job.user_id)
        with acting_as(user=user, channel="web"):
            result = run_import(
                all_specs[job.kind],
                stored,
                filename=job.filename,
                user=user,
                valid_only=job.valid_only,
                other_specs=all_specs.values(),
                progress=progress,
                report_path=report,
                allow_clear=job.clears if job.confirmed else False,
            )
        keep_upload = result.needs_confirmation  # kept until the user confirms or cancels
        if result.written:
            status = ImportJob.Status.DONE
        elif result.needs_confirmation:
            status = ImportJob.Status.CONFIRM
        else:
            status = ImportJob.Status.REJECTED
        ImportJob.objects.filter(pk=job.pk).update(
            status=status,
            notes=result.notes(),
            clears=result.clears,
            confirmed=False,
            rows_done=result.rows,
            rows_total=result.rows,
            sha256=result.sha256,
            message=result.message,
            counts={
                "created": result.counts.created,
                "updated": result.counts.updated,
                "unchanged": result.counts.unchanged,
                "valid_rows": result.valid_rows,
            },
            errors=[e.as_list() for e in result.errors[:500]],
            error_count=len(result.errors),
            report_path=str(report) if report.exists() else "",
            finished_at=timezone.now(),
        )
    except Exception as exc:
        log.exception("import job %s failed", job.public_id)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED,
            message=f"{type(exc).__name__}",
            finished_at=timezone.now(),
        )
    finally:
        if not keep_upload:
            stored.unlink(missing_ok=True)
