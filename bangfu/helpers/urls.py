"""The helpers' pages under /helpers/."""

from django.urls import path

from . import views

app_name = "helpers"
urlpatterns = [
    path("", views.helper_list, name="list"),
    path("new/", views.helper_edit, name="create"),
    path("options/", views.helper_options, name="options"),
    path("<str:uscc>/", views.helper_detail, name="detail"),
    path("<str:uscc>/edit/", views.helper_edit, name="edit"),
]
