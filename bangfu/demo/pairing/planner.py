"""The demo pairing planner: pairings by village, their helpers, items, visits and relays."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from django.utils import timezone

from bangfu.demo.helpers.plan import DEMO_HELPER_USCC
from bangfu.helpers.models import Helper
from bangfu.pairing.models import MAX_SLOTS, Status, pathway_value
from bangfu.registry.models import VillageProfile

from .coverage import Coverage
from .items import Items
from .plan import (
    COVERED_SHARE,
    EXTRA_ENDED,
    EXTRA_PENDING,
    FIRST_SIGNING,
    DemoHelper,
    DemoVillage,
    PairingPlan,
    PlannedAgreement,
    PlannedPairing,
    PlannedRelay,
    RelaySpec,
    Spec,
)
from .sitevisits import SiteVisits
from .words import DONE_REASONS, END_REASONS, FOCUSES, GIVEN, SURNAMES, Focus


def load_inputs() -> tuple[list[DemoVillage], list[DemoHelper]]:
    """The villages with their registry profile, and the helpers, in a fixed order."""

    rows = VillageProfile.objects.order_by("village__code").values_list(
        "village__code",
        "village__name",
        "village__parent__name",
        "village__county__code",
        "village__county__name",
        "is_registered_poor",
        "exited_on",
        "households_poor",
        "main_industries",
        "resources",
    )
    villages = [
        DemoVillage(code, name.removesuffix("村民委员会").removesuffix("居民委员会"), *rest)
        for code, name, *rest in rows
    ]
    helpers = [
        DemoHelper(*row)
        for row in Helper.objects.order_by("uscc").values_list(
            "uscc", "name", "capacity", "liaison_name"
        )
    ]
    return villages, helpers


def plan_pairings(
    seed: int = 1,
    *,
    villages: Sequence[DemoVillage] | None = None,
    helpers: Sequence[DemoHelper] | None = None,
    today: date | None = None,
    max_helpers: int = MAX_SLOTS,
    last_numbers: dict[str, int] | None = None,
) -> PairingPlan:
    """Every row the pairing demo would write for `seed`, without writing anything.

    `villages` and `helpers` default to the registry in the database (read only); `today`
    to the local date (plan items are due and reported relative to it); `last_numbers` maps
    an agreement-number prefix (KQ + county + year) to the last sequence already taken.
    """
    if villages is None or helpers is None:
        loaded = load_inputs()
        villages = loaded[0] if villages is None else villages
        helpers = loaded[1] if helpers is None else helpers
    planner = _Planner(
        seed,
        list(villages),
        list(helpers),
        today=today or timezone.localdate(),
        max_helpers=min(max_helpers, MAX_SLOTS),
        last_numbers=last_numbers or {},
    )
    return planner.plan()


class _Planner(Coverage, Items, SiteVisits):
    def __init__(
        self,
        seed: int,
        villages: list[DemoVillage],
        helpers: list[DemoHelper],
        *,
        today: date,
        max_helpers: int,
        last_numbers: dict[str, int],
    ):
        self.rng = random.Random(seed)
        self.villages = villages
        self.helpers = helpers
        self.today = today
        self.max_helpers = max_helpers
        self.last_numbers = last_numbers
        self.specs: list[Spec] = []
        self.by_village: dict[str, list[Spec]] = {}
        self.holders: dict[str, list[Spec]] = {}
        self.relays: list[RelaySpec] = []
        self.item_refs = 0
        self.demo_helper = next((h for h in helpers if h.uscc == DEMO_HELPER_USCC), None)

    # -- small draws -------------------------------------------------------------------------

    def day_between(self, low: date, high: date) -> date:
        if high <= low:
            return low
        return low + timedelta(days=self.rng.randint(0, (high - low).days))

    def person(self) -> str:
        rng = self.rng
        return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))

    def start_date(self, latest: date | None = None) -> date:
        """A start in 2017 (a wave before the end of April, the rest until December) or 2018."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            start = self.day_between(date(2017, 4, 21), date(2017, 5, 15))
        elif roll < 0.92:
            start = self.day_between(date(2017, 5, 16), date(2017, 12, 28))
        else:
            start = self.day_between(date(2018, 1, 8), date(2018, 11, 30))
        if latest is not None and start > latest:
            start = self.day_between(date(2017, 4, 21), latest)
        return start

    def pick_focus(self, village: DemoVillage) -> Focus:
        """A focus no other pairing of the village has (services._check_focus), preferably
        one that suits the village's industries."""
        used = {s.focus.focus for s in self.by_village.get(village.code, ())}
        pool = [f for f in FOCUSES if f.focus not in used]
        weights = [4 if any(w in village.industries for w in f.words) else 1 for f in pool]
        return self.rng.choices(pool, weights=weights)[0]

    def add(self, village: DemoVillage, status: str, start: date, **kw) -> Spec:
        """A pairing; one that was ever active signed its agreement on the start or up to a
        week before, not before mid-April 2017, and became active that day."""
        focus = kw.pop("focus", None) or self.pick_focus(village)
        spec = Spec(village, focus, status, start, **kw)
        if status not in (Status.PROPOSED, Status.AGREED):
            spec.activated = max(FIRST_SIGNING, start - timedelta(days=self.rng.randint(0, 7)))
        self.specs.append(spec)
        self.by_village.setdefault(village.code, []).append(spec)
        return spec

    def add_ended(self, village: DemoVillage, ended_on: date, reason: str) -> Spec:
        start = self.start_date(latest=ended_on - timedelta(days=120))
        spec = self.add(village, Status.ENDED, start)
        spec.ended_on = max(ended_on, start + timedelta(days=90))
        spec.end_reason = reason
        if "期满" in reason:
            spec.end_date = spec.ended_on
        return spec

    def add_pending(self, village: DemoVillage) -> Spec:
        start = self.today + timedelta(days=self.rng.randint(-30, 60))
        return self.add(village, self.rng.choice((Status.PROPOSED, Status.AGREED)), start)

    # -- the whole plan ----------------------------------------------------------------------

    def plan(self) -> PairingPlan:
        rng = self.rng
        poor = [v for v in self.villages if v.is_poor and v.exited_on is None]
        exited = [v for v in self.villages if v.is_poor and v.exited_on is not None]
        rng.shuffle(poor)
        n_covered = round(len(poor) * COVERED_SHARE)
        covered, uncovered = poor[:n_covered], poor[n_covered:]

        demo_villages = self.plan_covered(covered)
        others = [v for v in covered if v not in demo_villages]
        rng.shuffle(others)
        others = self.plan_relays(others)
        self.plan_suspended(others)
        for village in rng.sample(covered, min(EXTRA_ENDED, len(covered))):
            ended = self.day_between(date(2018, 6, 1), date(2021, 6, 30))
            self.add_ended(village, ended, rng.choice((*DONE_REASONS, END_REASONS[0])))
        roomy = [v for v in covered if len(self.holders[v.code]) < self.max_helpers]
        for village in rng.sample(roomy, min(EXTRA_PENDING, len(roomy))):
            self.add_pending(village)
        never = self.plan_uncovered(uncovered)
        self.plan_exited(exited)

        self.assign_helpers()
        self.assign_slots()
        self.assign_numbers()
        for spec in sorted(self.specs, key=lambda s: s.predecessor is not None):
            self.plan_items(spec)  # a successor's after its predecessor's, to inherit them
        pairings = tuple(self.freeze(spec) for spec in self.specs)
        relays = tuple(
            PlannedRelay(
                r.old.ref,
                r.reason,
                r.reported_on,
                r.state,
                r.successor.ref if r.successor else None,
                r.closed_on,
                r.note,
            )
            for r in self.relays
        )
        return PairingPlan(pairings, relays, tuple(self.visits(never)))

    # -- freezing and visits -----------------------------------------------------------------

    def freeze(self, spec: Spec) -> PlannedPairing:
        helper = spec.helper
        assert helper is not None
        focus, content = spec.focus.focus, spec.focus.content
        if spec.predecessor is not None:
            # the old pairing is still open while the successor is proposed and agreed: each
            # states its own focus (services._check_focus)
            focus = f"接续{focus}"
            content = f"接续原帮扶主体的帮扶工作，完成移交的规划事项。{content}"
        agreement = None
        if spec.activated is not None:
            agreement = PlannedAgreement(
                signed_on=spec.activated,
                helper_signatory=helper.liaison_name or self.person(),
                village_signatory=self.person(),
            )
        return PlannedPairing(
            ref=spec.ref,
            number=spec.number,
            helper_uscc=helper.uscc,
            village_code=spec.village.code,
            focus=focus,
            content=content,
            pathways=pathway_value(spec.pathways),
            status=str(spec.status),
            slot=spec.slot,
            start_date=spec.start,
            end_date=spec.end_date,
            activated_on=spec.activated,
            ended_on=spec.ended_on,
            end_reason=spec.end_reason,
            predecessor=spec.predecessor.ref if spec.predecessor else None,
            capacity_reason=spec.capacity_reason,
            eligibility_reason=spec.eligibility_reason,
            agreement=agreement,
            items=tuple(spec.items),
        )
