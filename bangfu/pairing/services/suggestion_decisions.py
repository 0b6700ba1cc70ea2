"""Deciding suggestions: accept (a proposed pairing, through `pairing_propose` and its rules),
reject with a reason (the pair stays out of later runs); the fit weights; opened villages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts.guards import require
from bangfu.places.models import Division
from bangfu.places.programme import current_programme

from ..models import MAX_SLOTS, FitWeights, Pairing, Suggestion, VillageOpening
from ..suggestions.access import may_open_village, may_set_weights, may_suggest
from ..suggestions.fit import reason_text
from .pairings import pairing_propose
from .rules import may_manage


def _open_pairings_full(suggestion: Suggestion, limit: int) -> None:
    """A village takes at most `limit` open pairings from suggestions (read under its lock)."""
    present = list(
        Pairing.objects.open().filter(village_id=suggestion.village_id).select_related("helper")
    )
    if len(present) >= limit:
        names = "、".join(p.helper.name for p in present)
        raise ValidationError(
            _(
                "%(village)s already has %(n)d helpers (%(names)s); a village may have at most "
                "%(max)d. End or relay one of them first."
            )
            % {"village": suggestion.village.name, "n": len(present), "names": names, "max": limit},
            code="village_full",
        )


def suggestion_accept(
    *, user, suggestion: Suggestion, start_date: dt.date | None = None
) -> Pairing:
    """The suggested pair becomes a proposed pairing, with every rule of `pairing_propose`."""
    require(
        may_suggest(user) and may_manage(user, suggestion.county_id), "pairing.manage", suggestion
    )
    start_date = start_date or timezone.localdate()
    with transaction.atomic():
        Division.objects.select_for_update().filter(pk=suggestion.village_id).first()
        suggestion = Suggestion.objects.select_related("village", "helper", "run").get(
            pk=suggestion.pk
        )
        if suggestion.state != Suggestion.State.OPEN:
            raise ValidationError(
                _("This suggestion has already been decided (%(state)s).")
                % {"state": suggestion.get_state_display()},
                code="decided",
            )
        programme = current_programme()
        _open_pairings_full(suggestion, min(programme.max_helpers_per_village, MAX_SLOTS))
        opening = VillageOpening.objects.filter(village_id=suggestion.village_id).first()
        reasons = "；".join(reason_text(*r) for r in suggestion.reasons)
        pairing = pairing_propose(
            user=user,
            helper=suggestion.helper,
            village=suggestion.village,
            start_date=start_date,
            focus=suggestion.focus,
            content=_("Suggested pairing (fit %(score)d): %(reasons)s")
            % {"score": suggestion.score, "reasons": reasons},
            eligibility_reason=opening.reason if opening else "",
            programme=programme,
        )
        suggestion.state = Suggestion.State.ACCEPTED
        suggestion.pairing = pairing
        suggestion.decided_by = user
        suggestion.save(update_fields=["state", "pairing", "decided_by"])
    return pairing


def suggestion_accept_many(
    *, user, suggestions, start_date: dt.date | None = None
) -> tuple[list[Pairing], list[tuple[Suggestion, str]]]:
    """Accept each in its own transaction; returns the pairings made and the refusals."""
    made, refused = [], []
    for s in suggestions:
        try:
            made.append(suggestion_accept(user=user, suggestion=s, start_date=start_date))
        except ValidationError as exc:
            refused.append((s, " ".join(exc.messages)))
    return made, refused


def suggestion_reject(*, user, suggestion: Suggestion, reason: str) -> Suggestion:
    """Reject a suggested pair with its reason: later runs leave the pair out."""
    require(
        may_suggest(user) and may_manage(user, suggestion.county_id), "pairing.manage", suggestion
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for rejecting.")})
    with transaction.atomic():
        suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
        if suggestion.state != Suggestion.State.OPEN:
            raise ValidationError(_("This suggestion has already been decided."), code="decided")
        suggestion.state = Suggestion.State.REJECTED
        suggestion.reject_reason = reason
        suggestion.decided_by = user
        suggestion.save(update_fields=["state", "reject_reason", "decided_by"])
    return suggestion


def fit_weights_update(*, user, values: dict[str, int]) -> FitWeights:
    """The city office sets the points of each part of the fit."""
    require(may_set_weights(user), "pairing.weights")
    with transaction.atomic():
        row = FitWeights.objects.select_for_update().order_by("pk").first() or FitWeights()
        for name in FitWeights.FIELDS:
            if name in values:
                value = int(values[name])
                if not 0 <= value <= 100:
                    raise ValidationError({name: _("Between 0 and 100 points.")})
                setattr(row, name, value)
        row.save()
    return row


def village_open(*, user, village: Division, reason: str) -> VillageOpening:
    """The county office opens a village that is not (or no longer) poor for suggestions."""
    require(
        may_open_village(user) and may_manage(user, village.county_id), "pairing.override", village
    )
    if village.level != "village":
        raise ValidationError({"village": _("Choose a village.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for opening the village.")})
    with transaction.atomic():
        opening = VillageOpening.objects.filter(village=village).first()
        if opening is None:
            opening = VillageOpening(village=village, county_id=village.county_id, opened_by=user)
        opening.reason = reason
        opening.opened_by = user
        opening.save()
    return opening
