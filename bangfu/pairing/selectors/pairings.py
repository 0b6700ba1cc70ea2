"""Scoped reads of pairings and their parts: lists, one pairing, plans, visits, relays, slots."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from bangfu.helpers.models import Helper
from bangfu.places.models import Division

from ..models import (
    OPEN_STATUSES,
    SLOT_STATUSES,
    ItemState,
    Pairing,
    PlanItem,
    PlanProgress,
    Relay,
    SiteVisit,
    item_state_q,
)

SORTS = {
    "village": ("village__code", "slot", "id"),
    "helper": ("helper__initials", "village__code"),
    "-start": ("-start_date", "-id"),
    "status": ("status", "village__code"),
}


def helper_or_village_q(text: str) -> Q:
    """Rows whose helper or village has `text` in its name, or (Latin letters) whose name's
    pinyin initials start with it: for any model with `helper` and `village` keys."""
    # subqueries on the two small tables, so that each side uses its own index
    if text.isascii() and text.isalpha():
        low = text.lower()
        helpers = Helper.objects.filter(initials__startswith=low)
        villages = Division.objects.filter(level="village", initials__startswith=low)
    else:
        helpers = Helper.objects.filter(name__contains=text)
        villages = Division.objects.filter(level="village", name__contains=text)
    return Q(helper_id__in=helpers.values("id")) | Q(village_id__in=villages.values("id"))


def pairing_list_for_user(*, user, filters: dict | None = None):
    """Pairings in `user`'s scope, filtered: county, township, village (code), helper
    (USCC), status, q (helper or village name / initials)."""
    filters = filters or {}
    qs = Pairing.objects.for_user(user).select_related(
        "helper", "village", "village__parent", "county", "agreement"
    )
    if filters.get("county"):
        qs = qs.filter(county__code=filters["county"])
    if filters.get("township"):
        qs = qs.filter(village__parent__code=filters["township"])
    if filters.get("village"):
        qs = qs.filter(village__code=filters["village"])
    if filters.get("helper"):
        qs = qs.filter(helper__uscc=filters["helper"])
    status = filters.get("status")
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if filters.get("q"):
        qs = qs.filter(helper_or_village_q(filters["q"].strip()))
    return qs.order_by(*SORTS.get(filters.get("sort") or "village", SORTS["village"]))


def pairing_get_for_user(*, user, number: str) -> Pairing:
    from bangfu.registry.selectors import _denied

    obj = (
        Pairing.objects.select_related(
            "helper", "village", "village__parent", "county", "programme", "predecessor"
        )
        .filter(number=number)
        .first()
    )
    if obj is None or not Pairing.objects.for_user(user).filter(pk=obj.pk).exists():
        if obj is not None:
            _denied("pairing.pairing", number)
        raise Http404("No such pairing")
    return obj


def plan_items(*, pairing: Pairing):
    return pairing.plan_items.prefetch_related("progress", "progress__files").order_by(
        "due_date", "id"
    )


def plan_state_counts(qs, today: dt.date | None = None) -> dict[str, int]:
    """Plan items of `qs` (a PlanItem queryset) by state, computed in SQL."""
    today = today or timezone.localdate()
    return qs.aggregate(**{s: Count("id", filter=item_state_q(s, today)) for s in ItemState.values})


def plan_counts_as_of(pairings, day: dt.date) -> dict[int, dict[str, int]]:
    """Plan items per pairing: total, done and late as of `day` (PlanItem.state's rule with
    today = day), in one SQL query.

    `achieved` is the latest value; for a past day the value reached is the latest progress
    reported on or before it, else (an item inherited in a relay, not reported on since)
    the predecessor item's latest value on or before it, else the item's own starting value
    if it has never been reported on. An item counts as done once its target was reached
    (`done_on`) by that day."""
    reported = PlanProgress.objects.filter(reported_on__lte=day).order_by("-reported_on", "-id")
    value = DecimalField(max_digits=14, decimal_places=2)
    as_of = Coalesce(
        Subquery(reported.filter(item_id=OuterRef("pk")).values("value")[:1]),
        Subquery(reported.filter(item_id=OuterRef("inherited_from_id")).values("value")[:1]),
        Case(
            When(
                Exists(PlanProgress.objects.filter(item_id=OuterRef("pk"))),
                then=Value(Decimal("0")),
            ),
            default=F("achieved"),
        ),
        output_field=value,
    )
    done = Q(done_on__lte=day) | Q(reached__gte=F("target_value"))
    rows = (
        PlanItem.objects.filter(pairing_id__in=pairings.values("id"))
        .annotate(reached=as_of)
        .values("pairing_id")
        .annotate(
            total=Count("id"),
            done=Count("id", filter=done),
            late=Count("id", filter=~done & Q(due_date__lt=day)),
        )
        .order_by()
    )
    return {r["pairing_id"]: r for r in rows}


def village_pairings(*, user, village: Division):
    """A village's pairings for its page: slot holders first, then open, then closed."""
    return (
        Pairing.objects.for_user(user)
        .filter(village=village)
        .select_related("helper", "agreement")
        .order_by("slot", "-start_date", "id")
    )


