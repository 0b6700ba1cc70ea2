"""Pages of the registry, under /registry/ (names in the registry namespace)."""

from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("villages/", views.village_list, name="villages"),
    path("villages/<str:code>/", views.village_detail, name="village"),
    path("villages/<str:code>/edit/", views.village_edit, name="village_edit"),
    path("households/", views.household_list, name="households"),
    path("households/new/", views.household_edit, name="household_create"),
    path("households/<str:ref>/", views.household_detail, name="household"),
    path("households/<str:ref>/edit/", views.household_edit, name="household_edit"),
    path("households/<str:ref>/reveal/", views.household_reveal, name="household_reveal"),
    path("households/<str:ref>/members/new/", views.member_edit, name="member_create"),
    path("households/<str:ref>/members/<int:member_id>/", views.member_edit, name="member_edit"),
]
