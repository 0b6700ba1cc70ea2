"""The page of one step of the plan for one county: the records its figure on the board counts."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from bangfu.accounts.decorators import capability_required
from bangfu.groups.selectors import county_get_for_user
from bangfu.places.programme import programme_or_404

from .. import steps


@require_GET
@capability_required("reporting.read")
def step_records(request, key):
    """What a step asks of a county, each record with the day it was had (404 out of scope)."""
    step = steps.get_step(key)
    if step is None:
        raise Http404(_("No such step"))
    programme = programme_or_404()
    code = request.GET.get("county", "").strip()
    if not code and getattr(request.user, "county_id", None):
        code = request.user.county.code
    county = county_get_for_user(user=request.user, programme=programme, code=code)
    result = steps.outcome(step, programme, county)
    return render(request, "reporting/step.html", {"outcome": result, "step": step})
