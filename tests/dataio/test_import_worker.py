"""A large import waits for the background worker; when none has picked it up within a minute
the page says so, and what to do, instead of showing "queued" forever."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from bangfu.core.models import ImportJob

pytestmark = pytest.mark.django_db


def _job(user, age_seconds: int, status=ImportJob.Status.QUEUED) -> ImportJob:
    job = ImportJob.objects.create(
        public_id=uuid.uuid4(), kind="villages", user=user, filename="村庄.xlsx", status=status
    )
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - dt.timedelta(seconds=age_seconds)
    )
    return job


@pytest.mark.parametrize(
    ("age", "status", "warned"),
    [
        (61, ImportJob.Status.QUEUED, True),
        (30, ImportJob.Status.QUEUED, False),
        (600, ImportJob.Status.RUNNING, False),
        (600, ImportJob.Status.DONE, False),
    ],
)
def test_the_page_says_when_no_worker_has_picked_the_import_up(
    age, status, warned, client_for, officer_chengde
):
    job = _job(officer_chengde, age, status)
    c = client_for(officer_chengde)
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):  # the page and its polled fragment
        html = c.get(f"/data/imports/{job.public_id}/", **headers).content.decode()
        assert ('data-testid="worker-missing"' in html) is warned
        if warned:
            assert "后台任务进程" in html
            assert "bangfu db_worker" in html
            assert 'hx-trigger="every 1s"' in html  # still polling: it goes on once a worker runs
