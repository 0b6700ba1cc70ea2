"""Pages of training sessions: the list, one session with its roster, record, edit, import.

Thin views: parse a form, call one service or selector, render.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bangfu.accounts.decorators import capability_required
from bangfu.core.forms import apply_errors
from bangfu.core.imports.engine import run_import
from bangfu.training import selectors, services
from bangfu.training.forms import RosterUploadForm, SessionFilterForm, SessionForm
from bangfu.training.io import RosterSpec, write_template
from bangfu.training.rules import may_record_any, may_record_session, shows_poor
from bangfu.training.views.common import XLSX, page_of


@require_GET
@capability_required("business.read")
def session_list(request):
    form = SessionFilterForm(request.GET or None, user=request.user)
    qs = selectors.session_list_for_user(user=request.user, filters=form.filters())
    page, query = page_of(request, qs)
    return render(
        request,
        "training/session_list.html",
        {"page": page, "query": query, "form": form, "can_record": may_record_any(request.user)},
    )


@require_GET
@capability_required("business.read")
def session_detail(request, pk):
    session = selectors.session_get_for_user(user=request.user, pk=pk)
    trainees = selectors.trainee_list_for_user(user=request.user, filters={"session": session.pk})
    trainees = list(trainees)
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "trainees": trainees,
            "n_poor": sum(1 for t in trainees if t.household_id),
            "can_edit": may_record_session(request.user, session),
            "shows_poor": shows_poor(request.user),
        },
    )


def _initial(session) -> dict:
    return {
        "course": session.course,
        "starts_on": session.starts_on,
        "ends_on": session.ends_on,
        "place": session.place,
        "county": session.county_id,
        "township": session.township_id,
        "village": session.village_id,
        "organiser": session.organiser,
        "helper": session.helper_id,
        "teacher": session.teacher,
        "assistance": session.assistance.number if session.assistance_id else "",
        "note": session.note,
    }


def _save(request, form, session=None):
    data = dict(form.cleaned_data)
    number = data.pop("assistance", "")
    record = selectors.record_by_number(request.user, number)
    if number and record is None:
        form.add_error("assistance", _("No assistance record of yours has this number."))
        return None
    try:
        return services.session_save(user=request.user, session=session, assistance=record, **data)
    except ValidationError as exc:
        apply_errors(form, exc)
    return None


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def session_create(request):
    if not may_record_any(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    form = SessionForm(
        request.POST or None, user=request.user, initial={"starts_on": today, "ends_on": today}
    )
    if request.method == "POST" and form.is_valid():
        session = _save(request, form)
        if session is not None:
            messages.success(request, _("The training session has been recorded."))
            return redirect(session.get_absolute_url())
    return render(
        request,
        "training/form.html",
        {"form": form, "title": _("New training session"), "back": "/training/sessions/"},
    )


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def session_edit(request, pk):
    session = selectors.session_get_for_user(user=request.user, pk=pk)
    if not may_record_session(request.user, session):
        raise PermissionDenied
    form = SessionForm(request.POST or None, user=request.user, initial=_initial(session))
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, session)
        if saved is not None:
            messages.success(request, _("The training session has been saved."))
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "training/form.html",
        {
            "form": form,
            "title": _("Edit training session"),
            "back": session.get_absolute_url(),
        },
    )


@require_POST
@capability_required("business.read")
def session_rematch(request, pk):
    session = selectors.session_get_for_user(user=request.user, pk=pk)
    if not may_record_session(request.user, session):
        raise PermissionDenied
    try:
        n = services.session_rematch(user=request.user, session=session)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(
            request,
            _("Matched again with the poor registry: %(n)d trainee(s) changed.") % {"n": n},
        )
    return redirect(session.get_absolute_url())


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def session_import(request, pk):
    """Upload a roster for the session: all rows or none; the same file again changes
    nothing."""
    session = selectors.session_get_for_user(user=request.user, pk=pk)
    if not may_record_session(request.user, session):
        raise PermissionDenied
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            form.add_error("file", _("The file is too large."))
        else:
            suffix = Path(upload.name).suffix.lower()[:8]
            with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
                for chunk in upload.chunks():
                    tmp.write(chunk)
                tmp.flush()
                try:
                    result = run_import(
                        RosterSpec(session),
                        Path(tmp.name),
                        filename=upload.name,
                        user=request.user,
                        allow_clear=bool(form.cleaned_data.get("allow_clear")),
                    )
                except ValidationError as exc:  # the record refused (a locked half-year)
                    form.add_error(None, "；".join(exc.messages))
            if result is not None and result.ok:
                messages.success(request, result.message)
                return redirect(session.get_absolute_url())
            status = 400
    return render(
        request,
        "training/import.html",
        {"form": form, "session": session, "result": result},
        status=status,
    )


@require_GET
@capability_required("business.read")
def roster_template(request):
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
        write_template(tmp.name)
        data = Path(tmp.name).read_bytes()
    return FileResponse(
        iter([data]), as_attachment=True, filename="培训学员花名册导入模板.xlsx", content_type=XLSX
    )
