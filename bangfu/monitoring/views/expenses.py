"""Rigid-expense pages of a monitored household: add, correct, delete one year's expense.

The list is on the household's page (`{% monitoring_panel %}`); these pages are the county
office's (`monitoring.manage`, its own county: another county's household answers 404).
Thin: parse the form, call one service of `monitoring.services.expenses`, redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bangfu.accounts.decorators import capability_required
from bangfu.core.forms import apply_errors
from bangfu.monitoring.forms import RigidExpenseForm
from bangfu.monitoring.rules import may_manage
from bangfu.monitoring.selectors import rigid_expense_get_for_user
from bangfu.monitoring.services.expenses import (
    rigid_expense_add,
    rigid_expense_delete,
    rigid_expense_update,
)
from bangfu.registry import selectors


def _household(request, ref):
    household = selectors.household_get_for_user(user=request.user, ref=ref)
    if not may_manage(request.user, household.county_id):
        raise PermissionDenied("monitoring.expense")
    return household


def _render(request, form, household, expense=None):
    return render(
        request,
        "monitoring/expense_form.html",
        {"form": form, "household": household, "expense": expense},
    )


@require_http_methods(["GET", "POST"])
@capability_required("monitoring.manage")
def expense_create(request, ref):
    household = _household(request, ref)
    form = RigidExpenseForm(
        request.POST or None, initial={"year": timezone.localdate().year - 1, "kind": "medical"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            rigid_expense_add(user=request.user, household=household, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The rigid expense has been recorded."))
            return redirect(household.get_absolute_url())
    return _render(request, form, household)


@require_http_methods(["GET", "POST"])
@capability_required("monitoring.manage")
def expense_edit(request, ref, pk):
    household = _household(request, ref)
    expense = rigid_expense_get_for_user(user=request.user, pk=pk, household_ref=household.ref)
    form = RigidExpenseForm(
        request.POST or None,
        initial={"year": expense.year, "kind": expense.kind, "amount": expense.amount},
    )
    if request.method == "POST" and form.is_valid():
        try:
            rigid_expense_update(user=request.user, expense=expense, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The rigid expense has been corrected."))
            return redirect(household.get_absolute_url())
    return _render(request, form, household, expense)


@require_POST
@capability_required("monitoring.manage")
def expense_delete(request, ref, pk):
    household = _household(request, ref)
    expense = rigid_expense_get_for_user(user=request.user, pk=pk, household_ref=household.ref)
    rigid_expense_delete(user=request.user, expense=expense)
    messages.success(request, _("The rigid expense has been deleted."))
    return redirect(household.get_absolute_url())
