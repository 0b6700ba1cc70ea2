"""The helpers app: the register of helpers (帮扶主体) and their liaisons."""

from django.apps import AppConfig


class HelpersConfig(AppConfig):
    name = "bangfu.helpers"
    label = "helpers"
    verbose_name = "helpers"
