"""The places' pages under /places/."""

from django.urls import path

from . import views

app_name = "places"
urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("programmes/", views.programmes, name="programmes"),
    path("villages/options/", views.village_options, name="village_options"),
    path("<str:code>/", views.division_detail, name="division"),
    path("<str:code>/children/", views.division_children, name="children"),
]
