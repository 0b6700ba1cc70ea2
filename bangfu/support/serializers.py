"""Serializers of the support API: loans and donation receipts, their inputs and the filters."""

from __future__ import annotations

from rest_framework import serializers

from bangfu.support.models import DonationReceipt, Loan


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
