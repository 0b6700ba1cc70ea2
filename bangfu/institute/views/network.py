"""Pages of the service network: the list (and its .xlsx), a centre or workstation with its
staff and work, the forms, and a centre's households not reached this half-year.

Thin: parse a form, call a selector or a service, render.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bangfu.accounts.decorators import capability_required
from bangfu.accounts.roles import can
from bangfu.core.forms import apply_errors
from bangfu.core.periods import Period, parse_period, period_of
from bangfu.places import selectors as places
from bangfu.places.models import ServicePoint

from .. import selectors, services
from ..forms import PointFilterForm, PointForm, StaffForm
from ..io import write_network
from .common import XLSX, page_of


def _point_filters(request) -> tuple[PointFilterForm, dict]:
    form = PointFilterForm(request.GET or None)
    if not form.is_valid():
        return form, {}
    return form, {k: v for k, v in form.cleaned_data.items() if v}


@require_GET
@capability_required("business.read")
def point_list(request):
    """Township service centres and village workstations in the user's scope."""
    form, filters = _point_filters(request)
    page, query = page_of(
        request, selectors.point_list_for_user(user=request.user, filters=filters)
    )
    return render(
        request,
        "institute/point_list.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "query": query,
            "counties": places.division_list_for_user(user=request.user, level="county"),
            "can_manage": can(request.user, "institute.manage"),
        },
    )


@require_GET
@capability_required("business.read")
def point_export(request):
    """The list as .xlsx, with the list's filters."""
    form, filters = _point_filters(request)
    if form.errors:
        return render(request, "institute/point_list.html", {"form": form}, status=400)
    out = io.BytesIO()
    write_network(out, user=request.user, filters=filters)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''network.xlsx"
    return response


@require_GET
@capability_required("business.read")
def point_detail(request, pk):
    """A centre or workstation: place, status, staff, and its tech-help visits."""
    point = selectors.point_get_for_user(user=request.user, pk=pk)
    reads_visits = can(request.user, "personal.read")
    visits, query = None, ""
    if reads_visits:
        visits, query = page_of(
            request, selectors.visit_list_for_user(user=request.user, filters={"point": point.pk})
        )
    return render(
        request,
        "institute/point_detail.html",
        {
            "point": point,
            "staff": list(point.staff.all()),
            "page": visits,
            "query": query,
            "reads_visits": reads_visits,
            "can_manage": can(request.user, "institute.manage"),
            "is_centre": point.kind == ServicePoint.Kind.CENTRE,
        },
    )


def _division(request, code: str):
    return places.division_list_for_user(user=request.user).filter(code=code.strip()).first()


@require_http_methods(["GET", "POST"])
@capability_required("institute.manage")
def point_create(request):
    form = PointForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        division = _division(request, data.pop("division"))
        if division is None:
            form.add_error("division", _("No township or village has this code."))
        else:
            try:
                point = services.point_create(user=request.user, division=division, **data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("%(name)s has been recorded.") % {"name": point.name})
                return redirect("institute:point", pk=point.pk)
    return render(
        request,
        "institute/form.html",
        {"form": form, "title": _("New centre or workstation"), "back": "/institute/network/"},
    )


@require_http_methods(["GET", "POST"])
@capability_required("institute.manage")
def point_edit(request, pk):
    point = selectors.point_get_for_user(user=request.user, pk=pk)
    form = PointForm(request.POST or None, point=point, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.point_update(user=request.user, point=point, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("institute:point", pk=point.pk)
    return render(
        request,
        "institute/form.html",
        {
            "form": form,
            "title": _("Edit %(name)s") % {"name": point.name},
            "back": f"/institute/network/{point.pk}/",
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("institute.manage")
def staff_add(request, pk):
    point = selectors.point_get_for_user(user=request.user, pk=pk)
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_add(user=request.user, point=point, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The staff member has been added."))
            return redirect("institute:point", pk=point.pk)
    return render(
        request,
        "institute/form.html",
        {
            "form": form,
            "title": _("Add staff to %(name)s") % {"name": point.name},
            "back": f"/institute/network/{point.pk}/",
        },
    )


@require_POST
@capability_required("institute.manage")
def staff_remove(request, pk, staff_pk):
    point = selectors.point_get_for_user(user=request.user, pk=pk)
    staff = selectors.staff_get(point=point, pk=staff_pk)
    services.staff_remove(user=request.user, staff=staff)
    messages.success(request, _("%(name)s has been removed.") % {"name": staff.name})
    return redirect("institute:point", pk=point.pk)


def _period(request) -> Period:
    code = (request.GET.get("period") or "").strip()
    if not code:
        return period_of(timezone.localdate())
    return parse_period(code)


@require_GET
@capability_required("personal.read")
def not_reached(request, pk):
    """The tech-help households of a centre's township with no visit in the half-year (by
    default the current one), for the centre to plan its rounds."""
    point = selectors.point_get_for_user(user=request.user, pk=pk)
    if point.kind != ServicePoint.Kind.CENTRE:
        raise Http404("Only a township service centre serves a township's households")
    try:
        period = _period(request)
    except ValueError as exc:
        return render(
            request,
            "institute/not_reached.html",
            {"point": point, "error": str(exc), "period_code": request.GET.get("period", "")},
            status=400,
        )
    households = selectors.tech_households(
        user=request.user,
        township=point.division.code,
        start=period.start,
        end=period.end,
        reached=False,
    )
    page, query = page_of(request, households)
    return render(
        request,
        "institute/not_reached.html",
        {
            "point": point,
            "period": period,
            "period_code": period.code,
            "page": page,
            "query": query,
            "can_record": can(request.user, "institute.manage"),
        },
    )
