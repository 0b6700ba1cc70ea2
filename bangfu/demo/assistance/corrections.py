"""The demo assistance's corrections: confirmed records whose amount was typed wrong, corrected.

`Corrections` is mixed into the assistance planner (`planner._Planner`) and draws from its
generator.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from bangfu.assistance.models import AssistanceStatus

from .plan import CORRECTIONS, PlannedRecord, yuan, zh_yuan
from .words import CORRECTION_REASONS


class Corrections:
    """Needs the planner's `rng`, `today` and `number`."""

    def plan_corrections(self, records: list[PlannedRecord]) -> list[PlannedRecord]:
        """A few confirmed money records whose amount had been typed wrong (the description
        keeps the right one), corrected by a confirmed correcting record that carries the
        planned amount: the original is superseded."""
        rng = self.rng
        money_kinds = {"money_donation", "goods_donation", "purchase", "investment"}
        candidates = [
            k
            for k, r in enumerate(records)
            if r.status == AssistanceStatus.CONFIRMED
            and r.kind in money_kinds
            and r.on < dt.date(2019, 6, 1)
            and r.pairing is not None
        ]
        out = list(records)
        for k in rng.sample(candidates, min(CORRECTIONS, len(candidates))):
            right = out[k]
            measures = dict(right.measures)
            field = next(
                f
                for f in ("money_yuan", "goods_yuan", "purchase_yuan", "investment_yuan")
                if measures.get(f)
            )
            reason = rng.choice(CORRECTION_REASONS)
            amount = measures[field]
            if reason == "金额少录一个零":
                typed = amount / 10
            elif reason == "金额多录一个零":
                typed = amount * 10
            else:
                typed = amount * Decimal(rng.choice(("0.8", "0.9", "1.1", "1.25")))
            measures[field] = yuan(float(typed), 10)
            old = replace(
                right,
                measures=tuple(sorted(measures.items())),
                status=AssistanceStatus.SUPERSEDED.value,
            )
            confirmed = min(self.today, (old.confirmed_on or old.on) + dt.timedelta(days=40))
            out[k] = old
            out.append(
                replace(
                    right,
                    number=self.number(),
                    description=(
                        f"更正记录{old.number}：{reason}（原{zh_yuan(measures[field])}，"
                        f"应为{zh_yuan(amount)}）。{right.description}"
                    ),
                    submitted_on=confirmed - dt.timedelta(days=3),
                    confirmed_on=confirmed,
                    corrects=old.number,
                )
            )
        return out
