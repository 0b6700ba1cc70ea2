"""Scoped reads of supervision visits and follow-ups, and the first round of visits by county.

Out of scope answers 404 (audited), the same as missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Min, Q
from django.http import Http404
from django.utils import timezone

from bangfu.accounts import audit
from bangfu.places.models import Division
from bangfu.places.selectors import division_list_for_user
from bangfu.visits.models import FollowUp, Visit, first_round_deadline


def counties_in_scope(user):
    """The counties `user` may see, by code (the county choices of the oversight pages)."""
    return division_list_for_user(user=user, level="county").order_by("code")


def visit_list_for_user(*, user, filters: dict | None = None):
    """Visits in `user`'s scope, filtered by county code and year."""
    filters = filters or {}
    qs = Visit.objects.for_user(user).select_related("county", "recorded_by")
    if filters.get("county"):
        qs = qs.filter(county__code=filters["county"])
    if filters.get("year"):
        qs = qs.filter(visited_on__year=int(filters["year"]))
    return qs.annotate(
        n_villages=Count("villages", distinct=True),
        n_follow_ups=Count("follow_ups", distinct=True),
        n_open=Count("follow_ups", filter=Q(follow_ups__state="open"), distinct=True),
    ).order_by("-visited_on", "-id")


def visit_get_for_user(*, user, pk: int) -> Visit:
    obj = Visit.objects.select_related("county", "recorded_by").filter(pk=pk).first()
    if obj is None or not Visit.objects.for_user(user).filter(pk=pk).exists():
        if obj is not None:
            audit.record(
                event="access_denied",
                object_type="visits.visit",
                object_id=str(pk),
                outcome="denied",
                detail="out of scope",
            )
        raise Http404("No such visit")
    return obj


def visit_file_get(*, visit: Visit, key: str):
    """The stored file `key` of `visit` (404 when the visit has no such file)."""
    stored = Visit.files.through.objects.filter(visit=visit, storedfile__key=key).first()
    if stored is None:
        raise Http404("No such file")
    return stored.storedfile


def follow_up_list_for_user(*, user, filters: dict | None = None, today: dt.date | None = None):
    """Follow-ups in scope: state open / closed / overdue, source, county code, helper USCC."""
    filters = filters or {}
    today = today or timezone.localdate()
    qs = FollowUp.objects.for_user(user).select_related(
        "county", "visit", "helper", "village", "pairing", "owner"
    )
    state = filters.get("state")
    if state == "overdue":
        qs = qs.overdue(today)
    elif state:
        qs = qs.filter(state=state)
    if filters.get("source"):
        qs = qs.filter(source=filters["source"])
    if filters.get("county"):
        qs = qs.filter(county__code=filters["county"])
    if filters.get("helper"):
        qs = qs.filter(helper__uscc=filters["helper"])
    return qs.order_by("state", "due_on", "id")


def overdue_for_user(*, user, today: dt.date | None = None):
    """Open follow-ups past their due date: a county office its county's, the city all."""
    return follow_up_list_for_user(user=user, filters={"state": "overdue"}, today=today)


def follow_up_get_for_user(*, user, pk: int) -> FollowUp:
    obj = (
        FollowUp.objects.select_related(
            "county", "visit", "helper", "village", "pairing", "owner", "raised_by", "closed_by"
        )
        .filter(pk=pk)
        .first()
    )
    if obj is None or not FollowUp.objects.for_user(user).filter(pk=pk).exists():
        if obj is not None:
            audit.record(
                event="access_denied",
                object_type="visits.followup",
                object_id=str(pk),
                outcome="denied",
                detail="out of scope",
            )
        raise Http404("No such follow-up")
    return obj


@dataclass
class FirstRoundRow:
    county: Division
    year: int
    visits: int
    first_visit: dt.date | None
    by_deadline: bool
    deadline: dt.date


def first_round(*, user, years) -> list[FirstRoundRow]:
    """Per county in scope and year: the number of visits, the first one, and whether the
    county had a visit by 20 October of that year (the plan's deadline for step 3)."""
    years = sorted(set(years))
    counties = list(counties_in_scope(user))
    stats = {
        (r["county_id"], r["visited_on__year"]): r
        for r in Visit.objects.for_user(user)
        .filter(visited_on__year__in=years)
        .values("county_id", "visited_on__year")
        .annotate(n=Count("id"), first=Min("visited_on"))
    }
    rows = []
    for year in years:
        deadline = first_round_deadline(year)
        for county in counties:
            r = stats.get((county.pk, year))
            first = r["first"] if r else None
            rows.append(
                FirstRoundRow(
                    county=county,
                    year=year,
                    visits=r["n"] if r else 0,
                    first_visit=first,
                    by_deadline=first is not None and first <= deadline,
                    deadline=deadline,
                )
            )
    return rows


def visit_years(*, user) -> list[int]:
    """The programme's years so far (2017 to this year) plus any year with a visit."""
    this_year = timezone.localdate().year
    years = set(range(2017, this_year + 1))
    years |= {
        d.year for d in Visit.objects.for_user(user).dates("visited_on", "year") if d is not None
    }
    return sorted(years)
