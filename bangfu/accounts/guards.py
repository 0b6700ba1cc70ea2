"""The permission guard every service uses: refuse, write the audit row, raise 403."""

from django.core.exceptions import PermissionDenied

from . import audit


def require(allowed: bool, what: str, obj=None) -> None:
    """Raise PermissionDenied(`what`) unless `allowed`, recording the refusal in the audit."""
    if not allowed:
        audit.record(event="access_denied", obj=obj, outcome="denied", detail=what)
        raise PermissionDenied(what)
