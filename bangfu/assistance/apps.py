"""The assistance part's Django app: records of help, their review, projects, the forms."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "bangfu.assistance"
    label = "assistance"
    verbose_name = _("assistance")
