"""Who pairs where in the demo: coverage, relays, suspensions, exits; then helpers, slots, numbers.

`Coverage` is mixed into the pairing planner (`planner._Planner`) and draws from its generator.
"""

from __future__ import annotations

from datetime import date, timedelta

from bangfu.pairing.models import MAX_SLOTS, SLOT_STATUSES, Relay, Status

from .plan import (
    DEMO_HELPER_COUNTY,
    DEMO_HELPER_PAIRINGS,
    EXITED_ENDED_SHARE,
    EXITED_FOLLOW_UP_SHARE,
    MULTI_SIZE_WEIGHTS,
    RELAYS_DONE,
    RELAYS_HANDING_OVER,
    RELAYS_OPEN,
    RESERVE_SHARE,
    SINGLE_HELPER_SHARE,
    SUSPENDED,
    UNCOVERED_ENDED_SHARE,
    UNCOVERED_PENDING_SHARE,
    DemoHelper,
    DemoVillage,
    RelaySpec,
    Spec,
)
from .words import (
    CAPACITY_REASONS,
    ELIGIBILITY_REASON,
    END_REASONS,
    EXIT_REASONS,
    FOLLOW_UP,
    RELAY_DONE_NOTE,
    RELAY_REASONS,
    SUSPEND_REASONS,
)


