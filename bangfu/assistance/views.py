"""Assistance pages: thin views that parse, call a service or a selector, and render."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bangfu.accounts.decorators import capability_required
from bangfu.accounts.history import history_for
from bangfu.accounts.roles import Role, can
from bangfu.core.forms import apply_errors
from bangfu.core.periods import period_of
from bangfu.core.uploads import file_response
from bangfu.pairing.models import OPEN_STATUSES, Pairing
from bangfu.places.models import Division

from . import project_services, selectors, services
from .forms import (
    MEASURE_GROUPS,
    AssistanceFilterForm,
    AssistanceForm,
    NoteForm,
    ProjectProgressForm,
)
from .models import AssistanceStatus

PAGE_SIZE = 50


def _page(request, qs):
    query = request.GET.copy()
    query.pop("page", None)
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")), query.urlencode()


def _filters(form) -> dict:
    return {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}


def _is_liaison(user) -> bool:
    return getattr(user, "role", None) == Role.HELPER


def _may_record_any(user) -> bool:
    """A county office (for its county) or a helper liaison (for its own helper)."""
    return can(user, "assistance.confirm") or (_is_liaison(user) and user.helper_id is not None)


def _may_record(user, record) -> bool:
    return services.may_record(user, helper_id=record.helper_id, county_id=record.county_id)


# --------------------------------------------------------------------------- list


@require_GET
@capability_required("business.read")
def assistance_list(request):
    form = AssistanceFilterForm(request.GET or None, user=request.user)
    filters = _filters(form)
    for name in ("pairing", "village"):  # links from a pairing's or a village's page
        if request.GET.get(name):
            filters[name] = request.GET[name]
    qs = selectors.assistance_list_for_user(user=request.user, filters=filters)
    page, query = _page(request, qs)
    return render(
        request,
        "assistance/list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "can_record": _may_record_any(request.user),
            "to_confirm": selectors.queue_count(user=request.user)
            if can(request.user, "assistance.confirm")
            else None,
            "export_query": urlencode(
                {k: filters[k] for k in ("period", "county") if filters.get(k)}
            ),
        },
    )


@require_GET
@capability_required("assistance.confirm")
def confirmation_queue(request):
    """The county office's submitted records it can confirm or send back, one at a time or
    many at once (tick them, then one action)."""
    page, query = _page(request, selectors.confirmation_queue(user=request.user))
    return render(
        request,
        "assistance/queue.html",
        {
            "page": page,
            "query": query,
            "note_form": NoteForm(),
            "select_all": request.GET.get("select") == "all",
            "select_query": query + ("&" if query else "") + "select=all",
            "locked_waiting": selectors.locked_waiting(user=request.user),
        },
    )


@require_POST
@capability_required("assistance.confirm")
def confirmation_bulk(request):
    """Confirm, or send back with one note, every ticked record of the queue: all or none."""
    numbers = request.POST.getlist("numbers")
    action = request.POST.get("action")
    try:
        if action == "confirm":
            done = services.assistance_confirm_many(user=request.user, numbers=numbers)
        elif action == "return":
            done = services.assistance_return_many(
                user=request.user, numbers=numbers, note=request.POST.get("note", "")
            )
        else:
            raise ValidationError(_("Choose confirm or send back."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        n = len(done)
        if action == "confirm":
            text = ngettext(
                "%(n)d record confirmed: it now counts.",
                "%(n)d records confirmed: they now count.",
                n,
            )
        else:
            text = ngettext(
                "%(n)d record sent back with your note.",
                "%(n)d records sent back with your note.",
                n,
            )
        messages.success(request, text % {"n": n})
    return redirect("assistance:queue")


# --------------------------------------------------------------------------- one record


def _measures(record) -> list[tuple[str, object, bool]]:
    """(label, value, is money) of the measures the record carries."""
    out = []
    for _group, names in MEASURE_GROUPS:
        for name in names:
            value = getattr(record, name)
            if value in (None, 0, Decimal("0")):
                continue
            label = record._meta.get_field(name).verbose_name
            out.append((label, value, name.endswith("_yuan")))
    return out


@require_GET
@capability_required("business.read")
def assistance_detail(request, number):
    record = selectors.assistance_get_for_user(user=request.user, number=number)
    user = request.user
    recorder = _may_record(user, record)
    office = services.is_county_office(user, record.county_id)
    corrections = list(
        selectors.assistance_list_for_user(user=user).filter(corrects=record).order_by("id")
    )
    open_correction = next(
        (c for c in corrections if c.status not in (AssistanceStatus.CONFIRMED,)), None
    )
    # nothing changes in a half-year locked since its filing was accepted: no buttons that
    # could only be refused
    locked = services.is_locked(record.county_id, record.period)
    editable = record.status in services.EDITABLE and not locked
    return render(
        request,
        "assistance/detail.html",
        {
            "locked": locked,
            "record": record,
            "measures": _measures(record),
            "beneficiaries": selectors.beneficiaries(record=record)
            if can(user, "personal.read")
            else None,
            "evidence": record.evidence.order_by("id"),
            "corrections": corrections,
            "open_correction": open_correction,
            "history": history_for(obj=record),
            "can_edit": recorder and editable,
            "can_review": office and record.status == AssistanceStatus.SUBMITTED and not locked,
            "can_reopen": office and record.status == AssistanceStatus.CONFIRMED and not locked,
            "can_correct": recorder
            and not locked
            and record.status == AssistanceStatus.CONFIRMED
            and open_correction is None,
            "note_form": NoteForm(),
        },
    )


def _initial_for_new(request) -> dict:
    initial: dict = {"on": timezone.localdate()}
    number = request.GET.get("pairing")
    if number:
        pairing = (
            Pairing.objects.for_user(request.user)
            .filter(number=number, status__in=OPEN_STATUSES)
            .first()
        )
        if pairing is not None:
            initial.update(
                pairing=pairing.pk, helper=pairing.helper_id, village=pairing.village.code
            )
            if len(pairing.pathway_list) == 1:
                initial["pathway"] = pairing.pathway_list[0]
    code = request.GET.get("village")
    if code and "village" not in initial:
        initial["village"] = code
    return initial


def _initial_for_record(record) -> dict:
    initial = {
        "pairing": record.pairing_id,
        "helper": record.helper_id,
        "village": record.village.code,
        "on": record.on,
        "pathway": record.pathway,
        "kind": record.kind,
        "description": record.description,
        "beneficiaries": list(record.beneficiaries.values_list("id", flat=True)),
    }
    for _group, names in MEASURE_GROUPS:
        for name in names:
            value = getattr(record, name)
            initial[name] = None if value in (None, 0, Decimal("0")) else value
    return initial


def _save(request, form, record=None):
    """Save the form through the service, and submit the record when asked."""
    data = form.cleaned_data
    user = request.user
    village = data["village"]
    if "beneficiaries" in form.fields:
        beneficiaries = list(data.get("beneficiaries") or ())
    elif record is not None:  # a liaison keeps the county office's list, within the village
        beneficiaries = [h for h in record.beneficiaries.all() if h.village_id == village.pk]
    else:
        beneficiaries = []
    saved = services.assistance_save(
        user=user,
        record=record,
        helper=user.helper if _is_liaison(user) else data["helper"],
        village=village,
        pairing=data.get("pairing"),
        on=data["on"],
        pathway=data.get("pathway") or "",
        kind=data["kind"],
        description=data["description"],
        beneficiaries=beneficiaries,
        uploads=data.get("files") or (),
        **form.measures(),
    )
    # the save has checked what submitting checks (who, the state, the period lock)
    if request.POST.get("submit_record"):
        services.assistance_submit(user=user, record=saved)
    return saved


def _render_form(request, form, *, title, back, record=None):
    return render(
        request,
        "assistance/form.html",
        {"form": form, "title": title, "back": back, "record": record},
    )


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def assistance_create(request):
    if not _may_record_any(request.user):
        raise PermissionDenied
    form = AssistanceForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial=_initial_for_new(request),
    )
    if request.method == "POST" and form.is_valid():
        try:
            record = _save(request, form)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _done_message(record))
            return redirect(record.get_absolute_url())
    return _render_form(
        request, form, title=_("Record assistance"), back=reverse("assistance:list")
    )


def _done_message(record) -> str:
    if record.status == AssistanceStatus.SUBMITTED:
        return _("Record %(number)s submitted to the county office.") % {"number": record.number}
    return _("Record %(number)s saved as a draft; submit it when it is complete.") % {
        "number": record.number
    }


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def assistance_edit(request, number):
    record = selectors.assistance_get_for_user(user=request.user, number=number)
    if not _may_record(request.user, record):
        raise PermissionDenied
    if record.status not in services.EDITABLE:
        messages.error(
            request,
            _("A %(status)s record cannot be edited; re-open it or record a correction.")
            % {"status": record.get_status_display()},
        )
        return redirect(record.get_absolute_url())
    form = AssistanceForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        record=record,
        initial=_initial_for_record(record),
    )
    if request.method == "POST" and form.is_valid():
        try:
            record = _save(request, form, record=record)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _done_message(record))
            return redirect(record.get_absolute_url())
    title = _("Edit record %(number)s") % {"number": record.number}
    if record.corrects_id:
        title = _("Correction %(number)s of record %(old)s") % {
            "number": record.number,
            "old": record.corrects.number,
        }
    return _render_form(request, form, title=title, back=record.get_absolute_url(), record=record)


def _back(request, record):
    if request.POST.get("next") == "queue":
        return redirect("assistance:queue")
    return redirect(record.get_absolute_url())


ACTIONS = {
    "submit": (services.assistance_submit, _("Submitted to the county office.")),
    "confirm": (services.assistance_confirm, _("Confirmed: the record now counts.")),
}


@require_POST
@capability_required("business.read")
def assistance_action(request, number, action):
    record = selectors.assistance_get_for_user(user=request.user, number=number)
    if action not in ACTIONS:
        raise Http404("No such action")
    service, done = ACTIONS[action]
    try:
        service(user=request.user, record=record)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"{record.number}: {done}")
    return _back(request, record)


NOTE_ACTIONS = {
    "return": (
        _("Send back to the recorder"),
        _("What needs fixing"),
        _("Sent back with your note."),
    ),
    "reopen": (
        _("Re-open a confirmed record"),
        _("Reason for re-opening"),
        _("Re-opened: the record is a draft again and no longer counts."),
    ),
}


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def assistance_note_action(request, number, action):
    """Send back (with a note) or re-open (with a reason): the county office of the county."""
    record = selectors.assistance_get_for_user(user=request.user, number=number)
    if action not in NOTE_ACTIONS:
        raise Http404("No such action")
    if not services.is_county_office(request.user, record.county_id):
        raise PermissionDenied
    title, label, done = NOTE_ACTIONS[action]
    form = NoteForm(request.POST or None)
    form.fields["note"].label = label
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        try:
            if action == "return":
                services.assistance_return(user=request.user, record=record, note=note)
            else:
                services.assistance_reopen(user=request.user, record=record, reason=note)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for messages_ in exc.message_dict.values():
                    for message in messages_:
                        form.add_error("note", message)
            else:
                for message in exc.messages:
                    form.add_error(None, message)
        else:
            messages.success(request, f"{record.number}: {done}")
            return _back(request, record)
    return render(
        request,
        "assistance/note.html",
        {"form": form, "title": f"{title} · {record.number}", "record": record},
    )


@require_POST
@capability_required("business.read")
def assistance_correct(request, number):
    """Start a correcting record for a confirmed one and open it for editing."""
    record = selectors.assistance_get_for_user(user=request.user, number=number)
    try:
        correction = services.assistance_correct(user=request.user, record=record)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(record.get_absolute_url())
    messages.info(
        request,
        _(
            "Correction %(number)s drafted from %(old)s: change what was wrong and submit it; "
            "%(old)s counts until the correction is confirmed."
        )
        % {"number": correction.number, "old": record.number},
    )
    return redirect("assistance:edit", correction.number)


@require_GET
@capability_required("business.read")
def evidence_file(request, number, key):
    record = selectors.assistance_get_for_user(user=request.user, number=number)
    stored = record.evidence.filter(key=key).first()
    if stored is None:
        raise Http404("No such file")
    return file_response(stored, inline=request.GET.get("inline") == "1")


@require_GET
@capability_required("assistance.confirm")
def village_households(request):
    """htmx partial: the beneficiary checkboxes of the chosen village (head, masked ID)."""
    if not can(request.user, "personal.read"):
        raise PermissionDenied
    code = request.GET.get("village") or ""
    village = None
    if code:
        village = Division.objects.for_user(request.user).filter(code=code, level="village").first()
        if village is None:
            raise Http404("No such village")
    form = AssistanceForm(user=request.user, initial={"village": code})
    return render(
        request,
        "assistance/_beneficiaries.html",
        {"field": form["beneficiaries"], "village": village},
    )


# --------------------------------------------------------------------------- projects


def _no_liaison(user) -> None:
    if _is_liaison(user):  # project progress is kept by villages, not by helpers
        raise PermissionDenied


@require_GET
@capability_required("business.read")
def project_list(request):
    _no_liaison(request.user)
    return render(
        request,
        "assistance/projects.html",
        {
            "rows": selectors.projects_for_user(user=request.user),
            "scope_name": request.user.county.name if request.user.county_id else None,
        },
    )


@require_GET
@capability_required("business.read")
def project_detail(request, code):
    _no_liaison(request.user)
    project = selectors.project_get(code=code)
    user = request.user
    county = request.GET.get("county") or None
    if county and not Division.objects.for_user(user).filter(code=county, level="county").exists():
        raise Http404("No such county")
    if user.county_id:
        county = user.county.code
    total = selectors.project_total(user=user, project=project)
    return render(
        request,
        "assistance/project.html",
        {
            "project": project,
            "total": total,
            "counties": selectors.project_by_county(user=user, project=project),
            "periods": selectors.project_by_period(user=user, project=project, county=county),
            "villages": selectors.project_villages(user=user, project=project, county=county)
            if county
            else None,
            "county": Division.objects.filter(code=county).first() if county else None,
            "scope_name": user.county.name if user.county_id else None,
            "can_add": can(user, "assistance.confirm"),
            "recent": selectors.recent_progress(user=user, project=project)
            if can(user, "assistance.confirm")
            else (),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("assistance.confirm")
def project_progress_add(request, code):
    project = selectors.project_get(code=code)
    initial = {"period": period_of(timezone.localdate()).code}
    if request.GET.get("village"):
        initial["village"] = (
            Division.objects.for_user(request.user)
            .filter(code=request.GET["village"], level="village")
            .values_list("pk", flat=True)
            .first()
        )
    form = ProjectProgressForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row, created = project_services.project_progress_save(
                user=request.user,
                project=project,
                period=data["period"],
                village=data["village"],
                household=data["household"],
                area_mu=data.get("area_mu"),
                livestock=data.get("livestock"),
                revenue_yuan=data.get("revenue_yuan"),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            done = (
                _("Progress of %(village)s for %(period)s recorded.")
                if created
                else _("Progress of %(village)s for %(period)s replaced.")
            )
            messages.success(request, done % {"village": row.village.name, "period": row.period})
            return redirect(project.get_absolute_url())
    return render(
        request,
        "assistance/note.html",
        {
            "form": form,
            "title": _("Progress · %(project)s") % {"project": project.name},
            "intro": _(
                "What the project added in the village in the half-year: the area newly "
                "planted, the livestock newly brought in and the profit earned in the period. "
                "Saving the same village and period again replaces its figures."
            ),
            "back": project.get_absolute_url(),
        },
    )
