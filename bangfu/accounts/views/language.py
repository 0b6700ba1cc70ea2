"""Choosing the pages' language: kept on the account when signed in, in a cookie always."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from ..services import user_language_set


@require_POST
def language_choose(request):
    """Switch the language (Django's set_language: cookie and redirect to `next`) and, for a
    signed-in user, remember the choice on the account so that every sign-in uses it."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated:
        try:
            user_language_set(user=request.user, language=language)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
    return set_language(request)
