"""Pairing actions, from proposal to end: one function per action, in one audited transaction.

The five-helper rule is kept by the database (models/pairings.py); `pairing_activate` locks
the village row and takes the lowest free slot, retrying in a savepoint if another request
took the same slot first, and refuses — naming the helpers present — when none is left.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts.guards import require
from bangfu.accounts.selectors import offices_for
from bangfu.core.notifications import notify
from bangfu.places.models import Division, Programme
from bangfu.places.programme import current_programme

from ..models import (
    CLOSED_STATUSES,
    MAX_SLOTS,
    Agreement,
    Pairing,
    Relay,
    SiteVisit,
    Status,
    pathway_value,
)
from .rules import (
    check_capacity,
    check_dates,
    check_duplicate,
    check_eligibility,
    check_focus,
    may_edit_content,
    may_manage,
    next_number,
    slot_holders,
    village_full_error,
    village_is_eligible,
)


def pairing_propose(
    *,
    user,
    helper,
    village: Division,
    start_date: dt.date,
    focus: str = "",
    content: str = "",
    pathways=(),
    end_date: dt.date | None = None,
    capacity_reason: str = "",
    eligibility_reason: str = "",
    programme: Programme | None = None,
    predecessor: Pairing | None = None,
    visit: SiteVisit | None = None,
) -> Pairing:
    """A new pairing, proposed: checks scope, eligibility, duplicates, room, capacity, focus."""
    require(may_manage(user, village.county_id), "pairing.manage", village)
    pairing = Pairing(
        programme=programme or current_programme(),
        helper=helper,
        village=village,
        start_date=start_date,
        end_date=end_date,
        focus=(focus or "").strip(),
        content=(content or "").strip(),
        pathways=pathway_value(pathways),
        capacity_reason=(capacity_reason or "").strip(),
        eligibility_reason=(eligibility_reason or "").strip(),
        predecessor=predecessor,
        created_by=user if getattr(user, "pk", None) else None,
    )
    if village.level != "village":
        raise ValidationError({"village": _("Choose a village.")})
    check_dates(pairing)
    with transaction.atomic():
        Division.objects.select_for_update().filter(pk=village.pk).first()
        check_duplicate(pairing)
        if predecessor is None:
            check_eligibility(user, pairing)
            holders = list(slot_holders(village.pk))
            if len(holders) >= pairing.programme.max_helpers_per_village:
                raise village_full_error(
                    village, holders, pairing.programme.max_helpers_per_village
                )
        check_capacity(pairing)
        check_focus(pairing)
        for _attempt in range(5):
            pairing.number = next_number(village.county.code, start_date.year)
            try:
                with transaction.atomic():
                    pairing.save()
                break
            except IntegrityError:
                pairing.pk = None
                pairing._state.adding = True
                if Pairing.objects.filter(number=pairing.number).exists():
                    continue
                raise
        if visit is not None and visit.pairing_id is None:
            visit.pairing = pairing
            visit.save(update_fields=["pairing"])
    return pairing


def pairing_update(*, user, pairing: Pairing, **fields) -> Pairing:
    """Edit focus, content, pathways or dates while the pairing is open."""
    require(may_edit_content(user, pairing), "pairing.edit", pairing)
    if pairing.is_closed:
        raise ValidationError(_("This pairing has ended; it can no longer be changed."))
    manager_only = {"start_date", "end_date", "capacity_reason", "eligibility_reason"}
    if manager_only & set(fields) and not may_manage(user, pairing.county_id):
        require(False, "pairing.manage", pairing)
    with transaction.atomic():
        for name, value in fields.items():
            if name == "pathways":
                pairing.pathway_list = value
            elif isinstance(value, str):
                setattr(pairing, name, value.strip())
            else:
                setattr(pairing, name, value)
        check_dates(pairing)
        early = pairing.plan_items.filter(due_date__lt=pairing.start_date).first()
        if early is not None:
            raise ValidationError(
                {
                    "start_date": _(
                        "The plan item “%(item)s” is due on %(due)s, before this start."
                    )
                    % {"item": early.what, "due": early.due_date}
                }
            )
        check_focus(pairing)
        pairing.save()
    return pairing


def pairing_agree(*, user, pairing: Pairing) -> Pairing:
    """The parties agree on the terms: proposed → agreed (the agreement can now be signed)."""
    require(may_manage(user, pairing.county_id), "pairing.manage", pairing)
    if pairing.status != Status.PROPOSED:
        raise ValidationError(_("Only a proposed pairing can be agreed."))
    with transaction.atomic():
        check_focus(pairing)
        pairing.status = Status.AGREED
        pairing.save(update_fields=["status"])
    return pairing


def _take_slot(pairing: Pairing) -> None:
    """Give `pairing` the lowest free slot of its village, or refuse naming the holders."""
    limit = min(pairing.programme.max_helpers_per_village, MAX_SLOTS)
    for _attempt in range(MAX_SLOTS + 1):
        holders = list(slot_holders(pairing.village_id).exclude(pk=pairing.pk))
        taken = {p.slot for p in holders}
        free = [s for s in range(1, limit + 1) if s not in taken]
        if not free:
            raise village_full_error(pairing.village, holders, limit)
        pairing.slot = free[0]
        try:
            with transaction.atomic():
                pairing.save(update_fields=["status", "slot", "activated_on"])
            return
        except IntegrityError:
            # Another request took that slot between our read and our write: look again.
            pairing.version = Pairing.objects.get(pk=pairing.pk).version
            continue
    raise village_full_error(pairing.village, list(slot_holders(pairing.village_id)), limit)


def pairing_activate(*, user, pairing: Pairing, on: dt.date | None = None) -> Pairing:
    """agreed → active, with a signed agreement on file and a free slot; a relay's successor
    ends its predecessor the same day, so the village is never uncovered."""
    require(may_manage(user, pairing.county_id), "pairing.manage", pairing)
    on = on or timezone.localdate()
    if pairing.status not in (Status.PROPOSED, Status.AGREED):
        raise ValidationError(
            _("Only a proposed or agreed pairing can become active (this one is %(status)s).")
            % {"status": pairing.get_status_display()}
        )
    if not Agreement.objects.filter(pairing=pairing).exists():
        raise ValidationError(
            _("Upload the signed agreement first: a pairing becomes active only with it on file."),
            code="no_agreement",
        )
    with transaction.atomic():
        # Serialise activations per village on PostgreSQL (SQLite: one writer at a time).
        Division.objects.select_for_update().filter(pk=pairing.village_id).first()
        pairing = Pairing.objects.select_related("programme", "village", "helper").get(
            pk=pairing.pk
        )
        if pairing.status not in (Status.PROPOSED, Status.AGREED):
            raise ValidationError(_("This pairing was changed meanwhile; reload the page."))
        check_focus(pairing)
        relay = None
        if pairing.predecessor_id:
            relay = Relay.objects.filter(successor=pairing).first()
            old = pairing.predecessor
            if old.status in (Status.ACTIVE, Status.SUSPENDED):
                old.status = Status.RELAYED
                old.slot = None
                old.ended_on = on
                old.end_reason = relay.reason if relay else _("relayed")
                old.save(update_fields=["status", "slot", "ended_on", "end_reason"])
        pairing.status = Status.ACTIVE
        pairing.activated_on = on
        _take_slot(pairing)
        if relay is not None:
            relay.state = Relay.State.DONE
            relay.closed_on = on
            relay.save(update_fields=["state", "closed_on"])
    return pairing


def pairing_suspend(*, user, pairing: Pairing, reason: str) -> Pairing:
    """active → suspended: help paused; the helper keeps its slot."""
    require(may_manage(user, pairing.county_id), "pairing.manage", pairing)
    if pairing.status != Status.ACTIVE:
        raise ValidationError(_("Only an active pairing can be suspended."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})
    with transaction.atomic():
        pairing.status = Status.SUSPENDED
        pairing.end_reason = reason.strip()
        pairing.save(update_fields=["status", "end_reason"])
        _alert_if_uncovered(pairing)
    return pairing


def pairing_resume(*, user, pairing: Pairing) -> Pairing:
    require(may_manage(user, pairing.county_id), "pairing.manage", pairing)
    if pairing.status != Status.SUSPENDED:
        raise ValidationError(_("Only a suspended pairing can resume."))
    with transaction.atomic():
        pairing.status = Status.ACTIVE
        pairing.end_reason = ""
        pairing.save(update_fields=["status", "end_reason"])
    return pairing


def pairing_end(*, user, pairing: Pairing, reason: str, on: dt.date | None = None) -> Pairing:
    """End a pairing (village exited, agreement fulfilled, withdrawn …) with its reason."""
    require(may_manage(user, pairing.county_id), "pairing.manage", pairing)
    if pairing.status in CLOSED_STATUSES:
        raise ValidationError(_("This pairing has already ended."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for ending.")})
    on = on or timezone.localdate()
    if on < pairing.start_date:
        raise ValidationError({"on": _("A pairing cannot end before it starts.")})
    with transaction.atomic():
        Division.objects.select_for_update().filter(pk=pairing.village_id).first()
        pairing.status = Status.ENDED
        pairing.slot = None
        pairing.ended_on = on
        pairing.end_reason = reason.strip()
        pairing.save(update_fields=["status", "slot", "ended_on", "end_reason"])
        _cancel_relays(pairing, _("the pairing ended"))
        _alert_if_uncovered(pairing)
    return pairing


def _cancel_relays(pairing: Pairing, note: str) -> None:
    for relay in Relay.objects.filter(
        pairing=pairing, state__in=[Relay.State.OPEN, Relay.State.HANDING_OVER]
    ):
        relay.state = Relay.State.CANCELLED
        relay.closed_on = timezone.localdate()
        relay.note = note
        relay.save(update_fields=["state", "closed_on", "note"])


def _alert_if_uncovered(pairing: Pairing) -> int:
    """When a poor village's last active pairing stops, tell its county office and the city."""
    if Pairing.objects.active().filter(village_id=pairing.village_id).exists():
        return 0
    if not village_is_eligible(pairing.village):
        return 0
    village = pairing.village
    return notify(
        users=offices_for(county_id=pairing.county_id),
        kind="village_uncovered",
        title=_("%(village)s (%(township)s) has no active helper")
        % {"village": village.name, "township": village.parent.name},
        body=_("%(helper)s stopped on %(date)s: %(reason)s")
        % {
            "helper": pairing.helper.name,
            "date": pairing.ended_on or timezone.localdate(),
            "reason": pairing.end_reason,
        },
        url=f"/pairings/coverage/?county={pairing.county.code}",
        email=True,
    )
