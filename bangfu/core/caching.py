"""Figures computed once per state of the data: kept until the audit trail has a new change.

Every change to business data writes its audit row in the same transaction
(`BusinessModel.save`/`delete`, the imports' rows in bulk, the services' own events), and on
PostgreSQL an advisory lock held to the commit makes the rows follow one another in commit
order. So the newest change row of the trail names a state of the data: while it is the
same row, no change has been committed since. Its MAC (`hash`) covers its content, its
time and the row before it, so it also tells one database from another, and a rolled-back
row from the one that took its place.

`while_unchanged(name, parts, compute)` reads that head, from the database the figures are
read from (the replica inside `replica_reads`: a replica's figures go with the replica's
trail), and keeps `compute()`'s result in the default cache under the head, the name,
`parts` (everything else the result depends on: the user (`user_parts`), the filters) and
what any result may depend on: the day, the language and the script prefix. The head is
read *before* the figures are, so a result is never older than the head it is kept under.
The next change row makes the next request compute afresh; reads, exports, sign-ins and
denials do not (`accounts.audit.head`). `FIGURES_CACHE_SECONDS` bounds how long any result
is kept (0 turns the cache off), for a change that would bypass the trail (there should be
none: bangfu writes business data through its services).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import router
from django.urls import get_script_prefix
from django.utils import timezone, translation
from django.utils.functional import cached_property

from . import auditing

PREFIX = "bangfu:figures:"
_MISSING = object()


def head(model) -> str:
    """The MAC of the audit trail's newest change row, on the database `model` is read from."""
    return auditing.head(router.db_for_read(model) or "default")


def user_parts(user) -> tuple:
    """What a user's figures depend on: who (results are never shared between users), the
    role, the county and the helper that set the scope."""
    return (user.pk, user.role, user.county_id, getattr(user, "helper_id", None))


def while_unchanged[T](name: str, parts: tuple, compute: Callable[[], T], *, model) -> T:
    """`compute()`, or what it gave for the same `parts` since the last change of the data.

    `model` is the model whose database the figures are read from (its router's choice)."""
    seconds = settings.FIGURES_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    using = router.db_for_read(model) or "default"
    state = auditing.head(using)
    context = (timezone.localdate(), translation.get_language(), get_script_prefix())
    digest = hashlib.sha256(repr((name, using, state, context, parts)).encode()).hexdigest()
    key = PREFIX + digest
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, seconds)
    return value


class KeptCountPaginator(Paginator):
    """A paginator whose count (a `COUNT(*)` over the whole filtered list: 0.1 s at 5 million
    records) is kept until the data changes. The key is the count's own SQL and parameters,
    which hold the user's scope and filters, so the same query gets the same count."""

    @cached_property
    def count(self) -> int:
        query = getattr(self.object_list, "query", None)
        if query is None:  # not a queryset
            return super().count
        sql, params = query.sql_with_params()
        model = self.object_list.model
        count = Paginator.count.func  # the plain count, on this paginator
        return while_unchanged("count", (sql, repr(params)), lambda: count(self), model=model)
