"""View guards. Data scope is the selectors' job; these check the role may act at all."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from . import audit
from .roles import can


def capability_required(capability: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, capability):
                audit.record(
                    event="access_denied",
                    object_type="page",
                    object_repr=request.path[:200],
                    outcome="denied",
                    detail=f"needs {capability}",
                )
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
