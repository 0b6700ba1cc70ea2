"""Relapse-monitoring pages, under /registry/monitoring/ (names in the monitoring namespace)."""

from django.urls import path

from bangfu.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.case_list, name="cases"),
    path("followed/", views.followed, name="followed"),
    path("new/<str:ref>/", views.case_create, name="case_create"),
    path("<str:number>/", views.case_detail, name="case"),
    path("<str:number>/step/", views.case_step, name="step"),
    path("<str:number>/measures/", views.case_measure, name="measure"),
    path("<str:number>/visits/", views.case_visit, name="visit"),
    path("<str:number>/remove-risk/", views.case_remove, name="remove"),
]
