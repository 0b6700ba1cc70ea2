"""The /data/ pages: imports, their jobs and reports, templates and exports."""

from django.urls import path

from . import views

app_name = "dataio"
urlpatterns = [
    path("import/<str:kind>/", views.import_start, name="import_start"),
    path("imports/<uuid:job_id>/", views.import_job, name="import_job"),
    path("imports/<uuid:job_id>/report/", views.import_report, name="import_report"),
    path("imports/<uuid:job_id>/confirm/", views.import_confirm, name="import_confirm"),
    path("imports/<uuid:job_id>/cancel/", views.import_cancel, name="import_cancel"),
    path("templates/<str:kind>/", views.template_download, name="template"),
    path("export/<str:kind>.<str:fmt>", views.export, name="export"),
]
