"""A pairing's plan pages: add or edit a plan item, report progress on it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bangfu.accounts.decorators import capability_required
from bangfu.core.forms import apply_errors

from ..forms import PlanItemForm, ProgressForm
from ..models import PlanItem
from ..selectors.pairings import pairing_get_for_user
from ..services.plans import plan_item_save, plan_progress_add
from ..services.rules import may_edit_content


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def plan_item_edit(request, number, item_id=None):
    pairing = pairing_get_for_user(user=request.user, number=number)
    if not may_edit_content(request.user, pairing):
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
            plan_item_save(user=request.user, pairing=pairing, item=item, **data)
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
    pairing = pairing_get_for_user(user=request.user, number=number)
    item = PlanItem.objects.filter(pk=item_id, pairing=pairing).first()
    if item is None:
        raise Http404("No such plan item")
    if not may_edit_content(request.user, pairing):
        raise PermissionDenied
    form = ProgressForm(
        request.POST or None,
        request.FILES or None,
        initial={"reported_on": timezone.localdate(), "value": item.achieved},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan_progress_add(
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
