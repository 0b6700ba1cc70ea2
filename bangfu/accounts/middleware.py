"""Session lifetime: idle timeout and an absolute lifetime (SECURITY.md §3)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from bangfu.core import context


class SessionLifetimeMiddleware:
    """Ends a session idle for longer than SESSION_IDLE_TIMEOUT or older than
    SESSION_ABSOLUTE_LIFETIME, and records the signed-in user in the request context."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            login_at = request.session.setdefault("login_at", now)
            last_seen = request.session.get("last_seen", now)
            reason = None
            if now - login_at > settings.SESSION_ABSOLUTE_LIFETIME.total_seconds():
                reason = "session_expired"
            elif now - last_seen > settings.SESSION_IDLE_TIMEOUT.total_seconds():
                reason = "session_idle"
            if reason:
                from .services import logout_user

                context.update(user_id=user.pk, username=user.username, role=user.role)
                logout_user(request=request, reason=reason)
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": _("Your session has ended.")}, status=401)
                messages.info(request, _("Your session has ended. Please sign in again."))
                return redirect(settings.LOGIN_URL)
            request.session["last_seen"] = now
            context.update(user_id=user.pk, username=user.username, role=user.role)
        return self.get_response(request)
