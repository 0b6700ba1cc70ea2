"""The demo pairings' plan items: targets, due dates, outcomes, progress reports, inheritance.

`Items` is mixed into the pairing planner (`planner._Planner`) and draws from its generator.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from bangfu.pairing.models import Pathway

from .plan import FIRST_PHASE_END, ZERO, PlannedItem, PlannedProgress, Spec
from .words import ITEM_BY_WHAT, ITEMS, ITEMS_BY_PATHWAY, NOTES_DONE, NOTES_PARTIAL, ItemKind


class Items:
    """2–4 items per pairing with their progress (needs the planner's `rng`, `today`,
    `item_refs` and `day_between`)."""

    def plan_items(self, spec: Spec) -> None:
        """2–4 items from the focus and the pathways; a successor inherits the open ones."""
        rng = self.rng
        spec.pathways = list(spec.focus.pathways)
        if rng.random() < 0.3:
            spec.pathways.append(rng.choice([p for p in Pathway.values if p not in spec.pathways]))
        items: list[PlannedItem] = []
        own = rng.randint(2, 4)
        if spec.predecessor is not None:
            items = self.inherit(spec, spec.predecessor)
            own = rng.randint(0, 1) if items else rng.randint(2, 3)
        keys = list(spec.focus.items)
        rng.shuffle(keys)
        for pathway in spec.pathways:
            extra = [k for k in ITEMS_BY_PATHWAY[pathway] if k not in keys]
            rng.shuffle(extra)
            keys.extend(extra)
        have = {i.what for i in items}
        for key in [k for k in keys if ITEMS[k].what not in have][:own]:
            items.append(self.item(spec, ITEMS[key]))
        spec.items = items

    def target(self, kind: ItemKind) -> Decimal:
        scale = 10**kind.places
        value = self.rng.randint(kind.low * scale, kind.high * scale)
        if kind.places == 0 and value >= 100:
            value = round(value, -1)
        return Decimal(value).scaleb(-kind.places).quantize(ZERO)

    def item(self, spec: Spec, kind: ItemKind) -> PlannedItem:
        """A new item: due by the end of 2020, or — for a third of those still open — in the
        current phase ahead of today; its outcome drawn, then its progress reports."""
        rng = self.rng
        today = self.today
        target = self.target(kind)
        if not spec.was_active:  # proposed or agreed: a plan, nothing done yet
            due = max(spec.start, today) + timedelta(days=rng.randint(60, 720))
            return self.new_item(kind, target, due)
        first = spec.start + timedelta(days=120)
        if spec.is_open and (rng.random() < 0.3 or first > FIRST_PHASE_END):
            due = today + timedelta(days=rng.randint(20, 720))
        else:
            due = self.day_between(first, FIRST_PHASE_END)
        roll = rng.random()
        if due >= today:
            outcome = "none" if roll < 0.4 else "partial" if roll < 0.9 else "done"
        elif spec.ended_on is not None and spec.ended_on < due:
            outcome = "done" if roll < 0.35 else "partial" if roll < 0.85 else "none"
        else:
            outcome = "done" if roll < 0.7 else "partial" if roll < 0.92 else "none"
        cutoff = min(today, spec.ended_on or today)
        return self.with_progress(kind, target, due, spec.start, cutoff, outcome)

    def inherit(self, spec: Spec, old: Spec) -> list[PlannedItem]:
        """The predecessor's items not done, carried over (relay_hand_over's rule); an active
        successor goes on reporting progress on them."""
        rng = self.rng
        out = []
        for item in old.items:
            if item.achieved >= item.target_value:
                continue
            kind = ITEM_BY_WHAT[item.what]
            due = max(item.due_date, spec.start)
            if not spec.was_active:
                out.append(
                    self.new_item(
                        kind,
                        item.target_value,
                        due,
                        achieved=item.achieved,
                        inherited_from=item.ref,
                    )
                )
                continue
            roll = rng.random()
            outcome = "done" if roll < 0.6 else "partial" if roll < 0.9 else "none"
            out.append(
                self.with_progress(
                    kind,
                    item.target_value,
                    due,
                    spec.start,
                    self.today,
                    outcome,
                    achieved=item.achieved,
                    inherited_from=item.ref,
                )
            )
        return out

    def new_item(self, kind: ItemKind, target: Decimal, due: date, **kw) -> PlannedItem:
        self.item_refs += 1
        return PlannedItem(
            self.item_refs, kind.what, kind.how, kind.indicator, target, kind.unit, due, **kw
        )

    def value(self, target: Decimal, share: float, places: int) -> Decimal:
        raw = target * Decimal(str(round(share, 3)))
        return raw.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN).quantize(ZERO)

    def with_progress(
        self,
        kind: ItemKind,
        target: Decimal,
        due: date,
        start: date,
        cutoff: date,
        outcome: str,
        *,
        achieved: Decimal = ZERO,
        inherited_from: int | None = None,
    ) -> PlannedItem:
        """Cumulative progress reports between the start and `cutoff` (today or the end):
        "done" reaches the target (mostly by the due date), "partial" stops short of it,
        "none" reports nothing."""
        rng = self.rng
        if outcome == "partial" and self.value(target, 0.15, kind.places) <= achieved:
            outcome = "none"  # nothing left to report short of the target
        if outcome == "none":
            return self.new_item(
                kind, target, due, achieved=achieved, inherited_from=inherited_from
            )
        low = start + timedelta(days=30)
        if outcome == "done" and rng.random() < 0.8:
            high = min(due, cutoff)
        elif due < self.today:
            high = min(due + timedelta(days=180), cutoff)  # reports stop some time after
        else:
            high = cutoff
        if high < low:
            low = min(start, high)
        span = (high - low).days
        days = sorted(rng.sample(range(span + 1), min(rng.randint(1, 3), span + 1)))
        floor = float(achieved / target)
        if outcome == "done":
            final = 1.0 if rng.random() < 0.7 else rng.uniform(1.0, 1.15)
        else:
            final = rng.uniform(max(0.15, floor + 0.05), 0.9)
        shares = [*sorted(rng.uniform(floor, final) for _ in days[:-1]), final]
        smallest = Decimal(1).scaleb(-kind.places).quantize(ZERO)
        progress: list[PlannedProgress] = []
        value = achieved
        done_on = None
        for k, (offset, share) in enumerate(zip(days, shares, strict=True)):
            value = max(value, smallest, self.value(target, share, kind.places))
            if outcome == "done" and k == len(days) - 1:
                value = max(value, target)
            if outcome != "done" and value >= target:
                break
            on = low + timedelta(days=offset)
            if value >= target and done_on is None:
                done_on = on
            note = f"累计{kind.indicator}{value.normalize():f}{kind.unit}"
            extra = rng.choice(NOTES_DONE if value >= target else NOTES_PARTIAL)
            progress.append(
                PlannedProgress(on, value, f"{note}，{extra}。" if extra else f"{note}。")
            )
        return self.new_item(
            kind,
            target,
            due,
            achieved=progress[-1].value if progress else achieved,
            done_on=done_on,
            progress=tuple(progress),
            inherited_from=inherited_from,
        )
