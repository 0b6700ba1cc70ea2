"""Training of village technicians: sessions and their rosters (included by urls.py)."""

from django.urls import path

from bangfu.training.views import roster, sessions

app_name = "training"

urlpatterns = [
    path("sessions/", sessions.session_list, name="sessions"),
    path("sessions/new/", sessions.session_create, name="session_create"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", sessions.session_edit, name="session_edit"),
    path("sessions/<int:pk>/import/", sessions.session_import, name="session_import"),
    path("sessions/<int:pk>/rematch/", sessions.session_rematch, name="session_rematch"),
    path("sessions/<int:pk>/trainees/new/", roster.trainee_create, name="trainee_create"),
    path("roster-template.xlsx", sessions.roster_template, name="roster_template"),
    path("trainees/", roster.trainee_list, name="trainees"),
    path("trainees/export.xlsx", roster.trainee_export, name="trainee_export"),
    path("trainees/<int:pk>/edit/", roster.trainee_edit, name="trainee_edit"),
    path("trainees/<int:pk>/remove/", roster.trainee_remove, name="trainee_remove"),
]
