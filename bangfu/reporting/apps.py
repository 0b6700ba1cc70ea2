"""The reporting app: the report calendar, submissions and their filings (attachments 2–8)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "bangfu.reporting"
    label = "reporting"
    verbose_name = _("reporting")
