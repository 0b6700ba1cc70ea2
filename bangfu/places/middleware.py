"""A scope parameter outside the user's scope answers 404 (docs/DECISIONS.md "Foreign scope
parameters"), on every page and API endpoint, through `selectors.scope_params_for_user`."""

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
        user = getattr(request, "user", None)
        if not can(user, "business.read") or not any(
            request.GET.get(name) for name in selectors.SCOPE_PARAMS
        ):
            return None
        try:
            selectors.scope_params_for_user(user=user, params=request.GET)
        except Http404:
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("No such division in your scope.")}, status=404)
            raise
        return None
