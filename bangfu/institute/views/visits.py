"""Pages of technical help: the visits (list, one, record, edit one's own) and the tech-help
households reached or not in a date range (what the indicator's figures open).

Thin: parse a form, call a selector or a service, render. Helper liaisons have none of
these (`personal.read`); county offices read their county; the institute records.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bangfu.accounts.decorators import capability_required
from bangfu.accounts.roles import can
from bangfu.core.forms import apply_errors
from bangfu.places import selectors as places
from bangfu.places.models import ServicePoint

from .. import indicators, selectors, services
from ..forms import HouseholdFilterForm, VisitFilterForm, VisitForm
from .common import page_of


def _clean(form) -> dict:
    if not form.is_valid():
        return {}
    return {k: v for k, v in form.cleaned_data.items() if v not in (None, "", False)}


@require_GET
@capability_required("personal.read")
def visit_list(request):
    form = VisitFilterForm(request.GET or None)
    filters = _clean(form)
    page, query = page_of(
        request, selectors.visit_list_for_user(user=request.user, filters=filters)
    )
    return render(
        request,
        "institute/visit_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "counties": places.division_list_for_user(user=request.user, level="county"),
            "filters": filters,
            "can_record": can(request.user, "institute.manage"),
        },
        status=400 if form.errors else 200,
    )


@require_GET
@capability_required("personal.read")
def visit_detail(request, pk):
    visit = selectors.visit_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "institute/visit_detail.html",
        {"visit": visit, "can_edit": services.may_edit_visit(request.user, visit)},
    )


def _points(request, household):
    if household is not None:
        return selectors.points_serving(household)
    return (
        ServicePoint.objects.for_user(request.user)
        .exclude(status="closed")
        .order_by("division__code", "kind")
    )


@require_http_methods(["GET", "POST"])
@capability_required("institute.manage")
def visit_create(request):
    """Record a visit; `?household=REF` (from the household's or a list's link) fixes it."""
    ref = (request.POST.get("household") or request.GET.get("household") or "").strip()
    household = selectors.household_for_visit(user=request.user, ref=ref) if ref else None
    form = VisitForm(
        request.POST or None,
        points=_points(request, household),
        initial={"household": ref, "visited_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("household")
        if household is None:
            form.add_error("household", _("No household in your scope has this number."))
        else:
            try:
                visit = services.visit_record(user=request.user, household=household, **data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The visit has been recorded."))
                return redirect(visit.get_absolute_url())
    return render(
        request,
        "institute/form.html",
        {
            "form": form,
            "household": household,
            "title": _("Record a tech-help visit"),
            "back": "/institute/visits/",
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@capability_required("institute.manage")
def visit_edit(request, pk):
    """Edit one's own visit (its household stays)."""
    visit = selectors.visit_get_for_user(user=request.user, pk=pk)
    if not services.may_edit_visit(request.user, visit):
        raise PermissionDenied
    initial = {k: getattr(visit, k) for k in services.EDITABLE}
    form = VisitForm(
        request.POST or None,
        points=selectors.points_serving(visit.household)
        | ServicePoint.objects.filter(pk=visit.point_id),
        fixed_household=True,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_update(user=request.user, visit=visit, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(visit.get_absolute_url())
    return render(
        request,
        "institute/form.html",
        {
            "form": form,
            "household": visit.household,
            "title": _("Edit the visit of %(date)s") % {"date": visit.visited_on},
            "back": visit.get_absolute_url(),
        },
    )


@require_GET
@capability_required("personal.read")
def households(request):
    """Tech-help households of a scope, reached (visited in the dates) or not: the list
    behind every “reached” figure (dashboard, attachment 7's preview)."""
    form = HouseholdFilterForm(request.GET or None)
    filters = _clean(form)
    reached = {"yes": True, "no": False}.get(filters.get("reached"))
    qs = selectors.tech_households(
        user=request.user,
        county=filters.get("county"),
        township=filters.get("township"),
        start=filters.get("start"),
        end=filters.get("end"),
        reached=reached,
    )
    page, query = page_of(request, qs)
    figures = indicators.figures(
        user=request.user,
        start=filters.get("start"),
        end=filters.get("end"),
        county=filters.get("county"),
        township=filters.get("township"),
    )
    return render(
        request,
        "institute/households.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "figures": figures,
            "counties": places.division_list_for_user(user=request.user, level="county"),
            "filters": filters,
            "can_record": can(request.user, "institute.manage"),
        },
        status=400 if form.errors else 200,
    )
