"""Pages of the cross-check rotation: the year's assignments, proposing, adjusting, inspectors.

Thin: parse, call a service or a selector, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bangfu.accounts.decorators import capability_required
from bangfu.core.forms import apply_errors
from bangfu.evaluation import permissions, selectors
from bangfu.evaluation.forms import AdjustForm, InspectorForm
from bangfu.evaluation.services import rotation as services
from bangfu.evaluation.views.common import errors_to_messages, require_reader
from bangfu.places.programme import programme_counties, programme_or_404


@require_GET
@capability_required("business.read")
def rotation_page(request, year):
    require_reader(request.user)
    programme = programme_or_404()
    counties = programme_counties(programme)
    may_manage = permissions.may_manage(request.user)
    previous = selectors.assignment_map(programme=programme, year=year - 1)
    rows = selectors.rotation_rows(programme=programme, year=year)
    for row in rows:
        row.repeated = previous.get(row.checker.code) == row.checked.code
    return render(
        request,
        "evaluation/rotation.html",
        {
            "year": year,
            "rows": rows,
            "previous_year": year - 1,
            "inspectors": selectors.inspector_rows(programme=programme, year=year),
            "may_manage": may_manage,
            "adjust_form": AdjustForm(counties=counties) if may_manage else None,
            "inspector_form": InspectorForm(counties=counties) if may_manage else None,
        },
    )


@require_POST
@capability_required("evaluation.manage")
def rotation_propose(request, year):
    try:
        services.rotation_propose(user=request.user, programme=programme_or_404(), year=year)
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(request, _("The rotation of %(year)d has been proposed.") % {"year": year})
    return redirect("evaluation:rotation", year=year)


@require_http_methods(["GET", "POST"])
@capability_required("evaluation.manage")
def rotation_adjust(request, year):
    programme = programme_or_404()
    form = AdjustForm(request.POST or None, counties=programme_counties(programme))
    if request.method == "POST" and form.is_valid():
        try:
            services.rotation_adjust(
                user=request.user, programme=programme, year=year, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The cross-check assignment has been changed."))
            return redirect("evaluation:rotation", year=year)
    return render(
        request,
        "evaluation/rotation_form.html",
        {
            "form": form,
            "title": _("Adjust the cross-check · %(year)d") % {"year": year},
            "back": f"/oversight/evaluations/years/{year}/rotation/",
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("evaluation.manage")
def inspector_assign(request, year):
    programme = programme_or_404()
    form = InspectorForm(request.POST or None, counties=programme_counties(programme))
    if request.method == "POST" and form.is_valid():
        try:
            services.inspector_assign(
                user=request.user, programme=programme, year=year, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The inspector's counties have been saved."))
            return redirect("evaluation:rotation", year=year)
    return render(
        request,
        "evaluation/rotation_form.html",
        {
            "form": form,
            "title": _("Inspectors' cross-checks · %(year)d") % {"year": year},
            "back": f"/oversight/evaluations/years/{year}/rotation/",
        },
    )
