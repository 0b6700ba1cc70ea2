"""Every count of the completeness board opens the submissions it counts (same county, form
and year), so that 'which 5 are overdue?' is one click."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bangfu.reporting import selectors
from bangfu.reporting.models import Submission
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def _listed(client, url) -> int:
    resp = client.get(url)
    assert resp.status_code == 200
    return resp.context["page"].paginator.count


def test_each_count_of_the_board_opens_as_many_submissions(calendar, client, city_officer):
    from django.utils import timezone

    filed = Submission.objects.filter(county__code="130821").order_by("due_date")[:2]
    for s in filed:  # one on time, one late
        Submission.objects.filter(pk=s.pk).update(
            first_submitted_at=timezone.make_aware(
                timezone.datetime.combine(s.due_date, timezone.datetime.min.time())
            )
            + (timezone.timedelta(days=3) if s == filed[1] else timezone.timedelta()),
            state="submitted",
        )
    sign_in(client, city_officer)
    board = selectors.board(user=city_officer, programme=calendar)
    assert board.total.late == 1
    assert board.total.on_time == 1
    for what, n in board.total.items_counted():
        assert _listed(client, selectors.board_link(what)) == n, what
    for county, cells, total in board.cell_rows():
        for what, n in total.items_counted():
            assert _listed(client, selectors.board_link(what, county=county)) == n
        for report, counts in cells:
            url = selectors.board_link("expected", county=county, report=report)
            assert _listed(client, url) == counts.expected
    page = client.get(reverse("reporting:index")).content.decode()
    assert selectors.board_link("overdue").replace("&", "&amp;") in page


def test_a_year_narrows_the_list_as_it_narrows_the_board(calendar, client, city_officer):
    sign_in(client, city_officer)
    board = selectors.board(user=city_officer, programme=calendar, year=2018)
    assert _listed(client, selectors.board_link("expected", year=2018)) == board.total.expected
    assert _listed(client, selectors.board_link("expected")) > board.total.expected
