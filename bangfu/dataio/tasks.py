"""Background tasks: the import of a large upload, run by `bangfu db_worker`."""

from django.tasks import task

from .runner import import_job_run


@task()
def run_import_job(job_id: int) -> None:
    """Background import of a large upload (run by `bangfu db_worker`)."""
    import_job_run(job_id=job_id)
