"""The demo app: its management commands (`setup_demo`, `demo_data`); it has no models."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "bangfu.demo"
    label = "demo"
    verbose_name = "demo data"
