"""Figures kept until the data changes: keyed by the audit trail's newest row."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from bangfu.accounts.models import AuditEvent
from bangfu.core import auditing, caching

pytestmark = pytest.mark.django_db


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.calls


def test_a_result_is_kept_until_the_trail_has_a_new_row(city_officer):
    compute = Counter()
    parts = (caching.user_parts(city_officer), "2017H2")
    first = caching.while_unchanged("t", parts, compute, model=AuditEvent)
    assert caching.while_unchanged("t", parts, compute, model=AuditEvent) == first
    assert compute.calls == 1
    auditing.record(event="update", object_type="x", object_id="1")
    assert caching.while_unchanged("t", parts, compute, model=AuditEvent) == 2
    assert compute.calls == 2


def test_the_state_is_the_newest_rows_mac(city_officer):
    auditing.record(event="update", object_type="x", object_id="1")
    newest = AuditEvent.objects.order_by("-id").first()
    assert caching.head(AuditEvent) == newest.hash != ""


def test_a_rolled_back_change_leaves_the_state_as_it_was(city_officer):
    before = caching.head(AuditEvent)
    inside = []

    def change_then_fail():
        with transaction.atomic():
            auditing.record(event="update", object_type="x", object_id="1")
            inside.append(caching.head(AuditEvent))
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError, match="rolled back"):
        change_then_fail()
    assert inside[0] != before
    assert caching.head(AuditEvent) == before


def test_other_parts_users_and_languages_are_kept_apart(city_officer, officer_chengde):
    compute = Counter()
    for parts in [
        (caching.user_parts(city_officer), "2017H2"),
        (caching.user_parts(city_officer), "2018H1"),
        (caching.user_parts(officer_chengde), "2017H2"),
    ]:
        caching.while_unchanged("t", parts, compute, model=AuditEvent)
    assert compute.calls == 3
    with translation.override("en"):
        caching.while_unchanged(
            "t", (caching.user_parts(city_officer), "2017H2"), compute, model=AuditEvent
        )
    assert compute.calls == 4
    caching.while_unchanged(
        "other", (caching.user_parts(city_officer), "2017H2"), compute, model=AuditEvent
    )
    assert compute.calls == 5


def test_a_failed_computation_is_not_kept(city_officer):
    calls = []

    def failing():
        calls.append(1)
        raise ValueError("bad period")

    for _ in range(2):
        with pytest.raises(ValueError, match="bad period"):
            caching.while_unchanged("t", (), failing, model=AuditEvent)
    assert len(calls) == 2


@override_settings(FIGURES_CACHE_SECONDS=0)
def test_zero_seconds_computes_every_time(city_officer):
    compute = Counter()
    for _ in range(3):
        caching.while_unchanged("t", (), compute, model=AuditEvent)
    assert compute.calls == 3


def test_reads_sign_ins_and_denials_leave_the_state_as_it_is(city_officer):
    auditing.record(event="update", object_type="x", object_id="1")
    state = caching.head(AuditEvent)
    auditing.record(event="export", object_type="x", object_id="1")
    auditing.record(event="login", user=city_officer)
    auditing.record(event="update", object_type="x", object_id="2", outcome="denied")
    assert caching.head(AuditEvent) == state
    auditing.record(event="delete", object_type="x", object_id="1")
    assert caching.head(AuditEvent) != state


def test_with_no_change_among_the_newest_rows_the_newest_row_names_the_state(
    city_officer, monkeypatch
):
    from bangfu.accounts import audit

    monkeypatch.setattr(audit, "HEAD_WINDOW", 2)
    auditing.record(event="update", object_type="x", object_id="1")
    for _ in range(2):
        auditing.record(event="export", object_type="x", object_id="1")
    newest = AuditEvent.objects.order_by("-id").first()
    assert newest.event == "export"
    assert caching.head(AuditEvent) == newest.hash


def test_a_lists_count_is_kept_until_the_data_changes(city_officer, django_assert_num_queries):
    from bangfu.places.models import Division

    named = Division.objects.filter(level="county", name__endswith="县").order_by("code")
    assert caching.KeptCountPaginator(named, 2).count == 4  # 平泉市 is not a 县
    with django_assert_num_queries(1):  # the trail's head only
        assert caching.KeptCountPaginator(named, 2).count == 4
    with django_assert_num_queries(2):  # another query: counted
        assert caching.KeptCountPaginator(named.exclude(code="130821"), 2).count == 3
    county = Division.objects.get(code="130881")
    county.name = "平泉县"  # a change, through save(): audited
    county.save()
    assert caching.KeptCountPaginator(named, 2).count == 5
    assert caching.KeptCountPaginator([1, 2, 3], 2).count == 3  # a list: counted as it is
