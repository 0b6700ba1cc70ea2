from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "bangfu.accounts"
    label = "accounts"
    verbose_name = "accounts"

    def ready(self):
        from . import checks  # noqa: F401  (registers the audit trail's system checks)
