"""Pages of the support owed to helpers: subsidised loans and donation receipts."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from bangfu.accounts import audit
from bangfu.accounts.decorators import capability_required
from bangfu.accounts.roles import can
from bangfu.core.forms import BootstrapMixin, apply_errors
from bangfu.core.uploads import file_response
from bangfu.helpers.models import Helper
from bangfu.pairing.forms import DATE, HelperChoiceField
from bangfu.pairing.models import Pairing
from bangfu.support import services as support
from bangfu.visits import services as visits
from bangfu.visits.views import _counties, _page


def _managed_counties(user):
    return [c for c in _counties(user) if visits.may_manage_support(user, c.pk)]


class CountyField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class LoanForm(BootstrapMixin, forms.Form):
    helper = HelperChoiceField(label=gettext_lazy("Helper"), queryset=Helper.objects.none())
    county = CountyField(label=gettext_lazy("County"), queryset=None)
    bank = forms.CharField(label=gettext_lazy("Bank"), max_length=100)
    amount_yuan = forms.DecimalField(
        label=gettext_lazy("Amount (yuan)"), max_digits=14, decimal_places=2
    )
    interest_rate = forms.DecimalField(
        label=gettext_lazy("Interest rate (% a year)"), max_digits=5, decimal_places=2
    )
    subsidy_rate = forms.DecimalField(
        label=gettext_lazy("Interest subsidy (% a year)"),
        max_digits=5,
        decimal_places=2,
        help_text=gettext_lazy("the part of the rate the poverty office pays (贴息)"),
    )
    term_months = forms.IntegerField(label=gettext_lazy("Term (months)"))
    granted_on = forms.DateField(label=gettext_lazy("Granted on"), widget=DATE)
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        counties = _managed_counties(user)
        self.fields["county"].queryset = _counties(user).filter(pk__in=[c.pk for c in counties])
        paired = Pairing.objects.filter(county__in=counties, activated_on__isnull=False).values(
            "helper_id"
        )
        self.fields["helper"].queryset = Helper.objects.filter(pk__in=paired).order_by(
            "initials", "id"
        )


class ReceiptForm(BootstrapMixin, forms.Form):
    helper = forms.CharField(label=gettext_lazy("Helper (USCC)"), max_length=18)
    county = forms.CharField(label=gettext_lazy("County (code)"), max_length=6)
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)


class VoidForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for voiding"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


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
    page, query = _page(request, support.loan_list_for_user(user=request.user, filters=filters))
    return render(
        request,
        "support/loan_list.html",
        {
            "page": page,
            "query": query,
            "filters": filters,
            "counties": _counties(request.user),
            "can_manage": can(request.user, "support.manage"),
        },
    )


@require_GET
@capability_required("business.read")
def loan_detail(request, pk):
    loan = support.loan_get_for_user(user=request.user, pk=pk)
    return render(request, "support/loan_detail.html", {"loan": loan})


@require_http_methods(["GET", "POST"])
@capability_required("support.manage")
def loan_create(request):
    form = LoanForm(
        request.POST or None, user=request.user, initial={"granted_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            loan = support.loan_record(user=request.user, **form.cleaned_data)
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
    page, query = _page(request, support.receipt_list_for_user(user=request.user, filters=filters))
    manage = can(request.user, "support.manage")
    year = _year(request)
    candidates = []
    if manage:
        counties = {c.code for c in _managed_counties(request.user)}
        candidates = [
            c
            for c in support.receipt_candidates(
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
            "counties": _counties(request.user),
            "can_manage": manage,
            "year": year,
            "candidates": candidates,
        },
    )


@require_GET
@capability_required("business.read")
def receipt_detail(request, pk):
    receipt = support.receipt_get_for_user(user=request.user, pk=pk)
    records = (
        support.charity_records(helper=receipt.helper, county=receipt.county, year=receipt.year)
        .select_related("village")
        .order_by("on", "id")
    )
    return render(
        request,
        "support/receipt_detail.html",
        {
            "receipt": receipt,
            "records": records,
            "can_void": not receipt.is_void
            and visits.may_manage_support(request.user, receipt.county_id),
            "in_words": support.yuan_in_words(receipt.amount_yuan),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("support.manage")
def receipt_create(request):
    form = ReceiptForm(request.POST or None, initial={"year": _year(request)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        helper = Helper.objects.for_user(request.user).filter(uscc=data["helper"].upper()).first()
        county = _counties(request.user).filter(code=data["county"]).first()
        if helper is None:
            form.add_error("helper", _("No helper has this code."))
        if county is None:
            form.add_error("county", _("No county of yours has this code."))
        if helper is not None and county is not None:
            try:
                receipt = support.receipt_issue(
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
    receipt = support.receipt_get_for_user(user=request.user, pk=pk)
    if receipt.document is None:
        raise Http404("No document")
    audit.record(event="export", obj=receipt, detail="donation receipt .docx")
    response = file_response(receipt.document)
    response["Content-Type"] = support.DOCX_TYPE
    return response


@require_http_methods(["GET", "POST"])
@capability_required("support.manage")
def receipt_void(request, pk):
    receipt = support.receipt_get_for_user(user=request.user, pk=pk)
    if not visits.may_manage_support(request.user, receipt.county_id):
        raise PermissionDenied
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            support.receipt_void(
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
