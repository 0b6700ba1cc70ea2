"""Pages of the leading groups (attachment 3) and demonstration villages (attachment 4)."""

from django.urls import path

from bangfu.groups.views import demonstration, roster

app_name = "groups"

urlpatterns: list = [
    path("roster/", roster.roster, name="roster"),
    path("roster/<str:county>/new/", roster.roster_member_create, name="roster_member_create"),
    path("roster/<str:county>/form.xlsx", roster.roster_download, name="roster_download"),
    path("roster/members/<int:pk>/", roster.roster_member_edit, name="roster_member_edit"),
    path(
        "roster/members/<int:pk>/remove/", roster.roster_member_remove, name="roster_member_remove"
    ),
    path("demonstration/", demonstration.demonstration, name="demonstration"),
    path(
        "demonstration/form.xlsx",
        demonstration.demonstration_download,
        name="demonstration_download",
    ),
    path(
        "demonstration/districts/<int:region_pairing>/",
        demonstration.demonstration_recommend,
        name="demonstration_recommend",
    ),
    path(
        "demonstration/<int:pk>/<str:action>/",
        demonstration.demonstration_select,
        name="demonstration_select",
    ),
]
