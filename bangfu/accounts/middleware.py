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
    SESSION_ABSOLUTE_LIFETIME, and records the signed-in user in the request context.

    The idle stamp (`last_seen`) is rewritten only when it is SESSION_STAMP_SECONDS (60)
    old or more, so the session row is written at most once a minute per user, not on
    every request (SESSION_SAVE_EVERY_REQUEST is off)."""

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
                from .authentication import logout_user

                context.update(user_id=user.pk, username=user.username, role=user.role)
                logout_user(request=request, reason=reason)
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": _("Your session has ended.")}, status=401)
                messages.info(request, _("Your session has ended. Please sign in again."))
                return redirect(settings.LOGIN_URL)
            if (
                now - last_seen >= settings.SESSION_STAMP_SECONDS
                or "last_seen" not in request.session
            ):
                # at most once a minute: a page view within the minute writes nothing (the
                # session is saved only when modified), so readers do not queue on writes
                request.session["last_seen"] = now
            context.update(user_id=user.pk, username=user.username, role=user.role)
        return self.get_response(request)


# Where a signed-in user whose second factor is not yet given may go: the code and enrolment
# pages, the QR, signing out and switching the language.
SECOND_FACTOR_OPEN = frozenset(
    {"accounts:otp", "accounts:otp_enrol", "accounts:otp_qr", "accounts:logout", "set_language"}
)


class SecondFactorMiddleware:
    """A session signed in with the password alone, for an account that needs a second
    factor, reaches nothing but the factor pages until the code is given: pages redirect to
    the code page (or enrolment), the API answers 401, the admin site likewise redirects.
    Must come after django-otp's OTPMiddleware and SessionLifetimeMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.urls import Resolver404, resolve, reverse
        from django.utils.http import urlencode

        from . import second_factor

        user = getattr(request, "user", None)
        request.second_factor_pending = False
        if user is None or not user.is_authenticated or second_factor.is_verified(request):
            return self.get_response(request)
        # The role is read on every request (a role changed mid-session counts at once);
        # whether an optional user enrolled is remembered by the session.
        needed = second_factor.required(user) or request.session.get(second_factor.SESSION_NEEDED)
        if needed is None:
            needed = request.session[second_factor.SESSION_NEEDED] = second_factor.has_device(user)
        if not needed:
            return self.get_response(request)
        request.second_factor_pending = True
        try:
            name = resolve(request.path_info).view_name
        except Resolver404:
            name = ""
        if name in SECOND_FACTOR_OPEN:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {
                    "detail": _("Give your second-factor code on the sign-in page first."),
                    "code": "otp_required",
                },
                status=401,
            )
        target = request.get_full_path() if request.method == "GET" else ""
        url = reverse("accounts:otp")
        return redirect(f"{url}?{urlencode({'next': target})}" if target else url)


class AccountLanguageMiddleware:
    """The signed-in user's language (the account's choice) over the browser's and the
    cookie's; the cookie follows it, so that the sign-in page after signing out keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        user = getattr(request, "user", None)
        chosen = getattr(user, "language", "") if user is not None else ""
        if chosen and user.is_authenticated:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        response = self.get_response(request)
        if chosen and user.is_authenticated:
            name = settings.LANGUAGE_COOKIE_NAME
            if request.COOKIES.get(name) != chosen and not response.cookies.get(name):
                response.set_cookie(
                    name,
                    chosen,
                    max_age=settings.LANGUAGE_COOKIE_AGE,
                    samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                    secure=settings.LANGUAGE_COOKIE_SECURE,
                    httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                )
        return response
