"""The field app's addresses, under /field/ (the service worker's scope)."""

from django.urls import path

from . import views

app_name = "field"

urlpatterns = [
    path("", views.app, name="app"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="sw"),
    path("api/data/", views.data, name="data"),
    path("api/sync/", views.sync, name="sync"),
]
