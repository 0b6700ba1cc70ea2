"""Relays (接力帮扶): report that a helper cannot go on, hand over to a successor, or cancel."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts.guards import require
from bangfu.accounts.selectors import offices_for
from bangfu.core.notifications import notify

from ..models import Pairing, PlanItem, Relay, Status
from .pairings import pairing_propose
from .rules import helper_load, may_edit_content, may_manage


def relay_report(*, user, pairing: Pairing, reason: str) -> Relay:
    """The helper (or the county office for it) reports that it cannot continue."""
    require(may_edit_content(user, pairing), "relay.report", pairing)
    if pairing.status not in (Status.ACTIVE, Status.SUSPENDED):
        raise ValidationError(_("Only an active or suspended pairing can be relayed."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the helper cannot continue.")})
    if Relay.objects.filter(
        pairing=pairing, state__in=[Relay.State.OPEN, Relay.State.HANDING_OVER]
    ).exists():
        raise ValidationError(_("A relay for this pairing is already under way."))
    with transaction.atomic():
        relay = Relay.objects.create(
            pairing=pairing,
            reason=reason.strip(),
            reported_on=timezone.localdate(),
            reported_by=user if getattr(user, "pk", None) else None,
        )
        notify(
            users=offices_for(county_id=pairing.county_id, roles=("county", "institute")),
            kind="relay_reported",
            title=_("%(helper)s cannot continue in %(village)s")
            % {"helper": pairing.helper.name, "village": pairing.village.name},
            body=relay.reason,
            url=relay.get_absolute_url(),
        )
    return relay


def relay_hand_over(
    *,
    user,
    relay: Relay,
    helper,
    start_date: dt.date | None = None,
    focus: str | None = None,
    content: str | None = None,
) -> Pairing:
    """Pick the successor: its pairing links to the old one and inherits the open plan items.
    It becomes active — and the old one relayed, the same day — once its agreement is signed."""
    old = relay.pairing
    require(may_manage(user, old.county_id), "relay.hand_over", old)
    if relay.state != Relay.State.OPEN:
        raise ValidationError(_("This relay is no longer open."))
    if helper.pk == old.helper_id:
        raise ValidationError({"helper": _("Choose another helper than the one leaving.")})
    load = helper_load(helper)
    if load >= helper.capacity:
        raise ValidationError(
            {
                "helper": _(
                    "%(helper)s is at its capacity (%(load)d of %(capacity)d villages); "
                    "choose a helper with room left."
                )
                % {"helper": helper.name, "load": load, "capacity": helper.capacity}
            },
            code="capacity",
        )
    today = timezone.localdate()
    with transaction.atomic():
        successor = pairing_propose(
            user=user,
            helper=helper,
            village=old.village,
            start_date=start_date or today,
            end_date=old.end_date
            if old.end_date and old.end_date >= (start_date or today)
            else None,
            focus=old.focus if focus is None else focus,
            content=old.content if content is None else content,
            pathways=old.pathway_list,
            programme=old.programme,
            predecessor=old,
        )
        for item in old.plan_items.all():
            if item.state() == "done":
                continue
            PlanItem.objects.create(
                pairing=successor,
                what=item.what,
                how=item.how,
                indicator=item.indicator,
                target_value=item.target_value,
                unit=item.unit,
                due_date=max(item.due_date, successor.start_date),
                achieved=item.achieved,
                inherited_from=item,
            )
        relay.successor = successor
        relay.state = Relay.State.HANDING_OVER
        relay.save(update_fields=["successor", "state"])
    return successor


def relay_cancel(*, user, relay: Relay, note: str) -> Relay:
    require(may_manage(user, relay.pairing.county_id), "relay.cancel", relay.pairing)
    if relay.state not in (Relay.State.OPEN, Relay.State.HANDING_OVER):
        raise ValidationError(_("This relay is already closed."))
    with transaction.atomic():
        if relay.successor_id and relay.successor.status in (Status.PROPOSED, Status.AGREED):
            succ = relay.successor
            succ.status = Status.ENDED
            succ.ended_on = timezone.localdate()
            succ.end_reason = _("relay cancelled")
            succ.save(update_fields=["status", "ended_on", "end_reason"])
        relay.state = Relay.State.CANCELLED
        relay.closed_on = timezone.localdate()
        relay.note = (note or "").strip()
        relay.save(update_fields=["state", "closed_on", "note"])
    return relay
