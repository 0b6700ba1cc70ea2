"""The core app: the bottom layer that every app builds on (base models, files, spreadsheets)."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "bangfu.core"
    label = "core"
    verbose_name = "core"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
