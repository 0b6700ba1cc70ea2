"""Each role's work queue on the start page: what waits for the user, first.

The city office sees the filings waiting for its review (by county); a county office the
assistance records waiting for its confirmation; a helper's liaison its pairings (village and
focus) with the button to record assistance.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse

from bangfu.accounts.roles import can


def review_queue(user) -> dict | None:
    """Filings waiting for the city office: {"total", "counties": [(county, n, url)]}."""
    if not can(user, "reporting.review"):
        return None
    from bangfu.places.programme import current_programme
    from bangfu.reporting.selectors import review_queue as waiting

    try:
        programme = current_programme()
    except ValidationError:
        return None
    base = reverse("reporting:submissions") + "?status=submitted"
    counties = [
        (county, n, f"{base}&county={county.code}")
        for county, n in waiting(user=user, programme=programme)
    ]
    return {"total": sum(n for _c, n, _u in counties), "counties": counties, "url": base}


def confirmation_queue(user) -> dict | None:
    """Records waiting for the county office's confirmation: {"n", "url"}."""
    if not can(user, "assistance.confirm"):
        return None
    from bangfu.assistance.selectors.records import queue_count

    return {"n": queue_count(user=user), "url": reverse("assistance:queue")}


def liaison_start(user) -> dict | None:
    """A helper's liaison: its active pairings (village, focus) and where to record."""
    if user.role != "helper":
        return None
    from bangfu.pairing.models import Pairing, Status

    pairings = list(
        Pairing.objects.for_user(user)
        .filter(status=Status.ACTIVE)
        .select_related("village", "village__parent", "county")
        .order_by("county__code", "village__code")[:20]
    )
    return {"pairings": pairings, "record_url": reverse("assistance:create")}
