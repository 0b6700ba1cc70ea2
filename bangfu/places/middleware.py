"""The middleware that answers 404 to a scope parameter outside the user's scope.

On every page and API endpoint, through `selectors.scope_params_for_user` (docs/DECISIONS.md
"Foreign scope parameters").
"""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _

from bangfu.accounts.roles import can

from . import selectors


class ScopeParamsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not any(request.GET.get(name) for name in (*selectors.SCOPE_PARAMS, "helper")):
            return None
        user = _api_token_user(request) or getattr(request, "user", None)
        if not can(user, "business.read"):
            return None
        try:
            selectors.scope_params_for_user(user=user, params=request.GET)
        except Http404 as exc:
            if request.path.startswith("/api/"):
                detail = (
                    _("No such division in your scope.")
                    if str(exc) == "No such division"
                    else _("Not found.")
                )
                return JsonResponse({"detail": detail}, status=404)
            raise
        return None


def _api_token_user(request):
    """The account of an API token, so that token clients meet the same rule as sessions
    (DRF authenticates a token only inside the view, after this middleware). A missing or bad
    token gives None: the view then answers DRF's own 401."""
    if not request.path.startswith("/api/"):
        return None
    from rest_framework.authentication import TokenAuthentication
    from rest_framework.exceptions import AuthenticationFailed

    try:
        found = TokenAuthentication().authenticate(request)
    except AuthenticationFailed:
        return None
    if not found:
        return None
    from bangfu.core import context

    user = found[0]
    # the denial below is audited under the token's account, as DRF's permission would set it
    context.update(user_id=user.pk, username=user.username, role=user.role)
    return user
