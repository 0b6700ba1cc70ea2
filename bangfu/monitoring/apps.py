"""The monitoring app: relapse monitoring (防返贫监测): cases, steps, measures, follow-up visits."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "bangfu.monitoring"
    label = "monitoring"
    verbose_name = _("relapse monitoring")
