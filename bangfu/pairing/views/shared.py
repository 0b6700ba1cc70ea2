"""What the pairing and assistance pages share: a page of rows, a filter form, a simple action."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError

from bangfu.core.caching import KeptCountPaginator

PAGE_SIZE = 50


def page_of(request, qs):
    """The requested page of `qs`, and the query string without `page` (for the page links)."""
    query = request.GET.copy()
    query.pop("page", None)
    return KeptCountPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page")), query.urlencode()


def form_filters(form) -> dict:
    """A filter form's values that were given (nothing when the form is not valid)."""
    return {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}


def run_action(request, service, done: str, **target) -> bool:
    """Call `service(user=request.user, **target)`: its refusal (a ValidationError) becomes
    error messages, else `done` a success message. Whether the action went through."""
    try:
        service(user=request.user, **target)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    messages.success(request, done)
    return True
