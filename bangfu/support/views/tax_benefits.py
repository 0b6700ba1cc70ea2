"""Pages of the tax benefits (税收优惠) of helpers' investments and donations in paired villages.

The list with its filters, its .xlsx export and the totals per helper and per county (each
figure opens the list filtered to it); a benefit's page with its evidence; recording and
correcting one (`support.manage`, as for loans). Thin: parse a form, call one service or
selector, render.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bangfu.accounts import audit
from bangfu.accounts.decorators import capability_required
from bangfu.accounts.roles import can
from bangfu.core.forms import apply_errors
from bangfu.core.uploads import file_response
from bangfu.support import selectors, services
from bangfu.support.forms import TaxBenefitFilterForm, TaxBenefitForm
from bangfu.support.io import write_tax_benefits
from bangfu.visits.permissions import may_manage_support
from bangfu.visits.views.common import page_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters(request) -> tuple[TaxBenefitFilterForm, dict]:
    form = TaxBenefitFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    return form, {k: v for k, v in data.items() if v not in (None, "")}


@require_GET
@capability_required("business.read")
def benefit_list(request):
    form, filters = _filters(request)
    qs = selectors.tax_benefit_list_for_user(user=request.user, filters=filters)
    page, query = page_of(request, qs)
    totals = selectors.tax_benefit_totals(user=request.user, filters=filters)
    return render(
        request,
        "support/benefit_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "filtered": urlencode(filters),
            "total": totals["total"],
            "can_manage": can(request.user, "support.manage"),
        },
    )


@require_GET
@capability_required("business.read")
def benefit_totals(request):
    form, filters = _filters(request)
    year = filters.get("year")
    totals = selectors.tax_benefit_totals(user=request.user, filters=filters)
    return render(
        request,
        "support/benefit_totals.html",
        {"form": form, "totals": totals, "year": year, "filtered": urlencode(filters)},
    )


@require_GET
@capability_required("business.read")
def benefit_export(request):
    _form, filters = _filters(request)
    benefits = selectors.tax_benefit_list_for_user(user=request.user, filters=filters)
    buffer = io.BytesIO()
    note = "，".join(f"{k}={v}" for k, v in filters.items())
    count = write_tax_benefits(buffer, benefits, note=note)
    name = f"税收优惠-{timezone.localdate():%Y%m%d}.xlsx"
    audit.record(event="export", object_type="support.taxbenefit", detail=f"{name}: {count} rows")
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@require_GET
@capability_required("business.read")
def benefit_detail(request, pk):
    benefit = selectors.tax_benefit_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "support/benefit_detail.html",
        {"benefit": benefit, "can_edit": may_manage_support(request.user, benefit.county_id)},
    )


@require_GET
@capability_required("business.read")
def benefit_evidence(request, pk):
    benefit = selectors.tax_benefit_get_for_user(user=request.user, pk=pk)
    return file_response(benefit.evidence, inline=request.GET.get("inline") == "1")


@require_http_methods(["GET", "POST"])
@capability_required("support.manage")
def benefit_create(request):
    form = TaxBenefitForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial={"year": timezone.localdate().year - 1},
    )
    if request.method == "POST" and form.is_valid():
        try:
            benefit = services.tax_benefit_record(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The tax benefit has been recorded."))
            return redirect(benefit.get_absolute_url())
    return render(
        request,
        "support/loan_form.html",
        {
            "form": form,
            "title": _("New tax benefit"),
            "back": "/oversight/tax-benefits/",
            "multipart": True,
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("support.manage")
def benefit_edit(request, pk):
    benefit = selectors.tax_benefit_get_for_user(user=request.user, pk=pk)
    if not may_manage_support(request.user, benefit.county_id):
        raise PermissionDenied("support.manage")
    form = TaxBenefitForm(
        request.POST or None,
        request.FILES or None,
        editing=True,
        initial={
            "kind": benefit.kind,
            "amount_yuan": benefit.amount_yuan,
            "year": benefit.year,
            "remark": benefit.remark,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.tax_benefit_update(user=request.user, benefit=benefit, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The tax benefit has been corrected."))
            return redirect(benefit.get_absolute_url())
    return render(
        request,
        "support/loan_form.html",
        {
            "form": form,
            "title": _("Correct the tax benefit"),
            "intro": f"{benefit.helper.name} · {benefit.pairing.village.name}",
            "back": benefit.get_absolute_url(),
            "multipart": True,
        },
    )
