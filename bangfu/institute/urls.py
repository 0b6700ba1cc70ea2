"""The institute's pages under /institute/: the service network and technical help."""

from django.urls import path

from .views import network, visits

app_name = "institute"
urlpatterns = [
    path("network/", network.point_list, name="points"),
    path("network/network.xlsx", network.point_export, name="points_export"),
    path("network/new/", network.point_create, name="point_create"),
    path("network/<int:pk>/", network.point_detail, name="point"),
    path("network/<int:pk>/edit/", network.point_edit, name="point_edit"),
    path("network/<int:pk>/staff/new/", network.staff_add, name="staff_add"),
    path(
        "network/<int:pk>/staff/<int:staff_pk>/remove/",
        network.staff_remove,
        name="staff_remove",
    ),
    path("network/<int:pk>/not-reached/", network.not_reached, name="not_reached"),
    path("visits/", visits.visit_list, name="visits"),
    path("visits/new/", visits.visit_create, name="visit_create"),
    path("visits/<int:pk>/", visits.visit_detail, name="visit"),
    path("visits/<int:pk>/edit/", visits.visit_edit, name="visit_edit"),
    path("households/", visits.households, name="households"),
]
