"""The public liaison page, under /public/ (names in the public namespace)."""

from django.urls import path

from . import public_views

app_name = "public"
urlpatterns = [
    path("", public_views.index, name="index"),
]
