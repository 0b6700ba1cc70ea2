"""The accounts app: users, roles, sign-in security and the audit trail."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "bangfu.accounts"
    label = "accounts"
    verbose_name = "accounts"

    def ready(self):
        from bangfu.core import auditing

        from . import audit, checks  # noqa: F401  (checks registers the audit trail's system checks)

        auditing.install(audit)  # core's models, requests and commands write through it
