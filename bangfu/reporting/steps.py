"""The plan's dated steps that are not forms (§五 方法步骤), and each county's state of them.

A `Step` names what the plan asks by a deadline of the programme's first year and the records
that show it done (`Item`: one thing to have, with the day it was had, or None). A county's
`Outcome` is derived, never typed: *met* when every item was had by the deadline, *met late*
when every item is had but the last after it, *not met* once the deadline has passed with an
item missing (or nothing to count), *not yet due* before that. The rules (docs/DECISIONS.md
"Issue 18"):

- 五(一) organisation, 20 April: the county's leading group has its leader and a liaison
  with a phone, each on the day first recorded or first named in a filed roster;
- 五(二)1 visits, 28 April: each first paired village (`first_villages.step_villages`) was
  visited (考察调研) by one of its helpers;
- 五(二)1–2 agreements and plans, 28 April: each pairing of those villages has its signed
  agreement and a plan item, on the day the agreement (which carries the plan) was signed.

Apps above this one add the steps they hold the records of with `register` (the supervision
visits of 五(三), 20 October, are the `visits` app's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StepState(models.TextChoices):
    MET = "met", _("met")
    LATE = "late", _("met late")
    NOT_MET = "not_met", _("not met")
    PENDING = "pending", _("not yet due")


@dataclass(frozen=True)
class Item:
    """One thing the step asks for, and the day it was had (None: not had)."""

    label: str
    url: str
    done_on: dt.date | None
    detail: str = ""


@dataclass(frozen=True)
class Step:
    key: str
    section: str  # the plan's numbering, e.g. 五(一)
    title: str
    rule: str
    month_day: tuple[int, int]
    items: Callable  # (programme, county, deadline) -> list[Item]

    def deadline(self, programme) -> dt.date:
        return dt.date(programme.start_year, *self.month_day)


@dataclass
class Outcome:
    """A county's state of a step on `today`."""

    step: Step
    county: object  # places.Division
    deadline: dt.date
    today: dt.date
    items: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def done(self) -> int:
        return sum(1 for i in self.items if i.done_on is not None)

    @property
    def met_on(self) -> dt.date | None:
        """The day the last item was had, once every item is."""
        if not self.items or self.done < self.total:
            return None
        return max(i.done_on for i in self.items)

    @property
    def state(self) -> str:
        met_on = self.met_on
        if met_on is not None:
            return StepState.MET if met_on <= self.deadline else StepState.LATE
        return StepState.NOT_MET if self.today > self.deadline else StepState.PENDING

    def get_state_display(self) -> str:
        return str(StepState(self.state).label)

    @property
    def url(self) -> str:
        """The page listing the records the figure counts."""
        return reverse("reporting:step", args=[self.step.key]) + f"?county={self.county.code}"


# --------------------------------------------------------------------------- the rules


def _local_day(moment) -> dt.date:
    return timezone.localdate(moment)


def _filed_roles(programme, county) -> dict[str, dt.date]:
    """The roles (in the form's words) of the county's first filed roster (attachment 3) of
    the programme's first year, each on the day that filing was made."""
    from .models import Filing, Report

    filing = (
        Filing.objects.filter(
            submission__report__programme=programme,
            submission__report__code=Report.ROSTER,
            submission__county=county,
            submission__period=str(programme.start_year),
        )
        .order_by("number")
        .first()
    )
    if filing is None:
        return {}
    day = _local_day(filing.submitted_at)
    return {
        row[2]: day
        for sheet in filing.content.get("sheets", [])
        for row in sheet.get("rows", [])
        if len(row) > 2 and isinstance(row[0], int) and isinstance(row[2], str)
    }


