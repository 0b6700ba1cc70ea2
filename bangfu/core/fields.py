"""Model fields for personal data."""

from __future__ import annotations

from django.db import models

from . import crypto


class EncryptedCharField(models.TextField):
    """Text stored AES-GCM encrypted; the model keeps a keyed hash beside it for lookups.

    Only exact lookups through the hash column make sense; the ciphertext differs on every
    save (random nonce), so it can be neither filtered nor ordered on.
    """

    description = "Encrypted text"

    def __init__(self, *args, max_plain_length: int = 64, **kwargs):
        self.max_plain_length = max_plain_length
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["max_plain_length"] = self.max_plain_length
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt_or_sentinel(
            value, column=f"{self.model._meta.db_table}.{self.column}"
        )

    def to_python(self, value):
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        if isinstance(value, crypto.Undecryptable):
            return value.token  # written back unchanged: never replaced by the placeholder
        return crypto.encrypt(str(value))

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            raise TypeError(f"EncryptedCharField does not support the {lookup_name!r} lookup")
        return super().get_lookup(lookup_name)
