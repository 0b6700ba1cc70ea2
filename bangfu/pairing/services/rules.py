"""Who may act on a pairing, and the checks every pairing action shares (slots, focus, capacity)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from bangfu.accounts.roles import Role, can
from bangfu.places.models import Division

from ..models import Pairing

# --------------------------------------------------------------------------- who may act


def may_manage(user, county_id: int | None) -> bool:
    """Offices and the institute manage pairings; a county office only in its county."""
    if not can(user, "pairing.manage"):
        return False
    return user.role != Role.COUNTY or user.county_id == county_id


def is_own_helper(user, helper_id: int | None) -> bool:
    """An active liaison of that very helper (pairing and assistance both ask it)."""
    return (
        getattr(user, "role", None) == Role.HELPER
        and user.is_active
        and user.helper_id is not None
        and user.helper_id == helper_id
    )


def may_edit_content(user, pairing: Pairing) -> bool:
    """Focus, content, plan and progress: the managers, and the pairing's own helper."""
    return may_manage(user, pairing.county_id) or is_own_helper(user, pairing.helper_id)


# --------------------------------------------------------------------------- checks


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


def village_full_error(village: Division, holders, limit: int) -> ValidationError:
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


def check_focus(pairing: Pairing) -> None:
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


def check_duplicate(pairing: Pairing) -> None:
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


def check_capacity(pairing: Pairing) -> None:
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


def check_eligibility(user, pairing: Pairing) -> None:
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


def next_number(county_code: str, year: int) -> str:
    prefix = f"KQ{county_code}{year}"
    last = (
        Pairing.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{seq:04d}"


def check_dates(pairing: Pairing) -> None:
    if pairing.end_date and pairing.end_date < pairing.start_date:
        raise ValidationError({"end_date": _("The planned end comes after the start.")})
