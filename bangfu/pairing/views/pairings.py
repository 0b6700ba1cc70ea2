"""Pairing pages: the list and its export, one pairing, proposing, editing, each step."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bangfu.accounts.decorators import capability_required
from bangfu.accounts.history import history_for
from bangfu.accounts.roles import can
from bangfu.core.forms import apply_errors
from bangfu.helpers.models import Helper
from bangfu.places.models import Division

from ..forms import PairingEditForm, PairingFilterForm, PairingForm, ReasonForm
from ..models import Agreement, ItemState, Pairing, Status
from ..selectors.pairings import (
    pairing_get_for_user,
    pairing_list_for_user,
    plan_items,
    village_pairings,
)
from ..services.pairings import (
    pairing_activate,
    pairing_agree,
    pairing_end,
    pairing_propose,
    pairing_resume,
    pairing_suspend,
    pairing_update,
)
from ..services.relays import relay_report
from ..services.rules import may_edit_content, may_manage
from .shared import form_filters, page_of, run_action


@require_GET
@capability_required("business.read")
def pairing_list(request):
    form = PairingFilterForm(request.GET or None, user=request.user)
    filters = form_filters(form)
    qs = pairing_list_for_user(user=request.user, filters=filters)
    page, query = page_of(request, qs)
    return render(
        request,
        "pairing/list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "can_create": can(request.user, "pairing.manage"),
            "export_county": filters.get("county", ""),
        },
    )


@require_GET
@capability_required("business.read")
def pairing_list_export(request):
    """Attachment 5 (村企结对帮扶名单) for the user's scope, optionally one county."""
    from ..io import write_pairing_list

    county = request.GET.get("county") or None
    if (
        county
        and not Division.objects.for_user(request.user).filter(code=county, level="county").exists()
    ):
        raise Http404("No such county")
    buffer = io.BytesIO()
    write_pairing_list(buffer, user=request.user, county=county)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"村企结对帮扶名单-{county or 'all'}-{timezone.localdate():%Y%m%d}.xlsx"
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@require_GET
@capability_required("business.read")
def pairing_detail(request, number):
    from ..documents import pdf_available

    pairing = pairing_get_for_user(user=request.user, number=number)
    items = list(plan_items(pairing=pairing))
    today = timezone.localdate()
    for item in items:
        item.current_state = item.state(today)
    agreement = Agreement.objects.filter(pairing=pairing).select_related("scan").first()
    manage = may_manage(request.user, pairing.county_id)
    return render(
        request,
        "pairing/detail.html",
        {
            "pairing": pairing,
            "agreement": agreement,
            "items": items,
            "states": ItemState,
            "visits": pairing.visits.prefetch_related("files"),
            "relays": pairing.relays.select_related("successor", "successor__helper"),
            "successor": Pairing.objects.filter(predecessor=pairing)
            .select_related("helper")
            .first(),
            "history": history_for(obj=pairing, user=request.user),
            "can_manage": manage,
            "can_edit": may_edit_content(request.user, pairing),
            "pdf_available": pdf_available(),
            # a helper's liaison records assistance here; the terms and a relay it settles
            # with its county office, which does both for it (docs/DECISIONS.md, issue 16)
            "liaison": request.user.role == "helper",
            "can_record": pairing.status == Status.ACTIVE
            and can(request.user, "assistance.record")
            and (request.user.role != "helper" or may_edit_content(request.user, pairing)),
            "can_activate": manage and pairing.status in (Status.PROPOSED, Status.AGREED),
            "others": village_pairings(user=request.user, village=pairing.village)
            .exclude(pk=pairing.pk)
            .filter(status__in=[Status.ACTIVE, Status.SUSPENDED]),
        },
    )


