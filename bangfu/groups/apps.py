"""The groups app: leading groups, their liaisons, and demonstration villages (attachments 3 and 4)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "bangfu.groups"
    label = "groups"
    verbose_name = _("leading groups")
