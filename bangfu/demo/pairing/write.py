"""Writing the demo pairings: pairings, agreements (with their PDF), plan items, visits, relays."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import Count, Q

from bangfu.accounts import audit
from bangfu.core.uploads import store_generated
from bangfu.helpers.models import Helper
from bangfu.pairing.models import (
    MAX_SLOTS,
    SLOT_STATUSES,
    Agreement,
    Pairing,
    PlanItem,
    PlanProgress,
    Relay,
    SiteVisit,
    Status,
)
from bangfu.places.models import Division, Level, Programme
from bangfu.registry.models import VillageProfile

from .agreement import agreement_pdf
from .planner import load_inputs, plan_pairings


def pairing_counts(programme=None) -> dict[str, int]:

    pairings = Pairing.objects.all()
    if programme is not None:
        pairings = pairings.filter(programme=programme)
    by_status = dict(pairings.values_list("status").annotate(n=Count("id")))
    poor = VillageProfile.objects.filter(is_registered_poor=True, exited_on__isnull=True)
    covered = (
        pairings.filter(status=Status.ACTIVE, village_id__in=poor.values("village_id"))
        .values("village_id")
        .distinct()
        .count()
    )
    full = (
        pairings.filter(status__in=SLOT_STATUSES)
        .values("village_id")
        .annotate(n=Count("id"))
        .filter(n__gte=MAX_SLOTS)
        .count()
    )
    relays = Relay.objects.filter(pairing__in=pairings)
    relay_states = dict(relays.values_list("state").annotate(n=Count("id")))
    return {
        "pairings": sum(by_status.values()),
        "active": by_status.get(Status.ACTIVE, 0),
        "suspended": by_status.get(Status.SUSPENDED, 0),
        "pending": by_status.get(Status.PROPOSED, 0) + by_status.get(Status.AGREED, 0),
        "ended": by_status.get(Status.ENDED, 0),
        "relayed": by_status.get(Status.RELAYED, 0),
        "poor_villages": poor.count(),
        "covered": covered,
        "full": full,
        "past_capacity": pairings.exclude(capacity_reason="").count(),
        "agreements": Agreement.objects.filter(pairing__in=pairings).count(),
        "plan_items": PlanItem.objects.filter(pairing__in=pairings).count(),
        "progress": PlanProgress.objects.filter(item__pairing__in=pairings).count(),
        "visits": SiteVisit.objects.filter(
            Q(pairing__in=pairings) | Q(pairing__isnull=True)
        ).count(),
        "relays": sum(relay_states.values()),
        "relays_done": relay_states.get(Relay.State.DONE, 0),
        "relays_open": relay_states.get(Relay.State.OPEN, 0),
        "relays_handing_over": relay_states.get(Relay.State.HANDING_OVER, 0),
    }


@transaction.atomic
def demo_pairings(
    *, seed: int = 1, progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Pair the demo registry's villages and helpers for `seed`; returns the counts afterwards
    with `created`, the pairings written by this call.

    Does nothing (created 0) when there is no current programme, no poor village or helper,
    or the current programme already has pairings. `progress` is called with (rows written,
    rows to write).
    """

    programme = Programme.objects.filter(is_current=True).first()
    if programme is None:
        return {**pairing_counts(), "created": 0}
    if Pairing.objects.filter(programme=programme).exists():
        return {**pairing_counts(programme), "created": 0}
    villages, helpers = load_inputs()
    if not helpers or not any(v.is_poor for v in villages):
        return {**pairing_counts(programme), "created": 0}
    last_numbers: dict[str, int] = {}
    for number in Pairing.objects.filter(number__startswith="KQ").values_list("number", flat=True):
        prefix, seq = number[:-4], number[-4:]
        if seq.isdigit():
            last_numbers[prefix] = max(last_numbers.get(prefix, 0), int(seq))
    plan = plan_pairings(
        seed,
        villages=villages,
        helpers=helpers,
        max_helpers=programme.max_helpers_per_village,
        last_numbers=last_numbers,
    )

    division = dict(Division.objects.filter(level=Level.VILLAGE).values_list("code", "id"))
    county_of = dict(Division.objects.filter(level=Level.VILLAGE).values_list("code", "county_id"))
    helper_id = dict(Helper.objects.values_list("uscc", "id"))
    items_total = sum(len(p.items) for p in plan.pairings)
    total = (
        len(plan.pairings) * 2
        + items_total
        + sum(len(i.progress) for p in plan.pairings for i in p.items)
        + len(plan.visits)
        + len(plan.relays)
    )
    done = 0

    def step(rows: int) -> None:
        nonlocal done
        done += rows
        if progress:
            progress(done, total)

    # pairings: predecessors first, so that successors can point at them
    pairing_id: dict[int, int] = {}
    for wave in (
        [p for p in plan.pairings if p.predecessor is None],
        [p for p in plan.pairings if p.predecessor is not None],
    ):
        rows = [
            Pairing(
                number=p.number,
                programme=programme,
                helper_id=helper_id[p.helper_uscc],
                village_id=division[p.village_code],
                county_id=county_of[p.village_code],
                focus=p.focus,
                content=p.content,
                pathways=p.pathways,
                status=p.status,
                slot=p.slot,
                start_date=p.start_date,
                end_date=p.end_date,
                activated_on=p.activated_on,
                ended_on=p.ended_on,
                end_reason=p.end_reason,
                predecessor_id=pairing_id[p.predecessor] if p.predecessor else None,
                capacity_reason=p.capacity_reason,
                eligibility_reason=p.eligibility_reason,
                version=1,
            )
            for p in wave
        ]
        Pairing.objects.bulk_create(rows, batch_size=500)
        if rows and rows[0].pk is None:  # a backend without RETURNING
            ids = dict(
                Pairing.objects.filter(number__in=[r.number for r in rows]).values_list(
                    "number", "id"
                )
            )
            for row in rows:
                row.pk = ids[row.number]
        pairing_id.update((p.ref, row.pk) for p, row in zip(wave, rows, strict=True))
        step(len(rows))

    # agreements: one generated PDF each, kept through the storage like an upload
    agreements = []
    for p in plan.pairings:
        if p.agreement is None:
            continue
        a = p.agreement
        data = agreement_pdf(p.number, a.signed_on, p.helper_uscc, p.village_code)
        scan = store_generated(
            data, name=f"帮扶协议_{p.number}.pdf", content_type="application/pdf"
        )
        agreements.append(
            Agreement(
                pairing_id=pairing_id[p.ref],
                signed_on=a.signed_on,
                scan=scan,
                helper_signatory=a.helper_signatory[:32],
                village_signatory=a.village_signatory[:32],
                version=1,
            )
        )
    Agreement.objects.bulk_create(agreements, batch_size=500)
    step(len(plan.pairings))

    # plan items: the originals first, then those inherited from them
    item_id: dict[int, int] = {}
    for inherited in (False, True):
        pairs = [
            (p, i)
            for p in plan.pairings
            for i in p.items
            if (i.inherited_from is not None) is inherited
        ]
        rows = [
            PlanItem(
                pairing_id=pairing_id[p.ref],
                what=i.what,
                how=i.how,
                indicator=i.indicator,
                target_value=i.target_value,
                unit=i.unit,
                due_date=i.due_date,
                achieved=i.achieved,
                done_on=i.done_on,
                inherited_from_id=item_id[i.inherited_from] if inherited else None,
                version=1,
            )
            for p, i in pairs
        ]
        before = PlanItem.objects.order_by("-id").values_list("id", flat=True).first() or 0
        PlanItem.objects.bulk_create(rows, batch_size=1000)
        if rows and rows[0].pk is None:  # a backend without RETURNING: ids in insert order
            ids = list(PlanItem.objects.filter(id__gt=before).order_by("id").values_list("id"))
            for row, (pk,) in zip(rows, ids, strict=True):
                row.pk = pk
        item_id.update((i.ref, row.pk) for (_p, i), row in zip(pairs, rows, strict=True))
        step(len(rows))

    updates = [
        PlanProgress(
            item_id=item_id[i.ref],
            reported_on=u.reported_on,
            value=u.value,
            note=u.note,
            version=1,
        )
        for p in plan.pairings
        for i in p.items
        for u in i.progress
    ]
    PlanProgress.objects.bulk_create(updates, batch_size=1000)
    step(len(updates))

    SiteVisit.objects.bulk_create(
        [
            SiteVisit(
                helper_id=helper_id[v.helper_uscc],
                village_id=division[v.village_code],
                county_id=county_of[v.village_code],
                pairing_id=pairing_id[v.pairing] if v.pairing else None,
                visited_on=v.visited_on,
                participants=v.participants,
                findings=v.findings,
                version=1,
            )
            for v in plan.visits
        ],
        batch_size=1000,
    )
    step(len(plan.visits))

    Relay.objects.bulk_create(
        [
            Relay(
                pairing_id=pairing_id[r.pairing],
                reason=r.reason,
                reported_on=r.reported_on,
                state=r.state,
                successor_id=pairing_id[r.successor] if r.successor else None,
                closed_on=r.closed_on,
                note=r.note,
                version=1,
            )
            for r in plan.relays
        ]
    )
    step(len(plan.relays))

    counts = {**pairing_counts(programme), "created": len(plan.pairings)}
    audit.record(
        event="demo_data",
        object_type="pairing",
        detail=f"demo pairings, seed {seed}: "
        + ", ".join(f"{key} {value}" for key, value in counts.items()),
    )
    return counts
