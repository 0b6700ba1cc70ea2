"""Pairing actions: one function per business action, each in one audited transaction.

The five-helper rule is kept by the database (models.py); `pairing_activate` locks the
village row and takes the lowest free slot, retrying in a savepoint if another request took
the same slot first, and refuses — naming the helpers present — when none is left.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts.guards import require
from bangfu.accounts.roles import Role, can
from bangfu.accounts.selectors import offices_for
from bangfu.core.notifications import notify
from bangfu.core.uploads import store_evidence
from bangfu.places.models import Division, Programme
from bangfu.places.programme import current_programme

from .models import (
    CLOSED_STATUSES,
    MAX_SLOTS,
    Agreement,
    Pairing,
    PlanItem,
    PlanProgress,
    Relay,
    SiteVisit,
    Status,
    pathway_value,
)

# --------------------------------------------------------------------------- who may act


def may_manage(user, county_id: int | None) -> bool:
    """Offices and the institute manage pairings; a county office only in its county."""
    if not can(user, "pairing.manage"):
        return False
    return user.role != Role.COUNTY or user.county_id == county_id


def may_edit_content(user, pairing: Pairing) -> bool:
    """Focus, content, plan and progress: the managers, and the pairing's own helper."""
    if may_manage(user, pairing.county_id):
        return True
    return (
        getattr(user, "role", None) == Role.HELPER
        and user.is_active
        and user.helper_id is not None
        and user.helper_id == pairing.helper_id
    )


# --------------------------------------------------------------------------- helpers


def _village_profile(village: Division):
    from bangfu.registry.models import VillageProfile

    return VillageProfile.objects.filter(village=village).first()


def village_is_eligible(village: Division) -> bool:
    """A registered poor village that has not exited (seed §四(一))."""
    profile = _village_profile(village)
    return bool(profile and profile.is_registered_poor and profile.exited_on is None)


def slot_holders(village_id: int):
    return (
        Pairing.objects.holding_slot()
        .filter(village_id=village_id)
        .select_related("helper")
        .order_by("slot")
    )


def _full_error(village: Division, holders, limit: int) -> ValidationError:
    names = "、".join(p.helper.name for p in holders)
    return ValidationError(
        _(
            "%(village)s already has %(n)d helpers (%(names)s); a village may have at most "
            "%(max)d. End or relay one of them first."
        )
        % {"village": village.name, "n": len(holders), "names": names, "max": limit},
        code="village_full",
    )


def _norm(text: str) -> str:
    return "".join((text or "").split()).casefold()


def _check_focus(pairing: Pairing) -> None:
    """With more than one helper, each states its own focus and content (seed §四(一))."""
    others = list(
        Pairing.objects.open()
        .filter(village_id=pairing.village_id)
        .exclude(pk__in=[pairing.pk, pairing.predecessor_id])  # a successor takes its place
        .select_related("helper")
    )
    if not others:
        return
    errors = {}
    if not pairing.focus.strip():
        errors["focus"] = _(
            "%(village)s has other helpers (%(names)s): state this helper's own focus."
        ) % {"village": pairing.village.name, "names": "、".join(o.helper.name for o in others)}
    else:
        same = [o for o in others if _norm(o.focus) == _norm(pairing.focus)]
        if same:
            errors["focus"] = _("%(helper)s already has the focus “%(focus)s” in this village.") % {
                "helper": same[0].helper.name,
                "focus": same[0].focus,
            }
    if not pairing.content.strip():
        errors["content"] = _("With more than one helper, each pairing states its own content.")
    if errors:
        raise ValidationError(errors)


def _check_duplicate(pairing: Pairing) -> None:
    clash = (
        Pairing.objects.open()
        .filter(helper_id=pairing.helper_id, village_id=pairing.village_id)
        .exclude(pk=pairing.pk)
        .first()
    )
    if clash is not None:
        raise ValidationError(
            _("%(helper)s already has an open pairing with %(village)s (%(number)s).")
            % {
                "helper": pairing.helper.name,
                "village": pairing.village.name,
                "number": clash.number,
            },
            code="duplicate",
        )


def helper_load(helper) -> int:
    """Villages a helper has taken on: its open pairings."""
    return Pairing.objects.open().filter(helper=helper).count()


def _check_capacity(pairing: Pairing) -> None:
    load = Pairing.objects.open().filter(helper_id=pairing.helper_id).exclude(pk=pairing.pk).count()
    if load >= pairing.helper.capacity and not pairing.capacity_reason.strip():
        raise ValidationError(
            {
                "capacity_reason": _(
                    "%(helper)s means to help %(capacity)d villages and already has %(load)d. "
                    "Confirm with a reason to go past it."
                )
                % {"helper": pairing.helper.name, "capacity": pairing.helper.capacity, "load": load}
            },
            code="capacity",
        )


def _check_eligibility(user, pairing: Pairing) -> None:
    if village_is_eligible(pairing.village):
        pairing.eligibility_reason = ""
        return
    if not pairing.eligibility_reason.strip():
        raise ValidationError(
            {
                "eligibility_reason": _(
                    "%(village)s is not a registered poor village or has exited; only the county "
                    "office may pair it, with a reason."
                )
                % {"village": pairing.village.name}
            },
            code="not_eligible",
        )
    if not can(user, "pairing.override"):
        raise ValidationError(
            {
                "eligibility_reason": _(
                    "Only the county office may pair a village that is not (or no longer) poor."
                )
            },
            code="not_eligible",
        )


