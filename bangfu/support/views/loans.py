"""Pages of subsidised loans and donation receipts.

Thin views: parse a form (forms.py), call a service or a selector, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bangfu.accounts import audit
from bangfu.accounts.decorators import capability_required
from bangfu.accounts.roles import can
from bangfu.core.forms import apply_errors
from bangfu.core.uploads import file_response
from bangfu.helpers.models import Helper
from bangfu.support import selectors, services
from bangfu.support.documents import DOCX_TYPE, yuan_in_words
from bangfu.support.forms import LoanForm, ReceiptForm, VoidForm
from bangfu.visits.permissions import may_manage_support
from bangfu.visits.selectors import counties_in_scope
from bangfu.visits.views.common import page_of


def _list_filters(request) -> dict:
    out = {k: request.GET.get(k) for k in ("county", "helper", "year") if request.GET.get(k)}
    if out.get("year") and not out["year"].isdigit():
        out.pop("year")
    return out


# --------------------------------------------------------------------------- loans


@require_GET
@capability_required("business.read")
def loan_list(request):
    filters = _list_filters(request)
    page, query = page_of(request, selectors.loan_list_for_user(user=request.user, filters=filters))
    return render(
        request,
        "support/loan_list.html",
        {
            "page": page,
            "query": query,
            "filters": filters,
            "counties": counties_in_scope(request.user),
            "can_manage": can(request.user, "support.manage"),
        },
    )


@require_GET
@capability_required("business.read")
def loan_detail(request, pk):
    loan = selectors.loan_get_for_user(user=request.user, pk=pk)
    return render(request, "support/loan_detail.html", {"loan": loan})


@require_http_methods(["GET", "POST"])
@capability_required("support.manage")
def loan_create(request):
    form = LoanForm(
        request.POST or None, user=request.user, initial={"granted_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            loan = services.loan_record(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The loan has been recorded."))
            return redirect(loan.get_absolute_url())
    return render(
        request,
        "support/loan_form.html",
        {"form": form, "title": _("New subsidised loan"), "back": "/oversight/loans/"},
    )


# --------------------------------------------------------------------------- receipts


def _year(request) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() else timezone.localdate().year - 1


@require_GET
@capability_required("business.read")
def receipt_list(request):
    filters = _list_filters(request)
    page, query = page_of(
        request, selectors.receipt_list_for_user(user=request.user, filters=filters)
    )
    manage = can(request.user, "support.manage")
    year = _year(request)
    candidates = []
    if manage:
        counties = {c.code for c in selectors.managed_counties(request.user)}
        candidates = [
            c
            for c in selectors.receipt_candidates(
                user=request.user, year=year, county=filters.get("county")
            )
            if c["county__code"] in counties
        ]
    return render(
        request,
        "support/receipt_list.html",
        {
            "page": page,
            "query": query,
            "filters": filters,
            "counties": counties_in_scope(request.user),
            "can_manage": manage,
            "year": year,
            "candidates": candidates,
        },
    )


@require_GET
@capability_required("business.read")
def receipt_detail(request, pk):
    receipt = selectors.receipt_get_for_user(user=request.user, pk=pk)
    records = (
        selectors.charity_records(helper=receipt.helper, county=receipt.county, year=receipt.year)
        .select_related("village")
        .order_by("on", "id")
    )
    return render(
        request,
        "support/receipt_detail.html",
        {
            "receipt": receipt,
            "records": records,
            "can_void": not receipt.is_void and may_manage_support(request.user, receipt.county_id),
            "in_words": yuan_in_words(receipt.amount_yuan),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("support.manage")
def receipt_create(request):
    form = ReceiptForm(request.POST or None, initial={"year": _year(request)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        helper = Helper.objects.for_user(request.user).filter(uscc=data["helper"].upper()).first()
        county = counties_in_scope(request.user).filter(code=data["county"]).first()
        if helper is None:
            form.add_error("helper", _("No helper has this code."))
        if county is None:
            form.add_error("county", _("No county of yours has this code."))
        if helper is not None and county is not None:
            try:
                receipt = services.receipt_issue(
                    user=request.user, helper=helper, county=county, year=data["year"]
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request, _("Receipt %(number)s issued.") % {"number": receipt.number}
                )
                return redirect(receipt.get_absolute_url())
    return render(
        request,
        "support/receipt_form.html",
        {"form": form, "title": _("Issue a donation receipt"), "back": "/oversight/receipts/"},
    )


@require_GET
@capability_required("business.read")
def receipt_document(request, pk):
    receipt = selectors.receipt_get_for_user(user=request.user, pk=pk)
    if receipt.document is None:
        raise Http404("No document")
    audit.record(event="export", obj=receipt, detail="donation receipt .docx")
    response = file_response(receipt.document)
    response["Content-Type"] = DOCX_TYPE
    return response


@require_http_methods(["GET", "POST"])
@capability_required("support.manage")
def receipt_void(request, pk):
    receipt = selectors.receipt_get_for_user(user=request.user, pk=pk)
    if not may_manage_support(request.user, receipt.county_id):
        raise PermissionDenied
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.receipt_void(
                user=request.user, receipt=receipt, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The receipt is void; a new one may be issued."))
            return redirect(receipt.get_absolute_url())
    return render(
        request,
        "support/receipt_form.html",
        {
            "form": form,
            "title": _("Void receipt %(number)s") % {"number": receipt.number},
            "back": receipt.get_absolute_url(),
        },
    )
