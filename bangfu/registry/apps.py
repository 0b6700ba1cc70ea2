"""The registry app: village profiles, poor households and their members (建档立卡)."""

from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "bangfu.registry"
    label = "registry"
    verbose_name = "registry"
