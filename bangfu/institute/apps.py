"""The institute's line of work: the service network and technical help to households."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstituteConfig(AppConfig):
    name = "bangfu.institute"
    label = "institute"
    verbose_name = _("institute's technical help")

    def ready(self):
        """Give attachment 7 (assistance, a layer below) the tech-help columns."""
        from bangfu.assistance.io import statistics

        from .indicators import statistics_columns

        statistics.register_extra_columns(statistics_columns())
