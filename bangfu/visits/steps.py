"""The plan's step 五(三) (调研督导, by 20 October) on the reporting board: its records are here.

Met when each first paired village of the county (`reporting.first_villages.step_villages`, as
of the 28 April steps) has had a supervision visit, on the day of its first visit.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bangfu.reporting.first_villages import step_villages
from bangfu.reporting.steps import Item, Step

from .models import FIRST_ROUND_DEADLINE, Visit

#: The villages counted are those of the 28 April steps (五(二)).
VILLAGES_AS_OF = (4, 28)


def supervision_items(programme, county, deadline: dt.date) -> list[Item]:
    """Each first paired village, on the day of its first supervision visit."""
    from django.urls import reverse

    as_of = dt.date(programme.start_year, *VILLAGES_AS_OF)
    items = []
    for fv in step_villages(programme, county, deadline=as_of):
        first = (
            Visit.objects.filter(county=county)
            .filter(Q(villages=fv.village) | Q(pairings__in=fv.pairings))
            .order_by("visited_on", "pk")
            .first()
        )
        items.append(
            Item(
                label=fv.village.name,
                url=reverse("visits:visit", args=[first.pk])
                if first
                else reverse("visits:visits") + f"?county={county.code}",
                done_on=first.visited_on if first else None,
                detail="、".join(p.helper.name for p in fv.pairings),
            )
        )
    return items


SUPERVISION = Step(
    "supervision",
    "五(三)",
    _("Supervise and follow up"),
    _("Each first paired village has had a supervision visit by the county office."),
    FIRST_ROUND_DEADLINE,
    supervision_items,
)
