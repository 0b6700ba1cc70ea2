"""Middleware shared by every page and API call."""

from __future__ import annotations

import logging
import re

from django.conf import settings

from . import auditing, context

log = logging.getLogger("bangfu.audit")


def client_address(request) -> str:
    """The client's address; X-Forwarded-For is trusted only behind declared proxies."""
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        parts = [p.strip() for p in forwarded.split(",") if p.strip()]
        if len(parts) >= hops:
            return parts[-hops]
    return request.META.get("REMOTE_ADDR", "") or ""


def proxy_request_id(request) -> str:
    """The proxy's X-Request-ID, trusted (like X-Forwarded-For) only behind declared
    proxies and only when it is a plain token: otherwise a client could write request ids
    of its choosing into the audit trail and the logs."""
    if not settings.TRUSTED_PROXY_COUNT:
        return ""
    value = request.META.get("HTTP_X_REQUEST_ID", "")[:32]
    return value if re.fullmatch(r"[A-Za-z0-9._-]+", value) else ""


def _is_admin(path: str) -> bool:
    """Whether a path is on the admin site, wherever urls.py mounts it (/sysadmin/)."""
    from django.urls import NoReverseMatch, reverse

    try:
        return path.startswith(reverse("admin:index"))
    except NoReverseMatch:
        return False


class RequestContextMiddleware:
    """Gives every request an id and records who acts from where, for audit and logs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = proxy_request_id(request) or context.new_request_id()
        path = request.path_info
        channel = "api" if path.startswith("/api/") else "admin" if _is_admin(path) else "web"
        request.request_id = request_id
        token = context.set_context(
            context.RequestContext(
                address=client_address(request), request_id=request_id, channel=channel
            )
        )
        auditing.start_denial_queue()
        try:
            response = self.get_response(request)
        finally:
            # the view's transactions have ended: a denial they rolled back is written now
            try:
                auditing.flush_denials()
            except Exception:
                log.exception("a denied request's audit row could not be written")
            context.reset_context(token)
        response["X-Request-ID"] = request_id
        return response


class NoStoreMiddleware:
    """Pages behind login may carry personal data: browsers and proxies must not keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(query) -> bool:
    return any(
        "\x00" in key or any(isinstance(v, str) and "\x00" in v for v in values)
        for key, values in query.lists()
    )


class RejectNulMiddleware:
    """A NUL byte in the address, the query string or a form's fields is never data:
    PostgreSQL refuses it in text, so it would fail deep in a query or a save (a server
    error; SQLite would store it). Answer 400 at once (JSON under /api/). A form is read
    here as the CSRF check reads it anyway; JSON bodies are left to the serializers, whose
    text fields refuse NUL."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        form = request.method == "POST" and request.content_type in FORM_TYPES
        if (
            "\x00" in request.path_info
            or _has_nul(request.GET)
            or (form and _has_nul(request.POST))
        ):
            from django.http import HttpResponseBadRequest, JsonResponse
            from django.utils.translation import gettext as _

            message = _("A request may not contain a NUL character.")
            if request.path_info.startswith("/api/"):
                return JsonResponse(
                    {"detail": message}, status=400, json_dumps_params={"ensure_ascii": False}
                )
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
