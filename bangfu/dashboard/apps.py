"""The dashboard app: the start page, notifications, the indicators' dashboard, the navigation."""

from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "bangfu.dashboard"
    label = "dashboard"
    verbose_name = "dashboard"
