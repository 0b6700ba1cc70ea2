"""Running one import job to its end (at once, or in `bangfu db_worker` through `tasks`)."""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from bangfu.core.context import acting_as
from bangfu.core.imports.engine import run_import
from bangfu.core.models import ImportJob

from .kinds import specs

log = logging.getLogger(__name__)


def imports_dir() -> Path:
    """Where uploads wait for their job, and where the jobs' error reports stay."""
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def import_job_run(*, job_id: int) -> None:
    """Run one job to its end; the stored upload is removed whatever happens, unless the job
    waits for the user to confirm the values it clears."""
    job = ImportJob.objects.get(pk=job_id)
    if job.finished:
        return
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    report = imports_dir() / f"{job.public_id}-report.xlsx"

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(
            rows_done=done, rows_total=total or job.rows_total
        )

    stored = Path(job.stored_path)
    keep_upload = False
    try:
        all_specs = specs()
        user = job.user
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
