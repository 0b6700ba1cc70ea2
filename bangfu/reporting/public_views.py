"""The public liaison page (/public/): no sign-in, no session, public facts only.

What it shows is published on purpose: the programme, each county's liaison persons
(officials acting in office, from the leading-group rosters) and the registered poor
villages still seeking helpers with their public facts (place, industries, resources, helper
places free). No household's data is read at all. The page uses no session and no CSRF
token, so that a proxy may cache it for anonymous visitors.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from bangfu.groups.selectors import public_liaisons, public_seeking_villages
from bangfu.places.models import Programme

PUBLIC_MAX_AGE = 300  # seconds a proxy or browser may keep the anonymous page


@require_GET
def index(request):
    programme = Programme.objects.filter(is_current=True).first()
    context = {"programme": programme, "liaisons": [], "villages": []}
    if programme is not None:
        context["liaisons"] = public_liaisons(programme)
        context["villages"] = public_seeking_villages(programme)
    response = render(request, "public/index.html", context)
    if not request.user.is_authenticated:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response