def _next_number(county_code: str, year: int) -> str:
    prefix = f"KQ{county_code}{year}"
    last = (
        Pairing.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{seq:04d}"


def _validate_dates(pairing: Pairing) -> None:
    if pairing.end_date and pairing.end_date < pairing.start_date:
        raise ValidationError({"end_date": _("The planned end comes after the start.")})


# --------------------------------------------------------------------------- pairings


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
    _validate_dates(pairing)
    with transaction.atomic():
        Division.objects.select_for_update().filter(pk=village.pk).first()
        _check_duplicate(pairing)
        if predecessor is None:
            _check_eligibility(user, pairing)
            holders = list(slot_holders(village.pk))
            if len(holders) >= pairing.programme.max_helpers_per_village:
                raise _full_error(village, holders, pairing.programme.max_helpers_per_village)
        _check_capacity(pairing)
        _check_focus(pairing)
        for _attempt in range(5):
            pairing.number = _next_number(village.county.code, start_date.year)
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
        _validate_dates(pairing)
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
        _check_focus(pairing)
        pairing.save()
    return pairing


def pairing_agree(*, user, pairing: Pairing) -> Pairing:
    """The parties agree on the terms: proposed → agreed (the agreement can now be signed)."""
    require(may_manage(user, pairing.county_id), "pairing.manage", pairing)
    if pairing.status != Status.PROPOSED:
        raise ValidationError(_("Only a proposed pairing can be agreed."))
    with transaction.atomic():
        _check_focus(pairing)
        pairing.status = Status.AGREED
        pairing.save(update_fields=["status"])
    return pairing


def agreement_upload(
    *,
    user,
    pairing: Pairing,
    upload,
    signed_on: dt.date,
    helper_signatory: str = "",
    village_signatory: str = "",
) -> Agreement:
    """Keep the signed agreement (PDF or image). A newer scan replaces the one on file; the
    older file stays stored and its replacement is in the audit trail."""
    require(may_edit_content(user, pairing), "agreement.upload", pairing)
    if pairing.is_closed:
        raise ValidationError(_("This pairing has ended; it can no longer be changed."))
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("The signing date cannot be in the future.")})
    with transaction.atomic():
        stored = store_evidence(upload, user=user)
        agreement = Agreement.objects.filter(pairing=pairing).first() or Agreement(pairing=pairing)
        agreement.scan = stored
        agreement.signed_on = signed_on
        agreement.helper_signatory = (helper_signatory or "").strip()
        agreement.village_signatory = (village_signatory or "").strip()
        agreement.save()
    return agreement


def _take_slot(pairing: Pairing) -> None:
    """Give `pairing` the lowest free slot of its village, or refuse naming the holders."""
    limit = min(pairing.programme.max_helpers_per_village, MAX_SLOTS)
    for _attempt in range(MAX_SLOTS + 1):
        holders = list(slot_holders(pairing.village_id).exclude(pk=pairing.pk))
        taken = {p.slot for p in holders}
        free = [s for s in range(1, limit + 1) if s not in taken]
        if not free:
            raise _full_error(pairing.village, holders, limit)
        pairing.slot = free[0]
        try:
            with transaction.atomic():
                pairing.save(update_fields=["status", "slot", "activated_on"])
            return
        except IntegrityError:
            # Another request took that slot between our read and our write: look again.
            pairing.version = Pairing.objects.get(pk=pairing.pk).version
            continue
    raise _full_error(pairing.village, list(slot_holders(pairing.village_id)), limit)


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
        _check_focus(pairing)
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


# --------------------------------------------------------------------------- plan


def plan_item_save(*, user, pairing: Pairing, item: PlanItem | None = None, **fields) -> PlanItem:
    require(may_edit_content(user, pairing), "plan.edit", pairing)
    if pairing.is_closed:
        raise ValidationError(_("This pairing has ended; its plan can no longer change."))
    item = item or PlanItem(pairing=pairing)
    for name, value in fields.items():
        setattr(item, name, value.strip() if isinstance(value, str) else value)
    item.pairing = pairing
    if item.due_date and item.due_date < pairing.start_date:
        raise ValidationError(
            {
                "due_date": _("Due on %(due)s, before the pairing starts (%(start)s).")
                % {"due": item.due_date, "start": pairing.start_date}
            }
        )
    with transaction.atomic():
        item.full_clean(exclude=["pairing", "achieved", "done_on", "inherited_from"])
        item.save()
    return item


def plan_progress_add(
    *, user, item: PlanItem, reported_on: dt.date, value, note: str = "", uploads=()
) -> PlanProgress:
    """Report the value reached so far; the item's state follows from the latest report."""
    require(may_edit_content(user, item.pairing), "plan.progress", item.pairing)
    if item.pairing.is_closed:
        raise ValidationError(_("This pairing has ended; its plan can no longer change."))
    if reported_on > timezone.localdate():
        raise ValidationError(
            {"reported_on": _("A progress report cannot be dated in the future.")}
        )
    if value < 0:
        raise ValidationError({"value": _("The value reached cannot be negative.")})
    with transaction.atomic():
        files = [store_evidence(u, user=user) for u in uploads]
        progress = PlanProgress.objects.create(
            item=item,
            reported_on=reported_on,
            value=value,
            note=(note or "").strip(),
            reported_by=user if getattr(user, "pk", None) else None,
        )
        if files:
            progress.files.add(*files)
        latest = item.progress.order_by("-reported_on", "-id").first()
        item.achieved = latest.value
        if item.achieved >= item.target_value and item.done_on is None:
            item.done_on = latest.reported_on
        elif item.achieved < item.target_value:
            item.done_on = None
        item.save(update_fields=["achieved", "done_on"])
    return progress


# --------------------------------------------------------------------------- site visits


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


# --------------------------------------------------------------------------- relays


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
