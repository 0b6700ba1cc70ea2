"""What the institute's pages share: paging a list."""

from __future__ import annotations

from django.core.paginator import Paginator

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def page_of(request, qs):
    """The requested page of `qs` and the query string without `page` (for the pager links)."""
    query = request.GET.copy()
    query.pop("page", None)
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")), query.urlencode()
