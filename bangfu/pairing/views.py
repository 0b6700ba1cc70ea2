"""Pairing pages: thin views that parse, call a service or a selector, and render."""

from __future__ import annotations

import io
import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bangfu.accounts.decorators import capability_required
from bangfu.accounts.history import history_for
from bangfu.accounts.roles import can
from bangfu.core.forms import apply_errors
from bangfu.core.uploads import file_response
from bangfu.helpers.models import Helper

from . import selectors, services
from .forms import (
    AgreementForm,
    HandOverForm,
    PairingEditForm,
    PairingFilterForm,
    PairingForm,
    PlanItemForm,
    ProgressForm,
    ReasonForm,
    SiteVisitForm,
)
from .models import Agreement, ItemState, Pairing, PlanItem, Relay, Status

PAGE_SIZE = 50
log = logging.getLogger(__name__)


def _page(request, qs):
    query = request.GET.copy()
    query.pop("page", None)
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")), query.urlencode()


def _filters(form) -> dict:
    return {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}


# --------------------------------------------------------------------------- list


@require_GET
@capability_required("business.read")
def pairing_list(request):
    form = PairingFilterForm(request.GET or None, user=request.user)
    filters = _filters(form)
    qs = selectors.pairing_list_for_user(user=request.user, filters=filters)
    page, query = _page(request, qs)
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
    from .io import write_pairing_list

    county = request.GET.get("county") or None
    if (
        county
        and not selectors.Division.objects.for_user(request.user)
        .filter(code=county, level="county")
        .exists()
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


# --------------------------------------------------------------------------- one pairing


@require_GET
@capability_required("business.read")
def pairing_detail(request, number):
    pairing = selectors.pairing_get_for_user(user=request.user, number=number)
    items = list(selectors.plan_items(pairing=pairing))
    today = timezone.localdate()
    for item in items:
        item.current_state = item.state(today)
    agreement = Agreement.objects.filter(pairing=pairing).select_related("scan").first()
    manage = services.may_manage(request.user, pairing.county_id)
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
            "history": history_for(obj=pairing),
            "can_manage": manage,
            "can_edit": services.may_edit_content(request.user, pairing),
            "can_activate": manage and pairing.status in (Status.PROPOSED, Status.AGREED),
            "others": selectors.village_pairings(user=request.user, village=pairing.village)
            .exclude(pk=pairing.pk)
            .filter(status__in=[Status.ACTIVE, Status.SUSPENDED]),
        },
    )


def _village_and_helper_initial(request) -> dict:
    initial = {"start_date": timezone.localdate()}
    from bangfu.places.models import Division

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
        request.POST or None, user=request.user, initial=_village_and_helper_initial(request)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pairing = services.pairing_propose(user=request.user, **data)
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
    pairing = selectors.pairing_get_for_user(user=request.user, number=number)
    if not services.may_edit_content(request.user, pairing):
        raise PermissionDenied
    manager = services.may_manage(request.user, pairing.county_id)
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
            services.pairing_update(user=request.user, pairing=pairing, **form.cleaned_data)
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
    "agree": (services.pairing_agree, _("The pairing is agreed; generate and sign the agreement.")),
    "activate": (services.pairing_activate, _("The pairing is active.")),
    "resume": (services.pairing_resume, _("The pairing is active again.")),
}


