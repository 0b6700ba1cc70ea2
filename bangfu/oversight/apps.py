"""The oversight app holds only the migration history of the models that moved to the
visits, support and evaluation apps (their tables keep the oversight_ prefix)."""

from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "bangfu.oversight"
    label = "oversight"
    verbose_name = "oversight (migration history)"
