from django.tasks import task


@task()
def run_import_job(job_id: int) -> None:
    """Background import of a large upload (run by `bangfu db_worker`)."""
    from .services import import_job_run

    import_job_run(job_id=job_id)
