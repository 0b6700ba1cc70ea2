from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "bangfu.dashboard"
    label = "dashboard"
    verbose_name = "dashboard"
