"""Pages of the reporting calendar, under /reporting/ (names in the reporting namespace)."""

from django.urls import path

from .views import calendar, steps, submissions

app_name = "reporting"
urlpatterns = [
    path("", calendar.index, name="index"),
    path("calendar/", calendar.calendar_view, name="calendar"),
    path("calendar/years/", calendar.calendar_years, name="calendar_years"),
    path("calendar/<int:pk>/edit/", calendar.calendar_edit, name="calendar_edit"),
    path("steps/<slug:key>/", steps.step_records, name="step"),
    path("submissions/", submissions.submission_list, name="submissions"),
    path("submissions/<int:pk>/", submissions.submission_detail, name="submission"),
    path("submissions/<int:pk>/do/<str:action>/", submissions.submission_action, name="action"),
    path("submissions/<int:pk>/form/", submissions.submission_form, name="form"),
    path(
        "submissions/<int:pk>/filings/<int:number>/",
        submissions.filing_download,
        name="filing",
    ),
]
