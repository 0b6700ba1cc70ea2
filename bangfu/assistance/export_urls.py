"""/assistance/forms/: the .xlsx forms (attachments 6 and 7). Included before the
assistance pages so that these paths are never taken for a record number."""

from django.urls import path

from . import export_views

app_name = "assistance_forms"

urlpatterns = [
    path("statistics.xlsx", export_views.statistics_xlsx, name="statistics"),
    path("progress.xlsx", export_views.progress_xlsx, name="progress"),
]
