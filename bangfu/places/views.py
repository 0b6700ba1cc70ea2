"""The places' pages: the county list, a division and its children, the division search."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from bangfu.accounts.decorators import capability_required

from . import selectors
from .models import Level


@require_GET
@capability_required("business.read")
def index(request):
    """The division tree: counties in scope, townships and villages on demand."""
    return render(
        request,
        "places/index.html",
        {
            "counties": selectors.division_tree_roots(user=request.user),
            "totals": selectors.scope_totals(user=request.user),
        },
    )


@require_GET
@capability_required("business.read")
def division_detail(request, code):
    division = selectors.division_get_for_user(user=request.user, code=code)
    ancestors = []
    node = division.parent
    while node is not None:  # at most three levels up
        ancestors.insert(0, node)
        node = node.parent
    return render(
        request,
        "places/division.html",
        {
            "division": division,
            "ancestors": [
                a for a in ancestors if a.level != Level.CITY or request.user.is_programme_wide
            ],
            "children": selectors.division_children(user=request.user, division=division),
            "service_points": selectors.service_points_for(user=request.user, division=division),
        },
    )


@require_GET
@capability_required("business.read")
def division_children(request, code):
    """htmx partial: the children of one node of the tree."""
    division = selectors.division_get_for_user(user=request.user, code=code)
    return render(
        request,
        "places/_children.html",
        {
            "division": division,
            "children": selectors.division_children(user=request.user, division=division),
        },
    )


@require_GET
@capability_required("business.read")
def search(request):
    q = request.GET.get("q", "").strip()[:32]
    results = selectors.division_search(user=request.user, text=q) if q else []
    template = "places/_search_results.html" if request.htmx else "places/search.html"
    return render(request, template, {"q": q, "results": results})


@require_GET
@capability_required("business.read")
def village_options(request):
    """The village chooser's options on demand (JSON): `?township=` a township's villages,
    `?q=` villages by name, pinyin initials or code; only the user's scope."""
    options = selectors.village_options(
        user=request.user,
        township=request.GET.get("township", ""),
        text=request.GET.get("q", ""),
    )
    return JsonResponse({"options": options})


@require_GET
@capability_required("business.read")
def programmes(request):
    return render(
        request,
        "places/programmes.html",
        {
            "programmes": selectors.programmes_for_user(user=request.user),
            "region_pairings": selectors.region_pairings_for_user(user=request.user),
        },
    )
