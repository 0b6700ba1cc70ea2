"""The URLs of the .xlsx forms (attachments 6 and 7), under /assistance/forms/.

Included before the assistance pages so that these paths are never taken for a record
number."""

from django.urls import path

from .views import exports

app_name = "assistance_forms"

urlpatterns = [
    path("statistics.xlsx", exports.statistics_xlsx, name="statistics"),
    path("progress.xlsx", exports.progress_xlsx, name="progress"),
]
