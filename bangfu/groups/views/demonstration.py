"""Pages of the demonstration villages (attachment 4): recommendations, selection, the form.

Thin: each view finds its rows through the scoped selectors of `groups` (out of scope: 404),
parses a form, calls a service and redirects, or renders.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bangfu.accounts.decorators import capability_required
from bangfu.core.forms import apply_errors
from bangfu.groups import io as group_io
from bangfu.groups import selectors
from bangfu.groups.forms import RecommendationForm, SelectionForm
from bangfu.groups.models import DemonstrationRecommendation
from bangfu.groups.rules import may_edit_county, may_select, require_county_page
from bangfu.groups.services import (
    recommendation_save,
    recommendation_select,
    recommendation_unselect,
)
from bangfu.places.models import Division
from bangfu.places.programme import programme_or_404

from .common import group_links, xlsx_response


@require_GET
@capability_required("reporting.read")
def demonstration(request):
    """The helping districts' recommendations by county, and the selection against the quota."""
    programme = programme_or_404()
    counties = selectors.counties_for_user(request.user, programme)
    code = request.GET.get("county", "").strip()
    if code:
        counties = [
            selectors.county_get_for_user(user=request.user, programme=programme, code=code)
        ]
    ids = [c.pk for c in counties]
    pairings = list(
        selectors.region_pairings_for_user(user=request.user, programme=programme, county_ids=ids)
    )
    recs = {
        r.region_pairing_id: r
        for r in selectors.recommendations_for_user(user=request.user, programme=programme).filter(
            county_id__in=ids
        )
    }
    blocks = [
        {
            "county": county,
            "may_edit": may_edit_county(request.user, county.pk),
            "rows": [(rp, recs.get(rp.pk)) for rp in pairings if rp.county_id == county.pk],
        }
        for county in counties
    ]
    return render(
        request,
        "groups/demonstration.html",
        {
            "programme": programme,
            "blocks": blocks,
            "selected": selectors.selected_count(programme),
            "quota": programme.demonstration_quota,
            "may_select": may_select(request.user),
            "all_counties": selectors.counties_for_user(request.user, programme),
            "county_code": code,
            "group_links": group_links(),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("reporting.read")
def demonstration_recommend(request, region_pairing):
    """The recommendation form of one helping district (new, or a change of its own)."""
    programme = programme_or_404()
    rp = selectors.region_pairing_get_for_user(
        user=request.user, programme=programme, pk=region_pairing
    )
    require_county_page(request.user, rp.county)
    rec = (
        DemonstrationRecommendation.objects.filter(region_pairing=rp)
        .select_related("village")
        .first()
    )
    initial = {"recommended_on": timezone.localdate()}
    if rec is not None:
        initial = {
            "village": rec.village.code,
            "reasons": rec.reasons,
            "industry": rec.industry,
            "recommended_by": rec.recommended_by,
            "recommended_on": rec.recommended_on,
        }
    form = RecommendationForm(
        request.POST or None, initial=initial, villages=selectors.poor_villages(rp.county)
    )
    back = f"{reverse('groups:demonstration')}?county={rp.county.code}"
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["village"] = Division.objects.filter(code=data["village"]).first()
        try:
            recommendation_save(user=request.user, programme=programme, region_pairing=rp, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Recommendation saved."))
            return redirect(back)
    return render(
        request,
        "groups/demonstration_form.html",
        {
            "form": form,
            "region_pairing": rp,
            "recommendation": rec,
            "title": _("Demonstration village recommended by %(district)s (%(county)s)")
            % {"district": rp.helping_district, "county": rp.county.name},
            "back": back,
        },
    )


@require_POST
@capability_required("reporting.review")
def demonstration_select(request, pk, action):
    """Select or unselect a recommended village (the city office), with a note."""
    rec = selectors.recommendation_get_for_user(user=request.user, pk=pk)
    form = SelectionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if action == "select":
            recommendation_select(user=request.user, recommendation=rec, note=note)
            done = _("%(village)s selected as a demonstration village.")
        elif action == "unselect":
            recommendation_unselect(user=request.user, recommendation=rec, note=note)
            done = _("%(village)s is no longer a selected demonstration village.")
        else:
            raise Http404(_("No such action"))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done % {"village": rec.village.name})
    return redirect(f"{reverse('groups:demonstration')}?county={rec.county.code}")


@require_GET
@capability_required("reporting.read")
def demonstration_download(request):
    """Attachment 4: one county's form (?county=CODE), all counties', or the filing of the
    selected villages for the co-ordination office (?selected=1)."""
    programme = programme_or_404()
    code = request.GET.get("county", "").strip()
    selected_only = request.GET.get("selected") == "1"
    county = None
    if code:
        county = selectors.county_get_for_user(user=request.user, programme=programme, code=code)
    elif request.user.role == "county":
        county = selectors.county_get_for_user(
            user=request.user, programme=programme, code=request.user.county.code
        )
    table = group_io.demonstration_table(programme, county=county, selected_only=selected_only)
    label = "示范村备案表" if selected_only else "示范村推荐表"
    where = county.name if county is not None else "全市"
    name = f"附件4-{label}-{where}-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(table, name, what="demonstration")
