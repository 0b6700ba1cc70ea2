"""Relapse-monitoring pages: the case list, a case walking its steps, a new case from a
household. Thin: parse a form, call a service in registry/monitoring.py, redirect or render.

Cases carry personal data: they are read by the roles that may see households
(`personal.read`, masked as on the household pages) and changed by county offices for their
own county (`monitoring.manage`)."""

from __future__ import annotations

import contextlib

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bangfu.accounts.decorators import capability_required
from bangfu.core.forms import BootstrapMixin, apply_errors
from bangfu.monitoring import services as monitoring
from bangfu.monitoring.models import (
    CaseSource,
    CaseState,
    MonitoringGroup,
    MonitoringMeasure,
    Step,
)
from bangfu.places.models import Division
from bangfu.registry import selectors

PAGE_SIZE = 50
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 2})


# ----------------------------------------------------------------------------- forms


class CaseFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search"),
        required=False,
        max_length=32,
        help_text=gettext_lazy("case number, head's name or pinyin initials"),
    )
    county = forms.ChoiceField(label=gettext_lazy("County"), required=False)
    state = forms.ChoiceField(
        label=gettext_lazy("State"),
        required=False,
        choices=[("", gettext_lazy("all")), *CaseState.choices],
    )
    group = forms.ChoiceField(
        label=gettext_lazy("Monitored group"),
        required=False,
        choices=[("", gettext_lazy("all")), *MonitoringGroup.choices],
    )
    overdue = forms.BooleanField(label=gettext_lazy("Overdue steps only"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        counties = Division.objects.for_user(user).filter(level="county")
        self.fields["county"].choices = [
            ("", gettext_lazy("all")),
            *((c.code, c.name) for c in counties),
        ]


class CaseOpenForm(BootstrapMixin, forms.Form):
    group = forms.ChoiceField(
        label=gettext_lazy("Monitored group"), choices=MonitoringGroup.choices
    )
    source = forms.ChoiceField(label=gettext_lazy("Found by"), choices=CaseSource.choices)
    reason = forms.CharField(label=gettext_lazy("Risk found"), widget=TEXT, max_length=2000)
    opened_on = forms.DateField(label=gettext_lazy("Opened on"), widget=DATE)


class StepForm(BootstrapMixin, forms.Form):
    step = forms.ChoiceField(label=gettext_lazy("Step"), choices=Step.choices)
    done_on = forms.DateField(
        label=gettext_lazy("Date"),
        widget=DATE,
        help_text=gettext_lazy("for the public notice: the day of the village review"),
    )
    notice_start = forms.DateField(
        label=gettext_lazy("Public notice from"), widget=DATE, required=False
    )
    notice_end = forms.DateField(
        label=gettext_lazy("Public notice until"),
        widget=DATE,
        required=False,
        help_text=gettext_lazy("at least 5 days, counting the first and the last"),
    )
    passed = forms.BooleanField(
        label=gettext_lazy("Risk confirmed at this step"), required=False, initial=True
    )
    notes = forms.CharField(
        label=gettext_lazy("Findings"), widget=TEXT, required=False, max_length=2000
    )
    signed_name = forms.CharField(label=gettext_lazy("Signed by (your name)"), max_length=64)


class MeasureForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=MonitoringMeasure.Kind.choices)
    description = forms.CharField(label=gettext_lazy("Measure"), widget=TEXT, max_length=2000)
    started_on = forms.DateField(label=gettext_lazy("From"), widget=DATE)
    assistance = forms.CharField(
        label=gettext_lazy("Assistance record number"),
        required=False,
        max_length=12,
        help_text=gettext_lazy("optional, e.g. A1B2C3D4E5F"),
    )


class VisitForm(BootstrapMixin, forms.Form):
    visited_on = forms.DateField(label=gettext_lazy("Follow-up date"), widget=DATE)
    visitor = forms.CharField(label=gettext_lazy("Visited by"), max_length=64)
    per_capita_income = forms.DecimalField(
        label=gettext_lazy("Per-capita income, annualised (yuan)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
    )
    notes = forms.CharField(
        label=gettext_lazy("What was found"), widget=TEXT, required=False, max_length=2000
    )


class RemovalForm(BootstrapMixin, forms.Form):
    removed_on = forms.DateField(label=gettext_lazy("Risk removed on"), widget=DATE)
    note = forms.CharField(
        label=gettext_lazy("Why the risk is removed"), widget=TEXT, max_length=2000
    )


# ----------------------------------------------------------------------------- pages


@require_GET
@capability_required("personal.read")
def case_list(request):
    form = CaseFilterForm(request.GET or None, user=request.user)
    filters = {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}
    qs = monitoring.case_list_for_user(user=request.user, filters=filters)
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
            "counts": monitoring.case_counts(user=request.user),
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
    households = monitoring.followed_households_for_user(user=request.user, on=on)
    return render(
        request,
        "monitoring/followed.html",
        {
            "on": on,
            "villages": monitoring.followed_villages_for_user(user=request.user, on=on)[:500],
            "households": Paginator(households, PAGE_SIZE).get_page(request.GET.get("page")),
            "village_years": monitoring.village_years(),
            "household_years": monitoring.household_years(),
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
            case = monitoring.monitoring_case_open(
                user=request.user, household=household, **form.cleaned_data
            )
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
    can_manage = monitoring.may_manage(request.user, case.county_id)
    today = timezone.localdate()
    name = getattr(request.user, "full_name", "") or request.user.get_username()
    context = {
        "case": case,
        "household": case.household,
        "steps": monitoring.step_table(case, today),
        "measures": list(case.measures.select_related("assistance").order_by("started_on", "id")),
        "visits": list(case.visits.order_by("visited_on", "id")),
        "history": monitoring.case_history(case),
        "can_manage": can_manage,
        "threshold": monitoring.income_threshold(today.year),
        "stable": monitoring.stable_income(case),
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
    case = monitoring.case_get_for_user(user=request.user, number=number)
    return _detail(request, case)


def _post(request, number, form_class, key, call, done_message):
    case = monitoring.case_get_for_user(user=request.user, number=number)
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
        monitoring.monitoring_step_record(user=request.user, case=case, **data)

    return _post(request, number, StepForm, "step_form", call, _("The step has been recorded."))


@require_POST
@capability_required("monitoring.manage")
def case_measure(request, number):
    def call(case, data):
        from bangfu.assistance.models import Assistance

        number_ = (data.pop("assistance") or "").strip().upper()
        assistance = None
        if number_:
            assistance = Assistance.objects.for_user(request.user).filter(number=number_).first()
            if assistance is None:
                raise ValidationError(
                    {"assistance": _("No assistance record %(number)s.") % {"number": number_}}
                )
        monitoring.monitoring_measure_add(
            user=request.user, case=case, assistance=assistance, **data
        )

    return _post(
        request, number, MeasureForm, "measure_form", call, _("The measure has been recorded.")
    )


@require_POST
@capability_required("monitoring.manage")
def case_visit(request, number):
    def call(case, data):
        monitoring.monitoring_visit_add(user=request.user, case=case, **data)

    return _post(
        request, number, VisitForm, "visit_form", call, _("The follow-up visit has been recorded.")
    )


@require_POST
@capability_required("monitoring.manage")
def case_remove(request, number):
    def call(case, data):
        monitoring.monitoring_risk_remove(user=request.user, case=case, **data)

    return _post(
        request, number, RemovalForm, "removal_form", call, _("The risk has been removed.")
    )
