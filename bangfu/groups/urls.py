"""Pages of the leading groups (attachment 3) and demonstration villages (attachment 4)."""

from django.urls import path

from bangfu.groups import views

app_name = "groups"

urlpatterns: list = [
    path("roster/", views.roster, name="roster"),
    path("roster/<str:county>/new/", views.roster_member_create, name="roster_member_create"),
    path("roster/<str:county>/form.xlsx", views.roster_download, name="roster_download"),
    path("roster/members/<int:pk>/", views.roster_member_edit, name="roster_member_edit"),
    path(
        "roster/members/<int:pk>/remove/", views.roster_member_remove, name="roster_member_remove"
    ),
    path("demonstration/", views.demonstration, name="demonstration"),
    path("demonstration/form.xlsx", views.demonstration_download, name="demonstration_download"),
    path(
        "demonstration/districts/<int:region_pairing>/",
        views.demonstration_recommend,
        name="demonstration_recommend",
    ),
    path(
        "demonstration/<int:pk>/<str:action>/",
        views.demonstration_select,
        name="demonstration_select",
    ),
]
