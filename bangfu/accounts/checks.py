"""System checks for the audit trail (SECURITY.md §11-12)."""

from django.conf import settings
from django.core.checks import Error, register

MIN_RETENTION_DAYS = 183  # the Cybersecurity Law: network logs kept at least six months


@register()
def audit_key_configured(app_configs, **kwargs):
    """With DEBUG=0 the audit MAC key must come from the environment, never the database."""
    if settings.DEBUG:
        return []
    from django.core.exceptions import ImproperlyConfigured

    from . import audit_chain

    audit_chain.mac_keys.cache_clear()
    try:
        audit_chain.mac_keys()
    except ImproperlyConfigured as exc:
        return [
            Error(
                str(exc),
                hint="Set AUDIT_MAC_KEY to base64 of 32 random bytes, e.g. `python -c "
                "'import base64,os;print(base64.urlsafe_b64encode(os.urandom(32)).decode())'`, "
                "and keep it outside the database and its backups.",
                id="bangfu.E010",
            )
        ]
    return []


@register()
def audit_retention(app_configs, **kwargs):
    days = settings.AUDIT_RETENTION_DAYS
    if days < MIN_RETENTION_DAYS:
        return [
            Error(
                f"AUDIT_RETENTION_DAYS is {days}; audit rows must be kept at least "
                f"{MIN_RETENTION_DAYS} days (six months).",
                hint=f"Set AUDIT_RETENTION_DAYS to {MIN_RETENTION_DAYS} or more.",
                id="bangfu.E011",
            )
        ]
    return []
