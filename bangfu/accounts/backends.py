"""The sign-in backend: only active accounts that have a role (no superuser in production)."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class ActiveAccountBackend(ModelBackend):
    """Django's backend, refusing accounts without a role and superusers in production."""

    def user_can_authenticate(self, user):
        if not super().user_can_authenticate(user):
            return False
        if user.is_superuser and not settings.DEBUG:
            return False
        return bool(user.role) or user.is_superuser
