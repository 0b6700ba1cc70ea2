"""Business actions on the support owed to helpers, one function each (audited).

Loans and donation receipts in loans.py, tax benefits in tax_benefits.py; importable from
here as `support.services.<action>`."""

from .loans import loan_record, receipt_issue, receipt_void
from .tax_benefits import tax_benefit_record, tax_benefit_update

__all__ = [
    "loan_record",
    "receipt_issue",
    "receipt_void",
    "tax_benefit_record",
    "tax_benefit_update",
]
