"""In-app notifications (站内通知). E-mail joins with the reporting calendar."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Notification


def offices_for(*, county_id: int | None, roles: Iterable[str] = ("county", "city")):
    """Active accounts that must hear about a county: its county office and the city office."""
    from django.db.models import Q

    from bangfu.accounts.models import User

    roles = set(roles)
    q = Q(role__in=roles - {"county"})
    if "county" in roles and county_id is not None:
        q |= Q(role="county", county_id=county_id)
    return User.objects.filter(q, is_active=True)


def notify(*, users, kind: str, title: str, body: str = "", url: str = "") -> int:
    """One notification per user, in the caller's transaction; returns how many."""
    rows = [
        Notification(recipient=u, kind=kind, title=str(title)[:200], body=str(body), url=url)
        for u in users
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
