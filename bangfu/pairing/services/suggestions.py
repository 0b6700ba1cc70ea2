"""Suggestion runs: start one — at once when small, in the background (`bangfu db_worker`)
otherwise; the run itself is `pairing.suggestions.run`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bangfu.accounts.guards import require
from bangfu.accounts.roles import Role
from bangfu.helpers.models import Helper
from bangfu.places.models import Division
from bangfu.registry.models import VillageProfile

from ..models import SuggestionRun
from ..suggestions.access import may_suggest
from ..suggestions.run import suggestion_run_execute
from ..tasks import run_suggestions

# Above this many (helper with room × village in reach) pairs, a run goes to the worker.
SYNC_PAIRS = 60_000


def _estimate(county_id: int | None) -> int:
    villages = VillageProfile.objects.filter(is_registered_poor=True, exited_on__isnull=True)
    if county_id:
        villages = villages.filter(county_id=county_id)
    return villages.count() * Helper.objects.count()


def suggestion_run_start(*, user, county: Division | None, widened: bool) -> SuggestionRun:
    """A new run for `county` (a county office: always its own) or the whole programme."""
    require(may_suggest(user), "pairing.suggest")
    if user.role == Role.COUNTY:
        if county is not None and county.pk != user.county_id:
            require(False, "pairing.suggest", county)
        county = user.county
    if county is not None and county.level != "county":
        raise ValidationError({"county": _("Choose a county.")})
    run = SuggestionRun.objects.create(user=user, county=county, widened=bool(widened))
    if _estimate(county.pk if county else None) <= SYNC_PAIRS:
        suggestion_run_execute(run_id=run.pk)
        run.refresh_from_db()
    else:
        transaction.on_commit(lambda: run_suggestions.enqueue(run.pk))
    return run
