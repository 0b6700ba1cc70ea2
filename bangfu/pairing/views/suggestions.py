"""Pairing suggestion pages: run the solver, follow its progress, accept or reject pairs."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bangfu.accounts.decorators import capability_required
from bangfu.core.forms import apply_errors
from bangfu.places.models import Division
from bangfu.places.programme import current_programme, programme_counties

from ..forms_suggestions import OpenVillageForm, RejectForm, RunForm, WeightsForm
from ..models import Suggestion
from ..selectors.suggestions import (
    reasons_in_words,
    run_get_for_user,
    runs_for_user,
    suggestion_get_for_user,
    suggestions_of_run,
    weights_for_page,
)
from ..services.suggestion_decisions import (
    fit_weights_update,
    suggestion_accept_many,
    suggestion_reject,
    village_open,
)
from ..services.suggestions import suggestion_run_start
from ..suggestions.access import may_open_village, may_set_weights, may_suggest


def _guard(request) -> None:
    if not may_suggest(request.user):
        raise PermissionDenied


def _counties(user):
    try:
        counties = programme_counties(current_programme())
    except ValidationError:
        return []
    return [c for c in counties if user.role != "county" or c.pk == user.county_id]


@require_http_methods(["GET", "POST"])
@capability_required("pairing.manage")
def suggestion_index(request):
    """The run form and the latest runs."""
    _guard(request)
    form = RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["county"]
        county = Division.objects.filter(level="county", code=code).first() if code else None
        if code and county is None:
            form.add_error("county", _("No county has this code."))
        else:
            try:
                run = suggestion_run_start(
                    user=request.user, county=county, widened=form.cleaned_data["widened"]
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect("pairing:suggestion_run", public_id=run.public_id)
    return render(
        request,
        "pairing/suggestions.html",
        {
            "form": form,
            "counties": _counties(request.user),
            "runs": runs_for_user(user=request.user)[:10],
            "open_form": OpenVillageForm() if may_open_village(request.user) else None,
            "can_set_weights": may_set_weights(request.user),
        },
    )


@require_http_methods(["GET"])
@capability_required("pairing.manage")
def suggestion_run(request, public_id):
    """One run: its progress while it works, then the pairs, coverage and greedy's figures."""
    _guard(request)
    run = run_get_for_user(user=request.user, public_id=public_id)
    rows = list(suggestions_of_run(user=request.user, run=run)) if run.finished else []
    for row in rows:
        row.words = reasons_in_words(row)
    template = (
        "pairing/_suggestion_run_body.html" if request.htmx else "pairing/suggestion_run.html"
    )
    return render(request, template, {"run": run, "rows": rows})


@require_POST
@capability_required("pairing.manage")
def suggestion_accept(request, public_id):
    """Accept the ticked suggestions: each becomes a proposed pairing, or says why not."""
    _guard(request)
    run = run_get_for_user(user=request.user, public_id=public_id)
    ids = [int(i) for i in request.POST.getlist("suggestion") if i.isdigit()]
    chosen = list(
        suggestions_of_run(user=request.user, run=run, state=Suggestion.State.OPEN).filter(
            pk__in=ids
        )
    )
    if not chosen:
        messages.error(request, _("Tick at least one open suggestion to accept."))
        return redirect("pairing:suggestion_run", public_id=run.public_id)
    made, refused = suggestion_accept_many(user=request.user, suggestions=chosen)
    if made:
        messages.success(
            request,
            _("%(n)d proposed pairings made: %(numbers)s")
            % {"n": len(made), "numbers": "、".join(p.number for p in made)},
        )
    for suggestion, reason in refused:
        messages.error(
            request,
            _("%(helper)s → %(village)s not accepted: %(reason)s")
            % {
                "helper": suggestion.helper.name,
                "village": suggestion.village.name,
                "reason": reason,
            },
        )
    return redirect("pairing:suggestion_run", public_id=run.public_id)


@require_POST
@capability_required("pairing.manage")
def suggestion_reject_view(request, public_id, pk):
    """Reject one suggested pair with a reason: later runs leave it out."""
    _guard(request)
    run = run_get_for_user(user=request.user, public_id=public_id)
    suggestion = suggestion_get_for_user(user=request.user, run=run, pk=pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for rejecting."))
    else:
        try:
            suggestion_reject(
                user=request.user, suggestion=suggestion, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Rejected: %(helper)s → %(village)s will not be suggested again.")
                % {"helper": suggestion.helper.name, "village": suggestion.village.name},
            )
    return redirect("pairing:suggestion_run", public_id=run.public_id)


@require_http_methods(["GET", "POST"])
@capability_required("pairing.manage")
def suggestion_weights(request):
    """The fit weights (the city office sets them; others may read them)."""
    _guard(request)
    row = weights_for_page()
    form = WeightsForm(request.POST or None, instance=row)
    if request.method == "POST":
        if not may_set_weights(request.user):
            raise PermissionDenied
        if form.is_valid():
            try:
                fit_weights_update(user=request.user, values=form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The fit weights have been saved."))
                return redirect("pairing:suggestion_weights")
    return render(
        request,
        "pairing/suggestion_weights.html",
        {"form": form, "can_edit": may_set_weights(request.user)},
    )


@require_POST
@capability_required("pairing.manage")
def suggestion_open_village(request):
    """The county office opens a village that is not (or no longer) poor for suggestions."""
    _guard(request)
    if not may_open_village(request.user):
        raise PermissionDenied
    form = OpenVillageForm(request.POST)
    if form.is_valid():
        village = (
            Division.objects.for_user(request.user)
            .filter(level="village", code=form.cleaned_data["village"])
            .first()
        )
        if village is None:
            messages.error(request, _("No village of your county has this code."))
        else:
            try:
                village_open(user=request.user, village=village, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request,
                    _("%(village)s is open for suggestions.") % {"village": village.name},
                )
    else:
        messages.error(request, _("Give the village code and the reason."))
    return redirect("pairing:suggestions")
