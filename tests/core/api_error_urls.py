"""A URL configuration for tests/core/test_api_errors.py: the real one plus views that fail."""

from django.core.exceptions import SuspiciousOperation
from django.urls import path
from rest_framework.decorators import api_view

from bangfu.urls import handler400, handler403, handler404, handler500  # noqa: F401
from bangfu.urls import urlpatterns as bangfu_urlpatterns


@api_view(["GET"])
def api_boom(request):
    raise RuntimeError("an unexpected failure")


@api_view(["GET"])
def api_suspicious(request):
    raise SuspiciousOperation("a malformed request")


def page_boom(request):
    raise RuntimeError("an unexpected failure")


urlpatterns = [
    path("api/v1/boom/", api_boom),
    path("api/v1/suspicious/", api_suspicious),
    path("boom/", page_boom),
    *bangfu_urlpatterns,
]
