"""Reads of accounts: the account list and pages, the offices to notify, the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from .models import AuditEvent, User


def user_list_for_user(*, user):
    return User.objects.for_user(user).select_related("county").order_by("role", "username")


def user_get_for_user(*, user, username: str) -> User:
    obj = User.objects.for_user(user).select_related("county").filter(username=username).first()
    if obj is None:
        raise Http404("No such account")
    return obj


def offices_for(*, county_id: int | None, roles: Iterable[str] = ("county", "city")):
    """Active accounts that must hear about a county: its county office and the city office."""
    roles = set(roles)
    q = Q(role__in=roles - {"county"})
    if "county" in roles and county_id is not None:
        q |= Q(role="county", county_id=county_id)
    return User.objects.filter(q, is_active=True)


def audit_events_for_user(*, user, filters: dict):
    """The audit trail filtered by actor, event, object type, outcome and date range."""
    qs = AuditEvent.objects.for_user(user).order_by("-id")
    if filters.get("actor"):
        qs = qs.filter(actor_name=filters["actor"])
    if filters.get("event"):
        qs = qs.filter(event=filters["event"])
    if filters.get("object_type"):
        qs = qs.filter(object_type=filters["object_type"])
    if filters.get("outcome"):
        qs = qs.filter(outcome=filters["outcome"])
    tz = timezone.get_current_timezone()
    if filters.get("since"):
        qs = qs.filter(at__gte=dt.datetime.combine(filters["since"], dt.time.min, tzinfo=tz))
    if filters.get("until"):
        end = filters["until"] + dt.timedelta(days=1)
        qs = qs.filter(at__lt=dt.datetime.combine(end, dt.time.min, tzinfo=tz))
    return qs
