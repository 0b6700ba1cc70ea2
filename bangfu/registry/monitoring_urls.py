"""Relapse-monitoring pages, under /registry/monitoring/ (names in the registry namespace)."""

from django.urls import path

from . import monitoring_views as views

urlpatterns = [
    path("", views.case_list, name="monitoring_cases"),
    path("followed/", views.followed, name="monitoring_followed"),
    path("new/<str:ref>/", views.case_create, name="monitoring_case_create"),
    path("<str:number>/", views.case_detail, name="monitoring_case"),
    path("<str:number>/step/", views.case_step, name="monitoring_step"),
    path("<str:number>/measures/", views.case_measure, name="monitoring_measure"),
    path("<str:number>/visits/", views.case_visit, name="monitoring_visit"),
    path("<str:number>/remove-risk/", views.case_remove, name="monitoring_remove"),
]