class Coverage:
    """The pairings of each village and their helpers (needs the planner's `rng`, `today`,
    `specs`, `by_village`, `holders`, `relays`, `helpers`, `add`, `add_ended` …)."""

    def plan_covered(self, covered: list[DemoVillage]) -> list[DemoVillage]:
        """1–5 active pairings per covered village, a full one in each county; the demo
        liaison's helper in a few of 承德县's (within its capacity). Returns those villages."""
        rng = self.rng
        n_single = round(len(covered) * SINGLE_HELPER_SHARE)
        sizes = [k for k in MULTI_SIZE_WEIGHTS if k <= self.max_helpers]
        size_of = {v.code: 1 for v in covered[:n_single]}
        for village in covered[n_single:]:
            weights = [MULTI_SIZE_WEIGHTS[k] for k in sizes]
            size_of[village.code] = rng.choices(sizes, weights=weights)[0] if sizes else 1
        if self.max_helpers == MAX_SLOTS:  # at least one full village in each county
            for county in sorted({v.county_code for v in covered}):
                multi = [v for v in covered[n_single:] if v.county_code == county]
                if multi and all(size_of[v.code] < MAX_SLOTS for v in multi):
                    size_of[multi[0].code] = MAX_SLOTS
        for village in covered:
            self.holders[village.code] = [
                self.add(village, Status.ACTIVE, self.start_date())
                for _ in range(size_of[village.code])
            ]
        helper = self.demo_helper
        if helper is None:
            return []
        home = [v for v in covered if v.county_code == DEMO_HELPER_COUNTY]
        chosen = rng.sample(home, min(DEMO_HELPER_PAIRINGS, helper.capacity, len(home)))
        for village in chosen:
            spec = self.holders[village.code][0]
            spec.helper, spec.fixed_helper = helper, True
        return chosen

    def plan_relays(self, villages: list[DemoVillage]) -> list[DemoVillage]:
        """Relays done, open and handing over, each in its own village; returns the villages
        left over."""
        rng = self.rng
        done = villages[:RELAYS_DONE]
        opened = villages[len(done) : len(done) + RELAYS_OPEN]
        handing = villages[len(done) + len(opened) :][:RELAYS_HANDING_OVER]
        # done: the old pairing relayed on the day the successor became active
        for village in done:
            successor = rng.choice(self.holders[village.code])
            handover = self.day_between(date(2018, 3, 1), date(2020, 6, 30))
            old_start = self.start_date(latest=handover - timedelta(days=180))
            old = self.add(village, Status.RELAYED, old_start, focus=successor.focus)
            old.ended_on = handover
            old.end_reason = rng.choice(RELAY_REASONS)
            successor.start = successor.activated = handover
            successor.predecessor = old
            reported = handover - timedelta(days=rng.randint(20, 60))
            self.relays.append(
                RelaySpec(
                    old,
                    old.end_reason,
                    reported,
                    Relay.State.DONE,
                    successor,
                    handover,
                    RELAY_DONE_NOTE,
                )
            )
        # open: reported, no successor yet
        for village in opened:
            old = rng.choice(self.holders[village.code])
            reported = self.today - timedelta(days=rng.randint(3, 40))
            self.relays.append(
                RelaySpec(old, rng.choice(RELAY_REASONS), reported, Relay.State.OPEN)
            )
        # handing over: the successor chosen and agreed, waiting for its signed agreement
        for village in handing:
            old = rng.choice(self.holders[village.code])
            reported = self.today - timedelta(days=rng.randint(25, 45))
            start = reported + timedelta(days=rng.randint(7, 20))
            successor = self.add(village, Status.AGREED, start, focus=old.focus, predecessor=old)
            reason = rng.choice(RELAY_REASONS)
            self.relays.append(
                RelaySpec(old, reason, reported, Relay.State.HANDING_OVER, successor)
            )
        return villages[len(done) + len(opened) + len(handing) :]

    def plan_suspended(self, villages: list[DemoVillage]) -> None:
        """A few helpers paused (they keep their slot) in villages that stay covered."""
        rng = self.rng
        multi = [v for v in villages if len(self.holders[v.code]) > 1]
        for village in multi[:SUSPENDED]:
            spec = rng.choice(self.holders[village.code])
            spec.status = Status.SUSPENDED
            spec.end_reason = rng.choice(SUSPEND_REASONS)

    def plan_uncovered(self, uncovered: list[DemoVillage]) -> list[DemoVillage]:
        """The helper stopped, a pairing is pending, or never paired (returned)."""
        rng = self.rng
        n_ended = round(len(uncovered) * UNCOVERED_ENDED_SHARE)
        n_pending = round(len(uncovered) * UNCOVERED_PENDING_SHARE)
        for k, village in enumerate(uncovered[: n_ended + n_pending]):
            if k < n_ended or rng.random() < 0.5:
                ended = self.day_between(date(2018, 6, 1), self.today - timedelta(days=30))
                self.add_ended(village, ended, rng.choice(END_REASONS))
            if k >= n_ended:
                self.add_pending(village)
        return uncovered[n_ended + n_pending :]

    def plan_exited(self, exited: list[DemoVillage]) -> None:
        """The pairing ended after the exit, or the helper stays on to prevent relapse."""
        rng = self.rng
        for village in exited:
            exit_on = village.exited_on
            assert exit_on is not None
            roll = rng.random()
            if roll < EXITED_ENDED_SHARE:
                ended = exit_on + timedelta(days=rng.randint(0, 90))
                spec = self.add_ended(village, ended, rng.choice(EXIT_REASONS))
            elif roll < EXITED_ENDED_SHARE + EXITED_FOLLOW_UP_SHARE:
                start = self.start_date(latest=exit_on - timedelta(days=30))
                spec = self.add(village, Status.ACTIVE, start, focus=FOLLOW_UP)
            else:
                continue
            if spec.start >= exit_on:  # proposed after the exit: the county office agreed
                spec.eligibility_reason = ELIGIBILITY_REASON

    # -- helpers, slots, numbers -------------------------------------------------------------

    def assign_helpers(self) -> None:
        """Helpers in the order the pairings were proposed: up to capacity (a tenth of them
        keep some room), then past a stronger helper's capacity — with a reason whenever the
        helper's open pairings had reached its capacity (services._check_capacity)."""
        rng = self.rng
        pool = [h for h in self.helpers if h is not self.demo_helper]
        reserve = set(rng.sample(range(len(pool)), round(len(pool) * RESERVE_SHARE)))
        budget = {h.uscc: h.capacity - (k in reserve) for k, h in enumerate(pool)}
        strong = [h for k, h in enumerate(pool) if k not in reserve and h.capacity >= 2]
        taken: dict[str, list[Spec]] = {}

        def load(helper: DemoHelper, on: date) -> int:
            return sum(
                1 for s in taken.get(helper.uscc, ()) if s.ended_on is None or s.ended_on > on
            )

        for spec in sorted(self.specs, key=lambda s: (s.start, s.village.code)):
            if not spec.fixed_helper:
                here = {s.helper.uscc for s in self.by_village[spec.village.code] if s.helper}
                room = [
                    h for h in pool if h.uscc not in here and load(h, spec.start) < budget[h.uscc]
                ]
                local = [h for h in room if h.region == spec.village.county_code]
                if local and rng.random() < 0.6:
                    spec.helper = rng.choice(local)
                elif room:
                    spec.helper = rng.choice(room)
                else:
                    over = [h for h in strong if h.uscc not in here]
                    spec.helper = rng.choices(over, weights=[h.capacity for h in over])[0]
            helper = spec.helper
            assert helper is not None
            if load(helper, spec.start) >= helper.capacity:
                spec.capacity_reason = rng.choice(CAPACITY_REASONS)
            taken.setdefault(helper.uscc, []).append(spec)

    def assign_slots(self) -> None:
        """Slots 1..n to a village's active and suspended pairings, in activation order."""
        for specs in self.by_village.values():
            holding = sorted(
                (s for s in specs if s.status in SLOT_STATUSES),
                key=lambda s: (s.activated, s.start),
            )
            assert len(holding) <= self.max_helpers
            for slot, spec in enumerate(holding, 1):
                spec.slot = slot

    def assign_numbers(self) -> None:
        """KQ + county code + year of the start + a sequence, in the order proposed (the
        services' format); the plan lists the pairings in that order."""
        self.specs.sort(key=lambda s: (s.start, s.village.code, s.focus.focus))
        last = dict(self.last_numbers)
        for ref, spec in enumerate(self.specs, 1):
            prefix = f"KQ{spec.village.county_code}{spec.start.year}"
            last[prefix] = last.get(prefix, 0) + 1
            spec.number = f"{prefix}{last[prefix]:04d}"
            spec.ref = ref
