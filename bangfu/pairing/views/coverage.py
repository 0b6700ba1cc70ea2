"""The coverage board: coverage by county and the uncovered poor villages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from bangfu.accounts.decorators import capability_required

from ..selectors.coverage import coverage_by_county, coverage_totals, uncovered_villages
from ..suggestions.access import may_suggest
from .shared import page_of


@require_GET
@capability_required("business.read")
def coverage(request):
    from bangfu.accounts.roles import Role

    if request.user.role == Role.HELPER:
        raise PermissionDenied
    county = request.GET.get("county") or None
    township = request.GET.get("township") or None
    rows = coverage_by_county(user=request.user)
    villages = uncovered_villages(user=request.user, county=county, township=township)
    page, query = page_of(request, villages)
    today = timezone.localdate()
    for profile in page:
        profile.days_since = (today - profile.last_covered).days if profile.last_covered else None
    townships = {}
    if county:
        for code, name, n in (
            uncovered_villages(user=request.user, county=county)
            .values_list("village__parent__code", "village__parent__name")
            .order_by("village__parent__code")
            .annotate(n=Count("pk"))
        ):
            townships[code] = (name, n)
    return render(
        request,
        "pairing/coverage.html",
        {
            "rows": rows,
            "total": coverage_totals(rows),
            "page": page,
            "query": query,
            "county": county,
            "township": township,
            "townships": townships,
            "can_suggest": may_suggest(request.user),
        },
    )
