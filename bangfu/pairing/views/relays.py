"""Relay pages: the list of cases, and one relay with its candidates and hand-over."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bangfu.accounts.decorators import capability_required
from bangfu.core.forms import apply_errors
from bangfu.helpers.models import Helper

from ..forms import HandOverForm
from ..models import Relay
from ..selectors.candidates import relay_candidates
from ..selectors.pairings import relay_get_for_user, relays_for_user
from ..services.relays import relay_cancel, relay_hand_over
from ..services.rules import may_manage
from .shared import page_of, run_action


@require_GET
@capability_required("business.read")
def relay_list(request):
    state = request.GET.get("state", "open")
    qs = relays_for_user(user=request.user, state=state or None)
    page, query = page_of(request, qs)
    return render(
        request,
        "pairing/relays.html",
        {"page": page, "query": query, "state": state, "states": Relay.State.choices},
    )


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def relay_detail(request, pk):
    relay = relay_get_for_user(user=request.user, pk=pk)
    manage = may_manage(request.user, relay.pairing.county_id)
    form = HandOverForm(request.POST or None)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        if request.POST.get("cancel"):
            note = request.POST.get("note", "")
            run_action(
                request, relay_cancel, _("The relay has been cancelled."), relay=relay, note=note
            )
            return redirect(relay.get_absolute_url())
        if form.is_valid():
            helper = Helper.objects.filter(uscc=form.cleaned_data["helper"]).first()
            if helper is None:
                form.add_error("helper", _("No helper has this code."))
            else:
                try:
                    successor = relay_hand_over(
                        user=request.user,
                        relay=relay,
                        helper=helper,
                        start_date=form.cleaned_data.get("start_date"),
                    )
                except ValidationError as exc:
                    apply_errors(form, exc)
                else:
                    messages.success(
                        request,
                        _(
                            "%(helper)s takes over; sign its agreement and activate it to "
                            "complete the hand-over."
                        )
                        % {"helper": helper.name},
                    )
                    return redirect(successor.get_absolute_url())
    candidates = relay_candidates(relay=relay) if manage and relay.state == "open" else []
    return render(
        request,
        "pairing/relay.html",
        {"relay": relay, "candidates": candidates, "form": form, "can_manage": manage},
    )