def helper_pairings(*, user, helper: Helper):
    return (
        Pairing.objects.for_user(user)
        .filter(helper=helper)
        .select_related("village", "village__parent", "county", "agreement")
        .order_by("county__code", "village__code", "-id")
    )


def visits_for_user(*, user, filters: dict | None = None):
    filters = filters or {}
    qs = SiteVisit.objects.for_user(user).select_related("helper", "village", "pairing")
    if filters.get("village"):
        qs = qs.filter(village__code=filters["village"])
    if filters.get("helper"):
        qs = qs.filter(helper__uscc=filters["helper"])
    if filters.get("county"):
        qs = qs.filter(county__code=filters["county"])
    return qs.prefetch_related("files")


def relays_for_user(*, user, state: str | None = None):
    qs = Relay.objects.for_user(user).select_related(
        "pairing",
        "pairing__helper",
        "pairing__village",
        "pairing__county",
        "successor",
        "successor__helper",
    )
    if state == "open":
        qs = qs.filter(state__in=[Relay.State.OPEN, Relay.State.HANDING_OVER])
    elif state:
        qs = qs.filter(state=state)
    return qs


def relay_get_for_user(*, user, pk: int) -> Relay:
    from bangfu.registry.selectors import _denied

    obj = relays_for_user(user=user).filter(pk=pk).first()
    if obj is None:
        if Relay.objects.filter(pk=pk).exists():
            _denied("pairing.relay", str(pk))
        raise Http404("No such relay")
    return obj


def with_plan_summary(pairings, today: dt.date | None = None) -> list[Pairing]:
    """The pairings as a list, each with `plan_summary`: its plan items counted by state."""
    today = today or timezone.localdate()
    pairings = list(pairings)
    by_id = {p.pk: p for p in pairings}
    counts: dict[int, dict[str, int]] = {}
    for state in ItemState.values:
        for pairing_id, n in (
            PlanItem.objects.filter(item_state_q(state, today), pairing_id__in=by_id)
            .values("pairing_id")
            .annotate(n=Count("id"))
            .values_list("pairing_id", "n")
        ):
            counts.setdefault(pairing_id, {})[state] = n
    for p in pairings:
        mine = counts.get(p.pk, {})
        p.plan_summary = [
            {"state": s, "label": ItemState(s).label, "n": mine.get(s, 0)}
            for s in ItemState.values
            if mine.get(s)
        ]
    return pairings


def village_slots(*, village: Division) -> dict:
    """Slots used and free for a village's page (free: under the programme's limit)."""
    from bangfu.places.models import Programme

    programme = Programme.objects.filter(is_current=True).first()
    limit = programme.max_helpers_per_village if programme else 5
    used = Pairing.objects.filter(village=village, status__in=SLOT_STATUSES).count()
    return {"used": used, "limit": limit, "free": max(0, limit - used)}
