from django.apps import AppConfig


class HelpersConfig(AppConfig):
    name = "bangfu.helpers"
    label = "helpers"
    verbose_name = "helpers"