def village_and_helper_initial(request) -> dict:
    """A new pairing's (or site visit's) village and helper from `?village=` and `?helper=`."""
    initial = {"start_date": timezone.localdate()}
    if request.GET.get("village"):
        v = Division.objects.for_user(request.user).filter(code=request.GET["village"]).first()
        if v is not None:
            initial["village"] = v.pk
    if request.GET.get("helper"):
        h = Helper.objects.filter(uscc=request.GET["helper"]).first()
        if h is not None:
            initial["helper"] = h.pk
    return initial


@require_http_methods(["GET", "POST"])
@capability_required("pairing.manage")
def pairing_create(request):
    form = PairingForm(
        request.POST or None, user=request.user, initial=village_and_helper_initial(request)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pairing = pairing_propose(user=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Pairing %(number)s proposed.") % {"number": pairing.number}
            )
            return redirect(pairing.get_absolute_url())
    return render(
        request,
        "pairing/form.html",
        {"form": form, "title": _("New pairing"), "back": "/pairings/", "multipart": False},
    )


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def pairing_edit(request, number):
    pairing = pairing_get_for_user(user=request.user, number=number)
    if not may_edit_content(request.user, pairing):
        raise PermissionDenied
    manager = may_manage(request.user, pairing.county_id)
    initial = {
        "focus": pairing.focus,
        "content": pairing.content,
        "pathways": pairing.pathway_list,
        "start_date": pairing.start_date,
        "end_date": pairing.end_date,
    }
    form = PairingEditForm(request.POST or None, initial=initial, manager=manager)
    if request.method == "POST" and form.is_valid():
        try:
            pairing_update(user=request.user, pairing=pairing, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The pairing has been saved."))
            return redirect(pairing.get_absolute_url())
    return render(
        request,
        "pairing/form.html",
        {"form": form, "title": str(pairing), "back": pairing.get_absolute_url()},
    )


SIMPLE_ACTIONS = {
    "agree": (pairing_agree, _("The pairing is agreed; generate and sign the agreement.")),
    "activate": (pairing_activate, _("The pairing is active.")),
    "resume": (pairing_resume, _("The pairing is active again.")),
}


@require_POST
@capability_required("business.read")
def pairing_action(request, number, action):
    pairing = pairing_get_for_user(user=request.user, number=number)
    if action not in SIMPLE_ACTIONS:
        raise Http404("No such action")
    service, done = SIMPLE_ACTIONS[action]
    run_action(request, service, done, pairing=pairing)
    return redirect(pairing.get_absolute_url())


REASON_ACTIONS = {
    "end": (_("End the pairing"), _("The pairing has ended.")),
    "suspend": (_("Suspend the pairing"), _("The pairing is suspended.")),
    "relay": (
        _("Report that the helper cannot continue"),
        _("The relay has been reported to the county office and the institute."),
    ),
}


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def pairing_reason_action(request, number, action):
    pairing = pairing_get_for_user(user=request.user, number=number)
    if action not in REASON_ACTIONS:
        raise Http404("No such action")
    allowed = (
        may_edit_content(request.user, pairing)
        if action == "relay"
        else may_manage(request.user, pairing.county_id)
    )
    if not allowed:
        raise PermissionDenied
    title, done = REASON_ACTIONS[action]
    form = ReasonForm(request.POST or None)
    if action != "end":
        del form.fields["on"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "end":
                pairing_end(
                    user=request.user, pairing=pairing, reason=data["reason"], on=data.get("on")
                )
            elif action == "suspend":
                pairing_suspend(user=request.user, pairing=pairing, reason=data["reason"])
            else:
                relay = relay_report(user=request.user, pairing=pairing, reason=data["reason"])
                messages.success(request, done)
                return redirect(
                    relay.get_absolute_url()
                    if may_manage(request.user, pairing.county_id)
                    else pairing.get_absolute_url()
                )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(pairing.get_absolute_url())
    return render(
        request,
        "pairing/form.html",
        {"form": form, "title": f"{title} · {pairing}", "back": pairing.get_absolute_url()},
    )
