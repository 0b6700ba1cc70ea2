"""Supervision visits, follow-ups and problems raised by helpers (included by urls.py)."""

from django.urls import path

from bangfu.visits.views import follow_ups, visits

app_name = "visits"

urlpatterns = [
    path("visits/", visits.visit_list, name="visits"),
    path("visits/new/", visits.visit_create, name="visit_create"),
    path("visits/first-round/", visits.first_round, name="first_round"),
    path("visits/<int:pk>/", visits.visit_detail, name="visit"),
    path("visits/<int:pk>/edit/", visits.visit_edit, name="visit_edit"),
    path("visits/<int:pk>/files/<str:key>/", visits.visit_file, name="visit_file"),
    path("visits/<int:pk>/follow-ups/new/", visits.followup_create, name="followup_create"),
    path("follow-ups/", follow_ups.followup_list, name="followups"),
    path("follow-ups/<int:pk>/", follow_ups.followup_detail, name="followup"),
    path("follow-ups/<int:pk>/close/", follow_ups.followup_close, name="followup_close"),
    path("problems/", follow_ups.problem_list, name="problems"),
    path("problems/new/", follow_ups.problem_create, name="problem_create"),
]
