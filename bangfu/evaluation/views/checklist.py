"""Pages of the evaluation checklist: a new year's checklist, the list of items, editing one.

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
from bangfu.evaluation.forms import ChecklistItemForm
from bangfu.evaluation.models import ItemGroup
from bangfu.evaluation.services import checklist as services
from bangfu.evaluation.views.common import checklist_or_404, errors_to_messages
from bangfu.places.programme import programme_or_404


@require_POST
@capability_required("evaluation.manage")
def checklist_create(request):
    programme = programme_or_404()
    year = request.POST.get("year", "")
    try:
        if not year.isdigit():
            raise ValidationError(_("Give a year."))
        checklist = services.checklist_create(
            user=request.user, programme=programme, year=int(year)
        )
    except ValidationError as exc:
        errors_to_messages(request, exc)
        return redirect("evaluation:evaluations")
    messages.success(request, _("The checklist of %(year)d is ready.") % {"year": checklist.year})
    return redirect(checklist.get_absolute_url())


@require_GET
@capability_required("business.read")
def checklist_detail(request, year):
    checklist = checklist_or_404(request, year)
    items = list(checklist.items.all())
    groups = []
    for value, label in ItemGroup.choices:
        members = [i for i in items if i.group == value]
        if members:
            groups.append((label, members, sum(i.points for i in members)))
    return render(
        request,
        "evaluation/checklist_detail.html",
        {
            "checklist": checklist,
            "groups": groups,
            "points": sum(i.points for i in items),
            "may_edit": permissions.may_manage(request.user)
            and not selectors.scoring_started(checklist),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("evaluation.manage")
def checklist_item_create(request, year):
    checklist = checklist_or_404(request, year)
    form = ChecklistItemForm(request.POST or None, initial={"points": 5})
    if request.method == "POST" and form.is_valid():
        try:
            services.checklist_item_add(user=request.user, checklist=checklist, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The item has been added."))
            return redirect(checklist.get_absolute_url())
    return render(
        request,
        "evaluation/checklist_form.html",
        {
            "form": form,
            "title": _("New checklist item · %(year)d") % {"year": year},
            "back": checklist.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("evaluation.manage")
def checklist_item_edit(request, year, pk):
    checklist = checklist_or_404(request, year)
    item = selectors.checklist_item_get(checklist=checklist, pk=pk)
    if request.method == "POST" and request.POST.get("delete"):
        try:
            services.checklist_item_remove(user=request.user, item=item)
        except ValidationError as exc:
            errors_to_messages(request, exc)
        else:
            messages.success(request, _("The item has been removed."))
        return redirect(checklist.get_absolute_url())
    initial = {f: getattr(item, f) for f in ("group", "title", "points", "evidence_key", "order")}
    form = ChecklistItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.checklist_item_update(user=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The item has been saved."))
            return redirect(checklist.get_absolute_url())
    return render(
        request,
        "evaluation/checklist_form.html",
        {
            "form": form,
            "title": _("Checklist item · %(year)d") % {"year": year},
            "back": checklist.get_absolute_url(),
            "delete": True,
        },
    )
