"""Relapse-monitoring pages, under /registry/monitoring/ (names in the monitoring namespace)."""

from django.urls import path

from bangfu.monitoring.views import cases as views
from bangfu.monitoring.views import expenses

app_name = "monitoring"

urlpatterns = [
    path("", views.case_list, name="cases"),
    path("followed/", views.followed, name="followed"),
    path("new/<str:ref>/", views.case_create, name="case_create"),
    path("households/<str:ref>/expenses/new/", expenses.expense_create, name="expense_create"),
    path("households/<str:ref>/expenses/<int:pk>/", expenses.expense_edit, name="expense_edit"),
    path(
        "households/<str:ref>/expenses/<int:pk>/delete/",
        expenses.expense_delete,
        name="expense_delete",
    ),
    path("<str:number>/", views.case_detail, name="case"),
    path("<str:number>/step/", views.case_step, name="step"),
    path("<str:number>/measures/", views.case_measure, name="measure"),
    path("<str:number>/visits/", views.case_visit, name="visit"),
    path("<str:number>/remove-risk/", views.case_remove, name="remove"),
]
