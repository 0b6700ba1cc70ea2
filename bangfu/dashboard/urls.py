"""The start page, notifications and the dashboard's pages."""

from django.urls import path

from . import oversight, views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.overview, name="overview"),
    path("dashboard/county/<str:code>/", views.county, name="county"),
    path("oversight/", oversight.index, name="oversight"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
]
