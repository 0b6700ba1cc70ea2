"""Scoped reads of suggestion runs and suggested pairs (a county office: its county's)."""

from __future__ import annotations

from django.http import Http404

from ..models import FitWeights, Suggestion, SuggestionRun
from ..suggestions.fit import DEFAULT_WEIGHTS, reason_text


def runs_for_user(*, user):
    return SuggestionRun.objects.for_user(user).select_related("county", "user")


def run_get_for_user(*, user, public_id) -> SuggestionRun:
    run = runs_for_user(user=user).filter(public_id=public_id).first()
    if run is None:
        raise Http404
    return run


def suggestions_of_run(*, user, run: SuggestionRun, state: str | None = None):
    qs = (
        Suggestion.objects.for_user(user)
        .filter(run=run)
        .select_related("helper", "village", "village__parent", "county", "pairing")
    )
    if state:
        qs = qs.filter(state=state)
    return qs


def suggestion_get_for_user(*, user, run: SuggestionRun, pk: int) -> Suggestion:
    found = suggestions_of_run(user=user, run=run).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def reasons_in_words(suggestion: Suggestion) -> list[str]:
    """The suggestion's reasons in the reader's language, the village's need first."""
    lead = []
    if suggestion.first_helper:
        lead.append(reason_text("first", None))
    return lead + [reason_text(*r) for r in suggestion.reasons]


def weights_for_page() -> FitWeights:
    return FitWeights.objects.order_by("pk").first() or FitWeights(**DEFAULT_WEIGHTS)
