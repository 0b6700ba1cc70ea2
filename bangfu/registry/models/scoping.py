"""The registry's scoped querysets: rows in a user's scope through their `county` column."""

from __future__ import annotations

from django.db import models

from bangfu.places.models import scope_q


class ScopedQuerySet(models.QuerySet):
    """Rows in the user's scope through the `county` column (county officers: theirs)."""

    helper_visible = False

    def for_user(self, user):
        q = scope_q(user, county_field="county", helper_visible=self.helper_visible)
        return self if q is None else self.filter(q)
