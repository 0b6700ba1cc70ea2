"""Background tasks of the pairing part: a suggestion run, run by `bangfu db_worker`."""

from django.tasks import task

from .suggestions.run import suggestion_run_execute


@task()
def run_suggestions(run_id: int) -> None:
    """Solve one suggestion run in the background (run by `bangfu db_worker`)."""
    suggestion_run_execute(run_id=run_id)
