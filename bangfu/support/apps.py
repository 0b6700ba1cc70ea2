"""The support app: support owed to helpers: subsidised loans and donation receipts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "bangfu.support"
    label = "support"
    verbose_name = _("support for helpers")
