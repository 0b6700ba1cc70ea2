from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("calendar/", views.calendar_view, name="calendar"),
    path("calendar/years/", views.calendar_years, name="calendar_years"),
    path("calendar/<int:pk>/edit/", views.calendar_edit, name="calendar_edit"),
    path("submissions/", views.submission_list, name="submissions"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission"),
    path("submissions/<int:pk>/do/<str:action>/", views.submission_action, name="action"),
    path("submissions/<int:pk>/form/", views.submission_form, name="form"),
    path("submissions/<int:pk>/filings/<int:number>/", views.filing_download, name="filing"),
]
