"""Support owed to helpers: subsidised loans and donation receipts (included by urls.py)."""

from django.urls import path

from bangfu.support import views

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
]
