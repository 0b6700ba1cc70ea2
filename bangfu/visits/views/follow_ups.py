"""Pages of follow-ups and helpers' problems: the board, one follow-up, closing it, raising one.

Thin views: parse a form (forms.py), call a service or a selector, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bangfu.accounts.decorators import capability_required
from bangfu.accounts.roles import Role
from bangfu.core.forms import apply_errors
from bangfu.visits import permissions, selectors, services
from bangfu.visits.forms import CloseForm, FollowUpFilterForm, ProblemForm
from bangfu.visits.models import FollowUp
from bangfu.visits.views.common import page_of, require_reader


def _filters(form) -> dict:
    return {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}


@require_GET
@capability_required("business.read")
def followup_list(request):
    require_reader(request.user)
    form = FollowUpFilterForm(request.GET or None, user=request.user)
    filters = _filters(form)
    today = timezone.localdate()
    page, query = page_of(
        request, selectors.follow_up_list_for_user(user=request.user, filters=filters, today=today)
    )
    for f in page:
        f.overdue = f.is_overdue(today)
    return render(
        request,
        "visits/followup_list.html",
        {"form": form, "page": page, "query": query},
    )


@require_GET
@capability_required("business.read")
def followup_detail(request, pk):
    follow_up = selectors.follow_up_get_for_user(user=request.user, pk=pk)
    may_close = permissions.may_close(request.user, follow_up)
    return render(
        request,
        "visits/followup_detail.html",
        {
            "f": follow_up,
            "overdue": follow_up.is_overdue(),
            "may_close": may_close and follow_up.state == FollowUp.State.OPEN,
            "close_form": CloseForm(initial={"on": timezone.localdate()}),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def followup_close(request, pk):
    follow_up = selectors.follow_up_get_for_user(user=request.user, pk=pk)
    if not permissions.may_close(request.user, follow_up):
        raise PermissionDenied
    form = CloseForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_close(
                user=request.user,
                follow_up=follow_up,
                note=form.cleaned_data["note"],
                on=form.cleaned_data.get("on"),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The follow-up is closed."))
            return redirect(follow_up.get_absolute_url())
    return render(
        request,
        "visits/followup_form.html",
        {
            "form": form,
            "title": _("Close · %(problem)s") % {"problem": follow_up.problem},
            "back": follow_up.get_absolute_url(),
        },
    )


# --------------------------------------------------------------------------- helper problems


@require_GET
@capability_required("business.read")
def problem_list(request):
    today = timezone.localdate()
    state = request.GET.get("state", "")
    filters = {"source": FollowUp.Source.HELPER}
    if state in ("open", "closed", "overdue"):
        filters["state"] = state
    page, query = page_of(
        request, selectors.follow_up_list_for_user(user=request.user, filters=filters, today=today)
    )
    for f in page:
        f.overdue = f.is_overdue(today)
    is_helper = request.user.role == Role.HELPER
    return render(
        request,
        "visits/problem_list.html",
        {
            "page": page,
            "query": query,
            "state": state,
            "can_raise": is_helper and request.user.helper_id is not None,
            "is_helper": is_helper,
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def problem_create(request):
    if request.user.role != Role.HELPER or request.user.helper_id is None:
        raise PermissionDenied
    form = ProblemForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            follow_up = services.helper_problem_raise(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The problem has been sent to %(office)s.") % {"office": follow_up.owner_name},
            )
            return redirect(follow_up.get_absolute_url())
    return render(
        request,
        "visits/problem_form.html",
        {
            "form": form,
            "title": _("Raise a problem with the county office"),
            "back": "/oversight/problems/",
        },
    )
