"""Recording assistance: the form to add or edit a record, its households, a correction."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bangfu.accounts.decorators import capability_required
from bangfu.accounts.roles import can
from bangfu.core.forms import apply_errors
from bangfu.pairing.models import OPEN_STATUSES, Pairing
from bangfu.places.models import Division

from ..forms.records import MEASURE_GROUPS, AssistanceForm
from ..models import AssistanceStatus
from ..selectors.records import assistance_get_for_user
from ..services import records
from ..services.records import assistance_save, assistance_submit
from ..services.rules import EDITABLE, is_liaison, may_record, may_record_any


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
    saved = assistance_save(
        user=user,
        record=record,
        helper=user.helper if is_liaison(user) else data["helper"],
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
        assistance_submit(user=user, record=saved)
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
    if not may_record_any(request.user):
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
    record = assistance_get_for_user(user=request.user, number=number)
    if not may_record(request.user, helper_id=record.helper_id, county_id=record.county_id):
        raise PermissionDenied
    if record.status not in EDITABLE:
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


@require_POST
@capability_required("business.read")
def assistance_correct(request, number):
    """Start a correcting record for a confirmed one and open it for editing."""
    record = assistance_get_for_user(user=request.user, number=number)
    try:
        correction = records.assistance_correct(user=request.user, record=record)
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
