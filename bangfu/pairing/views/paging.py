"""What the list pages of pairing and assistance share: a page of rows, a filter form's values."""

from __future__ import annotations

from django.core.paginator import Paginator

PAGE_SIZE = 50


def page_of(request, qs):
    """The requested page of `qs`, and the query string without `page` (for the page links)."""
    query = request.GET.copy()
    query.pop("page", None)
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")), query.urlencode()


def form_filters(form) -> dict:
    """A filter form's values that were given (nothing when the form is not valid)."""
    return {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}
