"""Support owed to helpers: loans, donation receipts, tax benefits (included by urls.py)."""

from django.urls import path

from bangfu.support.views import loans as views
from bangfu.support.views import tax_benefits as benefits

app_name = "support"

urlpatterns = [
    path("loans/", views.loan_list, name="loans"),
    path("loans/new/", views.loan_create, name="loan_create"),
    path("loans/<int:pk>/", views.loan_detail, name="loan"),
    path("receipts/", views.receipt_list, name="receipts"),
    path("receipts/new/", views.receipt_create, name="receipt_create"),
    path("receipts/<int:pk>/", views.receipt_detail, name="receipt"),
    path("receipts/<int:pk>/receipt.docx", views.receipt_document, name="receipt_document"),
    path("receipts/<int:pk>/void/", views.receipt_void, name="receipt_void"),
    path("tax-benefits/", benefits.benefit_list, name="tax_benefits"),
    path("tax-benefits/new/", benefits.benefit_create, name="tax_benefit_create"),
    path("tax-benefits/totals/", benefits.benefit_totals, name="tax_benefit_totals"),
    path("tax-benefits/export.xlsx", benefits.benefit_export, name="tax_benefit_export"),
    path("tax-benefits/<int:pk>/", benefits.benefit_detail, name="tax_benefit"),
    path("tax-benefits/<int:pk>/edit/", benefits.benefit_edit, name="tax_benefit_edit"),
    path("tax-benefits/<int:pk>/evidence/", benefits.benefit_evidence, name="tax_benefit_evidence"),
]
