"""Pages of the roster of trainees: the filtered list, its .xlsx export, add, edit, remove."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bangfu.accounts import audit
from bangfu.accounts.decorators import capability_required
from bangfu.core.forms import apply_errors
from bangfu.training import selectors, services
from bangfu.training.forms import RosterFilterForm, TraineeForm
from bangfu.training.io import write_roster
from bangfu.training.rules import may_record_session, shows_poor
from bangfu.training.views.common import XLSX, page_of


@require_GET
@capability_required("business.read")
def trainee_list(request):
    form = RosterFilterForm(request.GET or None, user=request.user)
    qs = selectors.trainee_list_for_user(user=request.user, filters=form.filters())
    page, query = page_of(request, qs)
    return render(
        request,
        "training/trainee_list.html",
        {"page": page, "query": query, "form": form, "shows_poor": shows_poor(request.user)},
    )


@require_GET
@capability_required("business.read")
def trainee_export(request):
    """The filtered roster as .xlsx, ID numbers masked (audited)."""
    form = RosterFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    trainees = selectors.trainee_list_for_user(user=request.user, filters=filters)
    tmp = tempfile.TemporaryFile()  # noqa: SIM115  (closed by FileResponse after streaming)
    count = write_roster(tmp, trainees, with_poor=shows_poor(request.user))
    tmp.seek(0)
    audit.record(
        event="export", object_type="training.trainee", detail=f"xlsx: {count} rows, {filters}"
    )
    name = f"培训学员花名册-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
    return FileResponse(tmp, as_attachment=True, filename=name, content_type=XLSX)


def _render(request, form, title, back):
    return render(request, "training/form.html", {"form": form, "title": title, "back": back})


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def trainee_create(request, pk):
    session = selectors.session_get_for_user(user=request.user, pk=pk)
    if not may_record_session(request.user, session):
        raise PermissionDenied
    form = TraineeForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.trainee_save(user=request.user, session=session, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The trainee has been added to the roster."))
            if request.POST.get("another"):
                return redirect("training:trainee_create", pk=session.pk)
            return redirect(session.get_absolute_url())
    response = render(
        request,
        "training/form.html",
        {
            "form": form,
            "title": _("Add a trainee to %(course)s") % {"course": session.course},
            "back": session.get_absolute_url(),
            "another": True,
        },
    )
    return response


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def trainee_edit(request, pk):
    trainee = selectors.trainee_get_for_user(user=request.user, pk=pk)
    session = trainee.session
    if not may_record_session(request.user, session):
        raise PermissionDenied
    initial = {
        "name": trainee.name,
        "village": trainee.village_id,
        "certificate_no": trainee.certificate_no,
    }
    form = TraineeForm(request.POST or None, session=session, initial=initial)
    form.fields["id_number"].required = False
    form.fields["id_number"].help_text = _("stored: %(masked)s; leave empty to keep it") % {
        "masked": trainee.masked_id_number
    }
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["id_number"] = data["id_number"] or trainee.id_number
        try:
            services.trainee_save(user=request.user, session=session, trainee=trainee, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The trainee has been saved."))
            return redirect(session.get_absolute_url())
    return _render(
        request,
        form,
        _("Edit trainee %(name)s") % {"name": trainee.name},
        session.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def trainee_remove(request, pk):
    trainee = selectors.trainee_get_for_user(user=request.user, pk=pk)
    session = trainee.session
    if not may_record_session(request.user, session):
        raise PermissionDenied
    error = None
    if request.method == "POST":
        try:
            services.trainee_remove(user=request.user, trainee=trainee)
        except ValidationError as exc:
            error = "；".join(exc.messages)
        else:
            messages.success(request, _("The trainee has been taken off the roster."))
            return redirect(session.get_absolute_url())
    return render(
        request,
        "training/trainee_remove.html",
        {"trainee": trainee, "session": session, "error": error},
        status=400 if error else 200,
    )
