"""Helpers shared by the oversight pages: paging a list, refusing readers who are not offices."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator

from bangfu.visits import permissions

PAGE_SIZE = 50


def page_of(request, qs):
    """The requested page of `qs` and the query string without `page` (for the pager links)."""
    query = request.GET.copy()
    query.pop("page", None)
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")), query.urlencode()


def require_reader(user) -> None:
    """Visits and the follow-up board are the offices' pages: 403 for anybody else."""
    if not permissions.may_read_oversight(user):
        raise PermissionDenied
