"""Password rules beyond Django's own (SECURITY.md §1)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CLASSES = (
    re.compile(r"[a-z]"),
    re.compile(r"[A-Z]"),
    re.compile(r"[0-9]"),
    re.compile(r"[^a-zA-Z0-9]"),
)


class CharacterClassValidator:
    """At least three of: lower case, upper case, digits, other characters.

    A long passphrase (20 characters or more) is accepted with fewer classes.
    """

    def __init__(self, min_classes: int = 3, passphrase_length: int = 20):
        self.min_classes = min_classes
        self.passphrase_length = passphrase_length

    def validate(self, password, user=None):
        if len(password) >= self.passphrase_length:
            return
        if sum(1 for rx in CLASSES if rx.search(password)) < self.min_classes:
            raise ValidationError(
                _(
                    "The password must mix at least %(n)d of: lower-case letters, upper-case "
                    "letters, digits and other characters (or be a passphrase of %(m)d "
                    "characters or more)."
                )
                % {"n": self.min_classes, "m": self.passphrase_length},
                code="password_classes",
            )

    def get_help_text(self):
        return _("Mix at least three of lower case, upper case, digits and other characters.")


class NotUsernameValidator:
    """The password may not contain the username, forwards or backwards."""

    def validate(self, password, user=None):
        username = (getattr(user, "username", "") or "").lower()
        if len(username) >= 3:
            low = password.lower()
            if username in low or username[::-1] in low:
                raise ValidationError(
                    _("The password may not contain the username."), code="password_username"
                )

    def get_help_text(self):
        return _("The password may not contain the username.")
