"""Serializers of the support API: loans, donation receipts and tax benefits, their inputs,
filters and totals."""

from __future__ import annotations

from rest_framework import serializers

from bangfu.pairing.serializers.shared import EvidenceFileField, StoredFileSummarySerializer
from bangfu.support.models import BenefitKind, DonationReceipt, Loan, TaxBenefit


class LoanSerializer(serializers.ModelSerializer):
    helper = serializers.CharField(source="helper.uscc", read_only=True)
    helper_name = serializers.CharField(source="helper.name", read_only=True)
    county = serializers.CharField(source="county.code", read_only=True)
    yearly_subsidy_yuan = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)

    class Meta:
        model = Loan
        fields = [
            "id",
            "helper",
            "helper_name",
            "county",
            "bank",
            "amount_yuan",
            "interest_rate",
            "subsidy_rate",
            "yearly_subsidy_yuan",
            "term_months",
            "granted_on",
            "note",
            "version",
        ]


class LoanCreateSerializer(serializers.Serializer):
    helper = serializers.CharField(help_text="helper USCC")
    county = serializers.CharField(help_text="county code")
    bank = serializers.CharField(max_length=100)
    amount_yuan = serializers.DecimalField(max_digits=14, decimal_places=2)
    interest_rate = serializers.DecimalField(max_digits=5, decimal_places=2)
    subsidy_rate = serializers.DecimalField(max_digits=5, decimal_places=2)
    term_months = serializers.IntegerField()
    granted_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReceiptSerializer(serializers.ModelSerializer):
    helper = serializers.CharField(source="helper.uscc", read_only=True)
    helper_name = serializers.CharField(source="helper.name", read_only=True)
    county = serializers.CharField(source="county.code", read_only=True)

    class Meta:
        model = DonationReceipt
        fields = [
            "id",
            "number",
            "helper",
            "helper_name",
            "county",
            "year",
            "money_yuan",
            "goods_yuan",
            "amount_yuan",
            "records",
            "issued_on",
            "issuer",
            "voided_on",
            "void_reason",
        ]


class ReceiptIssueSerializer(serializers.Serializer):
    helper = serializers.CharField(help_text="helper USCC")
    county = serializers.CharField(help_text="county code")
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class VoidSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class SupportFilterSerializer(serializers.Serializer):
    county = serializers.CharField(required=False, allow_blank=True)
    helper = serializers.CharField(required=False, allow_blank=True, help_text="helper USCC")
    year = serializers.IntegerField(required=False, allow_null=True)


# --------------------------------------------------------------------------- tax benefits


class TaxBenefitSerializer(serializers.ModelSerializer):
    helper = serializers.CharField(source="helper.uscc", read_only=True)
    helper_name = serializers.CharField(source="helper.name", read_only=True)
    pairing = serializers.CharField(source="pairing.number", read_only=True)
    village = serializers.CharField(source="pairing.village.code", read_only=True)
    village_name = serializers.CharField(source="pairing.village.name", read_only=True)
    county = serializers.CharField(source="county.code", read_only=True)
    evidence = StoredFileSummarySerializer(read_only=True)

    class Meta:
        model = TaxBenefit
        fields = [
            "id",
            "helper",
            "helper_name",
            "pairing",
            "village",
            "village_name",
            "county",
            "kind",
            "amount_yuan",
            "year",
            "evidence",
            "remark",
            "version",
        ]


class TaxBenefitCreateSerializer(serializers.Serializer):
    pairing = serializers.CharField(help_text="the pairing's agreement number")
    kind = serializers.ChoiceField(choices=BenefitKind.choices)
    amount_yuan = serializers.DecimalField(max_digits=14, decimal_places=2)
    year = serializers.IntegerField()
    evidence = EvidenceFileField(help_text="PDF or image, as multipart/form-data")
    remark = serializers.CharField(required=False, allow_blank=True, default="")


class TaxBenefitUpdateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=BenefitKind.choices, required=False)
    amount_yuan = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    year = serializers.IntegerField(required=False)
    evidence = EvidenceFileField(required=False, help_text="a new file replaces the one on file")
    remark = serializers.CharField(required=False, allow_blank=True)


class TaxBenefitFilterSerializer(serializers.Serializer):
    county = serializers.CharField(required=False, allow_blank=True, help_text="county code")
    helper = serializers.CharField(required=False, allow_blank=True, help_text="helper USCC")
    year = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=9999)
    kind = serializers.ChoiceField(choices=BenefitKind.choices, required=False, allow_blank=True)
    village = serializers.CharField(required=False, allow_blank=True, help_text="village code")


class BenefitHelperTotalSerializer(serializers.Serializer):
    helper = serializers.CharField(source="helper__uscc")
    helper_name = serializers.CharField(source="helper__name")
    n = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=16, decimal_places=2)


class BenefitCountyTotalSerializer(serializers.Serializer):
    county = serializers.CharField(source="county__code")
    county_name = serializers.CharField(source="county__name")
    n = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=16, decimal_places=2)


class TaxBenefitTotalsSerializer(serializers.Serializer):
    helpers = BenefitHelperTotalSerializer(many=True)
    counties = BenefitCountyTotalSerializer(many=True)
    n = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=16, decimal_places=2)
