"""The demo's forage-grass project (饲粮牧草种植项目): its targets and its half-yearly progress rows.

`Forage` is mixed into the assistance planner (`planner._Planner`) and draws from its generator.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bangfu.core.periods import Period, period_of, periods_between

from .plan import FIRST_PERIOD, HOUSEHOLD_VILLAGES, LAST_PERIOD, ZERO, PlannedProgress, yuan

# The forage-grass project (SEED README: 1.71万亩, 5.25万头, 2.1亿元 in the first year)
# --------------------------------------------------------------------------------------------

FORAGE_CODE = "forage-grass"
FORAGE_NAME = "饲粮牧草种植项目"
FORAGE_DESCRIPTION = (
    "“科企帮万村”精准扶贫行动的龙头项目：推广紫花苜蓿、青贮玉米等优质饲草种植1.71万亩，"
    "带动肉牛、肉羊等牲畜5.25万头，预计第一年实现收益2.1亿元。各村按半年度填报本期新增"
    "种植面积、新增牲畜存栏和本期收益；累计数为截至该期各期之和。"
)
FORAGE_FIRST_YEAR = 2017
FORAGE_AREA_MU = Decimal("17100")
FORAGE_LIVESTOCK = 52_500
FORAGE_REVENUE_YUAN = Decimal("210000000")
FORAGE_FOCUS_WORDS = ("饲草", "肉牛", "肉羊")
# what a village adds in each period (2017H1 … 2019H2), as shares of its own total, by
# whether it began in the first or the second half of 2017
AREA_SHARES = {1: (0.52, 0.43, 0.03, 0.02, 0.0, 0.0), 2: (0.0, 0.95, 0.03, 0.02, 0.0, 0.0)}
LIVESTOCK_SHARES = {
    1: (0.30, 0.35, 0.20, 0.15, 0.01, 0.01),
    2: (0.0, 0.65, 0.20, 0.15, 0.01, 0.01),
}
# profit is a flow: the first year's about 95 % of the target, and more every year after
REVENUE_SHARES = {
    1: (0.15, 0.80, 0.40, 0.72, 0.45, 0.78),
    2: (0.0, 0.95, 0.40, 0.72, 0.45, 0.78),
}
AREA_FACTOR = 1.02  # the area planted ends a little above the target


class Forage:
    """Needs the planner's `rng`, `pairings` and `households` (by village)."""

    def plan_forage(self) -> list[PlannedProgress]:
        """Village rows (a few villages: household rows only) for 2017H1–2019H2 in the
        villages of the forage or livestock pairings that began in 2017."""
        rng = self.rng
        start_of: dict[str, dt.date] = {}
        for p in self.pairings:
            if (
                any(w in p.focus for w in FORAGE_FOCUS_WORDS)
                and p.start_date <= Period(2017, 2).end
            ):
                start_of[p.village_code] = min(
                    start_of.get(p.village_code, p.start_date), p.start_date
                )
        villages = sorted(start_of)
        if not villages:
            return []
        weight = {v: rng.lognormvariate(0, 0.5) for v in villages}
        total = sum(weight.values())
        roomy = [v for v in villages if len(self.households.get(v, ())) >= 6]
        per_household = set(rng.sample(roomy, min(HOUSEHOLD_VILLAGES, len(roomy))))
        periods = [p.code for p in periods_between(FIRST_PERIOD, LAST_PERIOD)]
        rows: list[PlannedProgress] = []
        for village in villages:
            share = weight[village] / total
            half = period_of(start_of[village]).half  # every one began in 2017
            parts: list[tuple[str | None, float]] = [(None, 1.0)]
            if village in per_household:
                chosen = rng.sample(self.households[village], rng.randint(4, 6))
                w = [rng.uniform(0.5, 1.5) for _ in chosen]
                parts = [(h.ref, x / sum(w)) for h, x in zip(chosen, w, strict=True)]
            for ref, part in sorted(parts, key=lambda p: p[0] or ""):
                for k, period in enumerate(periods):
                    jitter = rng.uniform(0.92, 1.08)
                    area = float(FORAGE_AREA_MU) * AREA_FACTOR * share * part
                    area *= AREA_SHARES[half][k] * jitter
                    head = FORAGE_LIVESTOCK * share * part * LIVESTOCK_SHARES[half][k] * jitter
                    profit = float(FORAGE_REVENUE_YUAN) * share * part * REVENUE_SHARES[half][k]
                    profit *= jitter
                    revenue = yuan(profit, 100) if REVENUE_SHARES[half][k] else ZERO
                    row = PlannedProgress(
                        period,
                        village,
                        ref,
                        (Decimal(round(area * 2)) / 2).quantize(Decimal("0.01")),
                        round(head),
                        revenue,
                    )
                    if row.area_mu or row.livestock or row.revenue_yuan:
                        rows.append(row)
        return rows
