"""Relapse-monitoring case pages: the list, a case walking its steps, a new case, followed exits.

Thin: parse a form, call a service of `monitoring.services`, redirect or render. Cases carry
personal data: they are read by the roles that may see households (`personal.read`, masked
as on the household pages) and changed by county offices for their own county
(`monitoring.manage`).
"""

from __future__ import annotations

import contextlib

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bangfu.accounts.decorators import capability_required
from bangfu.core.forms import apply_errors
from bangfu.monitoring.forms import (
    CaseFilterForm,
    CaseOpenForm,
    MeasureForm,
    RemovalForm,
    StepForm,
    VisitForm,
)
from bangfu.monitoring.models import CaseSource, CaseState, MonitoringGroup
from bangfu.monitoring.rules import (
    household_years,
    income_threshold,
    may_manage,
    stable_income,
    village_years,
)
from bangfu.monitoring.selectors import (
    case_counts,
    case_get_for_user,
    case_history,
    case_list_for_user,
    followed_households_for_user,
    followed_villages_for_user,
    measure_assistance,
    step_table,
)
from bangfu.monitoring.services.cases import monitoring_case_open
from bangfu.monitoring.services.followup import (
    monitoring_measure_add,
    monitoring_risk_remove,
    monitoring_visit_add,
)
from bangfu.monitoring.services.identification import monitoring_step_record
from bangfu.registry import selectors

PAGE_SIZE = 50


@require_GET
@capability_required("personal.read")
def case_list(request):
    form = CaseFilterForm(request.GET or None, user=request.user)
    filters = {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}
    qs = case_list_for_user(user=request.user, filters=filters)
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "counts": case_counts(user=request.user),
        },
    )


@require_GET
@capability_required("personal.read")
def followed(request):
    """Exited villages and households still within their monitoring period."""
    on = timezone.localdate()
    if request.GET.get("on"):
        with contextlib.suppress(ValidationError):
            on = forms.DateField().clean(request.GET["on"])
    households = followed_households_for_user(user=request.user, on=on)
    return render(
        request,
        "monitoring/followed.html",
        {
            "on": on,
            "villages": followed_villages_for_user(user=request.user, on=on)[:500],
            "households": Paginator(households, PAGE_SIZE).get_page(request.GET.get("page")),
            "village_years": village_years(),
            "household_years": household_years(),
            "query": f"on={on:%Y-%m-%d}",
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("monitoring.manage")
def case_create(request, ref):
    household = selectors.household_get_for_user(user=request.user, ref=ref)
    form = CaseOpenForm(
        request.POST or None,
        initial={
            "opened_on": timezone.localdate(),
            "group": MonitoringGroup.UNSTABLE if household.year_exited else MonitoringGroup.SUDDEN,
            "source": CaseSource.VISIT,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = monitoring_case_open(user=request.user, household=household, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The monitoring case %(number)s has been opened.") % {"number": case.number},
            )
            return redirect(case.get_absolute_url())
    return render(
        request,
        "monitoring/form.html",
        {"form": form, "household": household, "back": household.get_absolute_url()},
    )


def _detail(request, case, status=200, **forms_):
    can_manage = may_manage(request.user, case.county_id)
    today = timezone.localdate()
    name = getattr(request.user, "full_name", "") or request.user.get_username()
    context = {
        "case": case,
        "household": case.household,
        "steps": step_table(case, today),
        "measures": list(case.measures.select_related("assistance").order_by("started_on", "id")),
        "visits": list(case.visits.order_by("visited_on", "id")),
        "history": case_history(case),
        "can_manage": can_manage,
        "threshold": income_threshold(today.year),
        "stable": stable_income(case),
        "overdue": case.state == CaseState.IDENTIFYING and case.next_due and case.next_due < today,
        "identifying": case.state == CaseState.IDENTIFYING,
        "identified": case.state == CaseState.IDENTIFIED,
    }
    if can_manage:
        context["step_form"] = forms_.get("step_form") or StepForm(
            initial={"step": case.next_step, "done_on": today, "signed_name": name, "passed": True}
        )
        context["measure_form"] = forms_.get("measure_form") or MeasureForm(
            initial={"started_on": today}
        )
        context["visit_form"] = forms_.get("visit_form") or VisitForm(
            initial={"visited_on": today, "visitor": name}
        )
        context["removal_form"] = forms_.get("removal_form") or RemovalForm(
            initial={"removed_on": today}
        )
    return render(request, "monitoring/case.html", context, status=status)


@require_GET
@capability_required("personal.read")
def case_detail(request, number):
    case = case_get_for_user(user=request.user, number=number)
    return _detail(request, case)


def _post(request, number, form_class, key, call, done_message):
    case = case_get_for_user(user=request.user, number=number)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(case, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done_message)
            return redirect(case.get_absolute_url())
    return _detail(request, case, **{key: form})


@require_POST
@capability_required("monitoring.manage")
def case_step(request, number):
    def call(case, data):
        monitoring_step_record(user=request.user, case=case, **data)

    return _post(request, number, StepForm, "step_form", call, _("The step has been recorded."))


@require_POST
@capability_required("monitoring.manage")
def case_measure(request, number):
    def call(case, data):
        assistance = measure_assistance(user=request.user, number=data.pop("assistance"))
        monitoring_measure_add(user=request.user, case=case, assistance=assistance, **data)

    return _post(
        request, number, MeasureForm, "measure_form", call, _("The measure has been recorded.")
    )


@require_POST
@capability_required("monitoring.manage")
def case_visit(request, number):
    def call(case, data):
        monitoring_visit_add(user=request.user, case=case, **data)

    return _post(
        request, number, VisitForm, "visit_form", call, _("The follow-up visit has been recorded.")
    )


@require_POST
@capability_required("monitoring.manage")
def case_remove(request, number):
    def call(case, data):
        monitoring_risk_remove(user=request.user, case=case, **data)

    return _post(
        request, number, RemovalForm, "removal_form", call, _("The risk has been removed.")
    )
