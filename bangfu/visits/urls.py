"""Supervision visits, follow-ups and problems raised by helpers (included by urls.py)."""

from django.urls import path

from bangfu.visits import views

app_name = "visits"

urlpatterns = [
    path("visits/", views.visit_list, name="visits"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("visits/first-round/", views.first_round, name="first_round"),
    path("visits/<int:pk>/", views.visit_detail, name="visit"),
    path("visits/<int:pk>/files/<str:key>/", views.visit_file, name="visit_file"),
    path("visits/<int:pk>/follow-ups/new/", views.followup_create, name="followup_create"),
    path("follow-ups/", views.followup_list, name="followups"),
    path("follow-ups/<int:pk>/", views.followup_detail, name="followup"),
    path("follow-ups/<int:pk>/close/", views.followup_close, name="followup_close"),
    path("problems/", views.problem_list, name="problems"),
    path("problems/new/", views.problem_create, name="problem_create"),
]
