"""Demo data for the plan's steps (§五) on the reporting board: the site visits of step 五(二)1.

The pairing demo visits a third of the villages before their pairing starts, so without this
every county would show the visits step as not met. Here the first two counties (by code) get
a visit by a helper of each first paired village a few days before the pairing started (met,
or met late where the pairing itself came late), the third after the 28 April deadline (met
late); the other two are left as the pairing demo made them (not met). The other steps need
nothing more: the rosters and their filing (organisation), the agreements and plans, and the
supervision visits come from the groups, pairing, reporting and visits demos. Deterministic per
seed and idempotent: a village that already has a visit by one of its helpers is left alone.
"""

from __future__ import annotations

import datetime as dt
import random

from bangfu.accounts.models import User
from bangfu.core.context import acting_as
from bangfu.pairing.models import SiteVisit
from bangfu.pairing.services.visits import site_visit_save
from bangfu.places.programme import current_programme, programme_counties
from bangfu.reporting.first_villages import step_villages
from bangfu.reporting.steps import get_step

#: How each county (by code order) had its first villages visited: before the pairing, after
#: the deadline, or not at all (None: as the pairing demo left it).
PLANS = ("before", "before", "after")


def demo_steps(seed: int = 1) -> dict[str, int]:
    """Site visits to the first paired villages of three counties; returns how many were made."""
    programme = current_programme()
    deadline = get_step("visits").deadline(programme)
    officers = {
        u.county_id: u for u in User.objects.filter(role="county", is_active=True).order_by("-pk")
    }
    made = 0
    for county, plan in zip(programme_counties(programme), PLANS, strict=False):
        officer = officers.get(county.pk)
        if officer is None:
            continue
        rng = random.Random(f"{seed}:steps:{county.code}")
        for fv in step_villages(programme, county, deadline=deadline):
            helpers = {p.helper_id: p.helper for p in fv.pairings}
            if SiteVisit.objects.filter(village=fv.village, helper_id__in=helpers).exists():
                continue
            helper = fv.pairings[0].helper
            if plan == "before":
                on = fv.paired_on - dt.timedelta(days=rng.randint(2, 12))
            else:
                on = deadline + dt.timedelta(days=rng.randint(3, 30))
            with acting_as(user=officer, channel="demo"):
                site_visit_save(
                    user=officer,
                    helper=helper,
                    village=fv.village,
                    visited_on=on,
                    participants=f"{helper.liaison_name or helper.name}、{county.name}扶贫办工作人员",
                    findings=f"赴{fv.village.name}考察调研，了解村情、主导产业和贫困户需求。",
                )
            made += 1
    return {"site_visits": made}