def organisation_items(programme, county, deadline: dt.date) -> list[Item]:
    """The leader and a liaison with a phone, each on the earlier of the day first recorded
    in bangfu and the day the county filed a roster (attachment 3) that named one."""
    from bangfu.groups.models import GroupRole, LeadingGroupMember

    members = LeadingGroupMember.objects.filter(programme=programme, county=county).order_by(
        "created_at"
    )
    filed = _filed_roles(programme, county)
    url = reverse("groups:roster") + f"?county={county.code}"
    items = []
    for role, label, extra in (
        (GroupRole.LEADER, "组长", {}),
        (GroupRole.LIAISON, "联络人", {"phone__gt": ""}),
    ):
        first = members.filter(group_role=role, **extra).first()
        days = [d for d in (_local_day(first.created_at) if first else None, filed.get(label)) if d]
        items.append(
            Item(
                label=f"{label}：{first.name}" if first else label,
                url=url,
                done_on=min(days) if days else None,
                detail=first.unit if first else "",
            )
        )
    return items


def visit_items(programme, county, deadline: dt.date) -> list[Item]:
    """Each first paired village, on the day one of its helpers first visited it."""
    from django.db.models import Min

    from bangfu.pairing.models import SiteVisit

    from .first_villages import step_villages

    items = []
    for fv in step_villages(programme, county, deadline=deadline):
        helpers = [p.helper_id for p in fv.pairings]
        first = SiteVisit.objects.filter(village=fv.village, helper_id__in=helpers).aggregate(
            on=Min("visited_on")
        )["on"]
        items.append(
            Item(
                label=fv.village.name,
                url=fv.pairings[0].get_absolute_url(),
                done_on=first,
                detail="、".join(p.helper.name for p in fv.pairings),
            )
        )
    return items


def agreement_items(programme, county, deadline: dt.date) -> list[Item]:
    """Each pairing of the first paired villages, once it has both its signed agreement and a
    plan item, on the day the agreement was signed (the agreement, attachment 1, carries the
    pairing's plan: `pairing.documents`)."""
    from .first_villages import agreement_of, step_villages

    items = []
    for fv in step_villages(programme, county, deadline=deadline):
        for p in fv.pairings:
            agreement = agreement_of(p)
            planned = p.items > 0  # annotated by first_villages
            detail = "；".join(
                [
                    f"协议 {agreement.signed_on:%Y-%m-%d}" if agreement else "协议未签订",
                    f"帮扶规划 {p.items} 项" if planned else "未制定帮扶规划",
                ]
            )
            items.append(
                Item(
                    label=f"{fv.village.name} · {p.helper.name} · {p.number}",
                    url=p.get_absolute_url(),
                    done_on=agreement.signed_on if agreement and planned else None,
                    detail=detail,
                )
            )
    return items


STEPS: list[Step] = [
    Step(
        "organisation",
        "五(一)",
        _("Set up the organisation and mobilise"),
        _("The county's leading group has its leader and a liaison with a phone on record."),
        (4, 20),
        organisation_items,
    ),
    Step(
        "visits",
        "五(二)1",
        _("Visit the villages to be paired"),
        _("Each first paired village has been visited by one of its helpers."),
        (4, 28),
        visit_items,
    ),
    Step(
        "agreements",
        "五(二)1–2",
        _("Sign the agreements and make the plans"),
        _(
            "Each pairing of the first paired villages has its signed agreement and at least "
            "one plan item."
        ),
        (4, 28),
        agreement_items,
    ),
]


def register(step: Step) -> None:
    """Add (or replace, by key) a step whose records an app above this one holds."""
    for i, known in enumerate(STEPS):
        if known.key == step.key:
            STEPS[i] = step
            return
    STEPS.append(step)
    STEPS.sort(key=lambda s: (s.month_day, s.section))


def get_step(key: str) -> Step | None:
    return next((s for s in STEPS if s.key == key), None)


def outcome(step: Step, programme, county, today: dt.date | None = None) -> Outcome:
    deadline = step.deadline(programme)
    return Outcome(
        step=step,
        county=county,
        deadline=deadline,
        today=today or timezone.localdate(),
        items=step.items(programme, county, deadline),
    )


def step_board(*, user, programme, today: dt.date | None = None) -> list[tuple]:
    """(county, [Outcome per step]) for the counties `user` may see, by county code."""
    from bangfu.groups.selectors import counties_for_user

    today = today or timezone.localdate()
    return [
        (county, [outcome(step, programme, county, today) for step in STEPS])
        for county in counties_for_user(user, programme)
    ]