@require_POST
@capability_required("business.read")
def pairing_action(request, number, action):
    pairing = selectors.pairing_get_for_user(user=request.user, number=number)
    if action not in SIMPLE_ACTIONS:
        raise Http404("No such action")
    service, done = SIMPLE_ACTIONS[action]
    try:
        service(user=request.user, pairing=pairing)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
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
    pairing = selectors.pairing_get_for_user(user=request.user, number=number)
    if action not in REASON_ACTIONS:
        raise Http404("No such action")
    allowed = (
        services.may_edit_content(request.user, pairing)
        if action == "relay"
        else services.may_manage(request.user, pairing.county_id)
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
                services.pairing_end(
                    user=request.user, pairing=pairing, reason=data["reason"], on=data.get("on")
                )
            elif action == "suspend":
                services.pairing_suspend(user=request.user, pairing=pairing, reason=data["reason"])
            else:
                relay = services.relay_report(
                    user=request.user, pairing=pairing, reason=data["reason"]
                )
                messages.success(request, done)
                return redirect(
                    relay.get_absolute_url()
                    if services.may_manage(request.user, pairing.county_id)
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


# --------------------------------------------------------------------------- agreement


@require_GET
@capability_required("business.read")
def agreement_document(request, number, ext):
    """The agreement generated from the pairing: .docx always, PDF where LibreOffice is."""
    from . import documents

    pairing = selectors.pairing_get_for_user(user=request.user, number=number)
    data = documents.agreement_docx(pairing, viewer=request.user)
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if ext == "pdf":
        try:
            data = documents.docx_to_pdf(data)
        except RuntimeError:
            log.exception("agreement %s: PDF conversion failed", pairing.number)
            data = None
        if data is None:
            messages.error(
                request,
                _(
                    "PDF is not available on this server (LibreOffice is not installed); "
                    "download the .docx instead."
                ),
            )
            return redirect(pairing.get_absolute_url())
        content_type = "application/pdf"
    elif ext != "docx":
        raise Http404("No such format")
    from urllib.parse import quote

    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(documents.agreement_filename(pairing, ext))}"
    )
    from bangfu.accounts import audit

    audit.record(event="export", obj=pairing, detail=f"agreement .{ext}")
    return response


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def agreement_upload(request, number):
    pairing = selectors.pairing_get_for_user(user=request.user, number=number)
    if not services.may_edit_content(request.user, pairing):
        raise PermissionDenied
    form = AgreementForm(
        request.POST or None, request.FILES or None, initial={"signed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.agreement_upload(
                user=request.user,
                pairing=pairing,
                upload=data["file"],
                signed_on=data["signed_on"],
                helper_signatory=data["helper_signatory"],
                village_signatory=data["village_signatory"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            if not form.errors:
                form.add_error("file", exc)
        else:
            messages.success(request, _("The signed agreement is on file."))
            return redirect(pairing.get_absolute_url())
    return render(
        request,
        "pairing/form.html",
        {
            "form": form,
            "title": _("Signed agreement · %(pairing)s") % {"pairing": pairing},
            "back": pairing.get_absolute_url(),
            "multipart": True,
        },
    )


@require_GET
@capability_required("business.read")
def stored_file(request, number, key):
    """A file kept with a pairing (signed scan, visit photo, progress evidence)."""
    pairing = selectors.pairing_get_for_user(user=request.user, number=number)
    from bangfu.core.models import StoredFile

    from .models import Agreement, PlanProgress, SiteVisit

    stored = StoredFile.objects.filter(key=key).first()
    belongs = stored is not None and (
        Agreement.objects.filter(pairing=pairing, scan=stored).exists()
        or SiteVisit.objects.filter(pairing=pairing, files=stored).exists()
        or PlanProgress.objects.filter(item__pairing=pairing, files=stored).exists()
    )
    if not belongs:
        raise Http404("No such file")
    return file_response(stored, inline=request.GET.get("inline") == "1")


# --------------------------------------------------------------------------- plan


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def plan_item_edit(request, number, item_id=None):
    pairing = selectors.pairing_get_for_user(user=request.user, number=number)
    if not services.may_edit_content(request.user, pairing):
        raise PermissionDenied
    item = None
    if item_id is not None:
        item = PlanItem.objects.filter(pk=item_id, pairing=pairing).first()
        if item is None:
            raise Http404("No such plan item")
    form = PlanItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in form.Meta.fields}
        try:
            services.plan_item_save(user=request.user, pairing=pairing, item=item, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The plan item has been saved."))
            return redirect(pairing.get_absolute_url() + "#plan")
    return render(
        request,
        "pairing/form.html",
        {
            "form": form,
            "title": _("Plan item · %(pairing)s") % {"pairing": pairing},
            "back": pairing.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def progress_add(request, number, item_id):
    pairing = selectors.pairing_get_for_user(user=request.user, number=number)
    item = PlanItem.objects.filter(pk=item_id, pairing=pairing).first()
    if item is None:
        raise Http404("No such plan item")
    if not services.may_edit_content(request.user, pairing):
        raise PermissionDenied
    form = ProgressForm(
        request.POST or None,
        request.FILES or None,
        initial={"reported_on": timezone.localdate(), "value": item.achieved},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_progress_add(
                user=request.user,
                item=item,
                reported_on=data["reported_on"],
                value=data["value"],
                note=data["note"],
                uploads=data["files"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            if not form.errors:
                form.add_error("files", exc)
        else:
            messages.success(request, _("Progress recorded."))
            return redirect(pairing.get_absolute_url() + "#plan")
    return render(
        request,
        "pairing/form.html",
        {
            "form": form,
            "title": _("Progress · %(item)s") % {"item": item.what},
            "back": pairing.get_absolute_url(),
            "multipart": True,
            "intro": _("Target: %(value)s %(unit)s by %(due)s; reached so far: %(done)s.")
            % {
                "value": item.target_value,
                "unit": item.unit,
                "due": item.due_date,
                "done": item.achieved,
            },
        },
    )


# --------------------------------------------------------------------------- site visits


@require_GET
@capability_required("business.read")
def visit_list(request):
    qs = selectors.visits_for_user(
        user=request.user,
        filters={k: request.GET.get(k) for k in ("village", "helper", "county")},
    )
    page, query = _page(request, qs)
    can_add = can(request.user, "pairing.manage") or (
        request.user.role == "helper" and request.user.helper_id
    )
    return render(
        request, "pairing/visits.html", {"page": page, "query": query, "can_add": can_add}
    )


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def visit_create(request):
    if not (can(request.user, "pairing.manage") or request.user.role == "helper"):
        raise PermissionDenied
    initial = _village_and_helper_initial(request)
    initial["visited_on"] = initial.pop("start_date")
    form = SiteVisitForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        uploads = data.pop("files")
        try:
            services.site_visit_save(user=request.user, uploads=uploads, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
            if not form.errors:
                form.add_error("files", exc)
        else:
            messages.success(request, _("The site visit has been recorded."))
            return redirect("pairing:visits")
    return render(
        request,
        "pairing/form.html",
        {
            "form": form,
            "title": _("New site visit"),
            "back": "/pairings/visits/",
            "multipart": True,
        },
    )


@require_GET
@capability_required("business.read")
def visit_file(request, visit_id, key):
    from .models import SiteVisit

    visit = selectors.visits_for_user(user=request.user).filter(pk=visit_id).first()
    if visit is None:
        raise Http404("No such visit")
    stored = SiteVisit.files.through.objects.filter(sitevisit=visit, storedfile__key=key).first()
    if stored is None:
        raise Http404("No such file")
    return file_response(stored.storedfile, inline=request.GET.get("inline") == "1")


# --------------------------------------------------------------------------- coverage


@require_GET
@capability_required("business.read")
def coverage(request):
    from bangfu.accounts.roles import Role

    if request.user.role == Role.HELPER:
        raise PermissionDenied
    county = request.GET.get("county") or None
    township = request.GET.get("township") or None
    rows = selectors.coverage_by_county(user=request.user)
    villages = selectors.uncovered_villages(user=request.user, county=county, township=township)
    page, query = _page(request, villages)
    today = timezone.localdate()
    for profile in page:
        profile.days_since = (today - profile.last_covered).days if profile.last_covered else None
    townships = {}
    if county:
        for code, name, n in (
            selectors.uncovered_villages(user=request.user, county=county)
            .values_list("village__parent__code", "village__parent__name")
            .order_by("village__parent__code")
            .annotate(n=selectors.Count("pk"))
        ):
            townships[code] = (name, n)
    return render(
        request,
        "pairing/coverage.html",
        {
            "rows": rows,
            "total": selectors.coverage_totals(rows),
            "page": page,
            "query": query,
            "county": county,
            "township": township,
            "townships": townships,
        },
    )


# --------------------------------------------------------------------------- relays


@require_GET
@capability_required("business.read")
def relay_list(request):
    state = request.GET.get("state", "open")
    qs = selectors.relays_for_user(user=request.user, state=state or None)
    page, query = _page(request, qs)
    return render(
        request,
        "pairing/relays.html",
        {"page": page, "query": query, "state": state, "states": Relay.State.choices},
    )


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def relay_detail(request, pk):
    relay = selectors.relay_get_for_user(user=request.user, pk=pk)
    manage = services.may_manage(request.user, relay.pairing.county_id)
    form = HandOverForm(request.POST or None)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        if request.POST.get("cancel"):
            try:
                services.relay_cancel(
                    user=request.user, relay=relay, note=request.POST.get("note", "")
                )
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("The relay has been cancelled."))
            return redirect(relay.get_absolute_url())
        if form.is_valid():
            helper = Helper.objects.filter(uscc=form.cleaned_data["helper"]).first()
            if helper is None:
                form.add_error("helper", _("No helper has this code."))
            else:
                try:
                    successor = services.relay_hand_over(
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
    candidates = selectors.relay_candidates(relay=relay) if manage and relay.state == "open" else []
    return render(
        request,
        "pairing/relay.html",
        {"relay": relay, "candidates": candidates, "form": form, "can_manage": manage},
    )
