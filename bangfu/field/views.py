"""The field app's pages: the app shell, its manifest and service worker, its lists, sync.

The shell and its lists are cached by the service worker for offline use; the lists and the
sync endpoint answer JSON, and 401 with the sign-in address when the session has ended, so
that the phone keeps its queue and asks the user to sign in before it sends anything.
"""

from __future__ import annotations

import json

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import JsonResponse, RawPostDataException
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bangfu.accounts.roles import can

from .lists import field_lists_for_user
from .sync import sync_one

MAX_ITEMS = 10  # items in one request (the phone sends one at a time)


def _signin_url() -> str:
    return f"{reverse('accounts:login')}?next={reverse('field:app')}"


def _json_guard(request):
    """401 for an ended session, 403 for a role that records nothing; else None."""
    if not request.user.is_authenticated:
        return JsonResponse(
            {"detail": _("Your session has ended: sign in to sync."), "signin": _signin_url()},
            status=401,
        )
    if not can(request.user, "business.read"):
        return JsonResponse({"detail": _("You do not have permission.")}, status=403)
    return None


@require_GET
def app(request):
    """The app shell: the four forms, the queue, the sync button (filled by field.js)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can(request.user, "business.read"):
        raise PermissionDenied
    return render(request, "field/app.html")


@require_GET
def manifest(request):
    """The web app manifest: what makes the app installable from a phone's browser."""
    data = {
        "name": _("bangfu field capture"),
        "short_name": _("bangfu field"),
        "start_url": reverse("field:app"),
        "scope": reverse("field:app"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#198754",
        "lang": "zh-CN",
        "icons": [
            {"src": static(f"field/icon-{n}.png"), "sizes": f"{n}x{n}", "type": "image/png"}
            for n in (192, 512)
        ]
        + [
            {
                "src": static("field/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            }
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")


@require_GET
def service_worker(request):
    """The service worker, served under /field/ so that its scope is the app."""
    response = render(request, "field/sw.js", content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = reverse("field:app")
    return response


@require_GET
def data(request):
    """The forms' lists for the phone's store, with a fresh CSRF token for the sync."""
    denied = _json_guard(request)
    if denied:
        return denied
    user = request.user
    return JsonResponse(
        {
            "user": {"username": user.username, "display": str(user)},
            "csrf": get_token(request),
            "forms": field_lists_for_user(user=user),
        }
    )


@require_POST
def sync(request):
    """Items from the phone's queue: each answered saved, refused (with reasons) or conflict."""
    denied = _json_guard(request)
    if denied:
        return denied
    try:
        raw = request.body
    except RequestDataTooBig:
        return JsonResponse(
            {"detail": _("Too large to send: keep fewer photos with this item.")}, status=413
        )
    except RawPostDataException:  # a form body, read already: not the phone's JSON
        raw = b"{}"
    try:
        body = json.loads(raw or b"{}")
        items = body["items"]
        if not isinstance(items, list):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"detail": _("Send a list of items.")}, status=400)
    if len(items) > MAX_ITEMS:
        return JsonResponse(
            {"detail": _("At most %(n)d items at once.") % {"n": MAX_ITEMS}}, status=400
        )
    results = [sync_one(request, raw) for raw in items]
    return JsonResponse({"results": results})
