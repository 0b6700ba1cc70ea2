"""The visits app: supervision visits, their follow-ups and problems raised by helpers."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "bangfu.visits"
    label = "visits"
    verbose_name = _("supervision visits")

    def ready(self):
        """Put the plan's supervision step (五(三)) on the reporting board."""
        from bangfu.reporting.steps import register

        from .steps import SUPERVISION

        register(SUPERVISION)
