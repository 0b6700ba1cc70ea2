"""The demo pairings' site visits: before a third of the pairings started, and to unpaired villages.

`SiteVisits` is mixed into the pairing planner (`planner._Planner`) and draws from its generator.
"""

from __future__ import annotations

from datetime import date, timedelta

from .plan import PROGRAMME_START, VISIT_SHARE, DemoVillage, PlannedVisit
from .words import NEEDS


class SiteVisits:
    """Needs the planner's `rng`, `today`, `specs`, `helpers`, `person` and `day_between`."""

    def visits(self, never: list[DemoVillage]) -> list[PlannedVisit]:
        """Site visits before a third of the pairings started (all of the demo helper's), and
        to half of the villages never paired, in the last months."""
        rng = self.rng
        out = []
        for spec in self.specs:
            if not spec.fixed_helper and rng.random() >= VISIT_SHARE:
                continue
            latest = min(spec.start, self.today) - timedelta(days=1)
            earliest = max(PROGRAMME_START, latest - timedelta(days=45))
            if latest >= earliest:
                out.append(self.visit(spec.helper, spec.village, spec.ref, earliest, latest))
        for village in never:
            if rng.random() < 0.5:
                latest = self.today - timedelta(days=5)
                earliest = latest - timedelta(days=200)
                out.append(self.visit(rng.choice(self.helpers), village, None, earliest, latest))
        return out

    def visit(
        self, helper, village: DemoVillage, ref: int | None, earliest: date, latest: date
    ) -> PlannedVisit:
        rng = self.rng
        participants = (
            f"{helper.liaison_name or self.person()}（{helper.name}）、"
            f"{self.person()}（{village.county_name}扶贫办）、"
            f"{self.person()}（{village.township}科技服务中心）、{self.person()}（村党支部书记）"
        )
        industries = [w for w in village.industries.split("、") if w] or ["特色种养"]
        findings = (
            f"{village.place}现有建档立卡贫困户{village.households_poor}户，"
            f"主导产业为{'、'.join(industries)}。{village.resources}"
            + rng.choice(NEEDS).format(industry=rng.choice(industries))
        )
        visited_on = self.day_between(earliest, latest)
        return PlannedVisit(
            helper.uscc, village.code, ref, visited_on, participants[:200], findings
        )
