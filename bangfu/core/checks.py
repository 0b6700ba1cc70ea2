"""System checks that keep a production start honest."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def encryption_keys_configured(app_configs, **kwargs):
    """With DEBUG=0, the field-encryption and keyed-hash keys must come from the environment."""
    if settings.DEBUG:
        return []
    from django.core.exceptions import ImproperlyConfigured

    from . import crypto

    errors = []
    for name, loader in (
        ("FIELD_ENCRYPTION_KEYS", crypto.encryption_keys),
        ("FIELD_HASH_KEY", crypto.hash_key),
    ):
        loader.cache_clear()
        try:
            loader()
        except ImproperlyConfigured as exc:
            errors.append(
                Error(
                    str(exc),
                    hint=f"Set {name} to base64 of 32 random bytes, e.g. `python -c 'import base64,os;print(base64.urlsafe_b64encode(os.urandom(32)).decode())'`.",
                    id="bangfu.E001",
                )
            )
    return errors
