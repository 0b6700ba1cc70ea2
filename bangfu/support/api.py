"""Support API: /api/v1/loans/ (list, read, record), /api/v1/donation-receipts/ (and `void`),
/api/v1/tax-benefits/ (list, read, record, correct; `totals`).

Donation receipts: list, read, issue; `void`. Thin: serializers.py parses, the services
write, the selectors read. Helper liaisons read their own helper's; `support.manage`
writes (county offices in their county, the city office).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bangfu.accounts.roles import can
from bangfu.helpers.models import Helper
from bangfu.places.models import Division
from bangfu.support import selectors, services
from bangfu.support.serializers import (
    LoanCreateSerializer,
    LoanSerializer,
    ReceiptIssueSerializer,
    ReceiptSerializer,
    SupportFilterSerializer,
    TaxBenefitCreateSerializer,
    TaxBenefitFilterSerializer,
    TaxBenefitSerializer,
    TaxBenefitTotalsSerializer,
    TaxBenefitUpdateSerializer,
    VoidSerializer,
)


def _parse(serializer_class, data) -> dict:
    s = serializer_class(data=data)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


def _filters(request) -> dict:
    data = _parse(SupportFilterSerializer, request.query_params)
    return {k: v for k, v in data.items() if v not in (None, "")}


def _manage(user) -> None:
    if not can(user, "support.manage"):
        raise PermissionDenied("support.manage")


def _helper_and_county(data: dict):
    helper = Helper.objects.filter(uscc=data.pop("helper").upper()).first()
    county = Division.objects.filter(code=data.pop("county"), level="county").first()
    errors = {}
    if helper is None:
        errors["helper"] = _("No helper has this code.")
    if county is None:
        errors["county"] = _("Choose a county.")
    if errors:
        raise ValidationError(errors)
    return helper, county


class LoanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Subsidised loans (扶贫贴息贷款) to paired helpers."""

    filter_backends = []

    def get_serializer_class(self):
        return LoanCreateSerializer if self.action == "create" else LoanSerializer

    def get_queryset(self):
        return selectors.loan_list_for_user(user=self.request.user, filters=_filters(self.request))

    def get_object(self):
        return selectors.loan_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def create(self, request):
        _manage(request.user)
        data = _parse(LoanCreateSerializer, request.data)
        helper, county = _helper_and_county(data)
        loan = services.loan_record(user=request.user, helper=helper, county=county, **data)
        return Response(LoanSerializer(loan).data, status=status.HTTP_201_CREATED)


class DonationReceiptViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Donation receipts (捐赠票据) per helper, county and year."""

    filter_backends = []

    def get_serializer_class(self):
        if self.action == "create":
            return ReceiptIssueSerializer
        if self.action == "void":
            return VoidSerializer
        return ReceiptSerializer

    def get_queryset(self):
        return selectors.receipt_list_for_user(
            user=self.request.user, filters=_filters(self.request)
        )

    def get_object(self):
        return selectors.receipt_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def create(self, request):
        _manage(request.user)
        data = _parse(ReceiptIssueSerializer, request.data)
        helper, county = _helper_and_county(data)
        receipt = services.receipt_issue(
            user=request.user, helper=helper, county=county, year=data["year"]
        )
        return Response(ReceiptSerializer(receipt).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        """Void the receipt with a reason (then a new one may be issued)."""
        receipt = self.get_object()
        _manage(request.user)
        data = _parse(VoidSerializer, request.data)
        receipt = services.receipt_void(user=request.user, receipt=receipt, reason=data["reason"])
        return Response(ReceiptSerializer(receipt).data)


class TaxBenefitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Tax benefits (税收优惠) of helpers' investments and donations in paired villages.

    Create and correct with multipart/form-data (the evidence is a PDF or image)."""

    filter_backends = []
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self):
        if self.action == "create":
            return TaxBenefitCreateSerializer
        if self.action == "partial_update":
            return TaxBenefitUpdateSerializer
        if self.action == "totals":
            return TaxBenefitTotalsSerializer
        return TaxBenefitSerializer

    def _filters(self) -> dict:
        data = _parse(TaxBenefitFilterSerializer, self.request.query_params)
        return {k: v for k, v in data.items() if v not in (None, "")}

    def get_queryset(self):
        return selectors.tax_benefit_list_for_user(user=self.request.user, filters=self._filters())

    def get_object(self):
        return selectors.tax_benefit_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def create(self, request):
        _manage(request.user)
        data = _parse(TaxBenefitCreateSerializer, request.data)
        number = data.pop("pairing").strip().upper()
        pairing = selectors.benefit_pairings(request.user).filter(number=number).first()
        if pairing is None:
            raise ValidationError({"pairing": _("No activated pairing of yours has this number.")})
        benefit = services.tax_benefit_record(user=request.user, pairing=pairing, **data)
        return Response(TaxBenefitSerializer(benefit).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        benefit = self.get_object()
        _manage(request.user)
        data = _parse(TaxBenefitUpdateSerializer, request.data)
        current = {
            "kind": benefit.kind,
            "amount_yuan": benefit.amount_yuan,
            "year": benefit.year,
            "remark": benefit.remark,
        }
        benefit = services.tax_benefit_update(
            user=request.user, benefit=benefit, **{**current, **data}
        )
        return Response(TaxBenefitSerializer(benefit).data)

    @action(detail=False, methods=["get"])
    def totals(self, request):
        """Totals per helper and per county (and in all) of the benefits the filters select."""
        totals = selectors.tax_benefit_totals(user=request.user, filters=self._filters())
        return Response(TaxBenefitTotalsSerializer(totals).data)


def register(router) -> None:
    """Add the loans, donation receipts and tax benefits to the /api/v1/ router."""
    router.register("loans", LoanViewSet, basename="loan")
    router.register("donation-receipts", DonationReceiptViewSet, basename="donation-receipt")
    router.register("tax-benefits", TaxBenefitViewSet, basename="tax-benefit")
