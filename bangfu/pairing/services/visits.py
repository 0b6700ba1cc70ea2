"""Site visits (考察调研): recorded by the offices, or by the helper itself."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts.guards import require
from bangfu.accounts.roles import Role
from bangfu.core.uploads import store_evidence
from bangfu.places.models import Division

from ..models import SiteVisit
from .rules import may_manage


def site_visit_save(
    *, user, helper, village: Division, visit: SiteVisit | None = None, uploads=(), **fields
) -> SiteVisit:
    """Record a visit before pairing (考察调研): by the offices, or by the helper itself."""
    own_helper = getattr(user, "role", None) == Role.HELPER and user.helper_id == helper.pk
    require(may_manage(user, village.county_id) or own_helper, "visit.edit", village)
    visit = visit or SiteVisit()
    visit.helper = helper
    visit.village = village
    for name, value in fields.items():
        setattr(visit, name, value.strip() if isinstance(value, str) else value)
    if visit.visited_on and visit.visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("A visit cannot be dated in the future.")})
    with transaction.atomic():
        visit.full_clean(exclude=["county", "pairing", "files"])
        files = [store_evidence(u, user=user) for u in uploads]
        visit.save()
        if files:
            visit.files.add(*files)
    return visit
