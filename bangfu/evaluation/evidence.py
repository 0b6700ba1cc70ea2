"""Evidence for the evaluation checklist: the figures bangfu fills in from its own data.

For one county, programme and year: one function per `EvidenceKey`, each returning a
`Figure`: the headline value, the counts behind it and a short text in the user's language.

What each figure counts (the rules the evidence test checks against independent counts):

- roster: the county's leading-group members (领导小组, attachment 3) of the programme, and
  whether one of them is a liaison (联络人). Value 1 when the roster is present with a
  liaison, else 0. The roster has no history: it is the roster as it stands.
- agreements: the county's pairings of the programme that were active at some time in the
  year (activated on or before 31 December, not ended before 1 January), and how many of
  them had a signed agreement on file dated on or before 31 December. Value: the share, %.
- plan_items: plan items of those pairings' programme in the county due in the year, and
  how many are done (target reached or marked done: `PlanItem.state`'s rule). Value: %.
- submissions: the county's expected submissions of the programme's reports due in the
  year; how many were submitted and how many were first submitted by their due date
  (`Submission.on_time`). Value: the share submitted on time, %.
- assistance: the county's assistance records dated in the year that were handed to the
  county office (submitted, sent back or confirmed; drafts are the helper's unfinished work
  and superseded records are replaced by their corrections), and how many are confirmed.
  Value: %.
- visits: supervision visits to the county in the year, and whether the first came by
  20 October (the plan's step 3). Value: the number of visits.

Shares are percentages with one decimal place; None when there is nothing to count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from bangfu.evaluation.models import EvidenceKey


@dataclass
class Figure:
    key: str
    value: Decimal | int | None
    text: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def share(self) -> Decimal | None:
        """The value as a fraction 0–1 for share figures (None for counts)."""
        if self.key in SHARE_KEYS and self.value is not None:
            return Decimal(self.value) / 100
        return None


SHARE_KEYS = frozenset(
    {
        EvidenceKey.AGREEMENTS,
        EvidenceKey.PLAN_ITEMS,
        EvidenceKey.SUBMISSIONS,
        EvidenceKey.ASSISTANCE,
    }
)


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def roster(*, county, programme, year: int) -> Figure:
    from bangfu.groups.models import GroupRole, LeadingGroupMember

    members = LeadingGroupMember.objects.filter(programme=programme, county=county)
    total = members.count()
    liaisons = members.filter(group_role=GroupRole.LIAISON).count()
    present = total > 0 and liaisons > 0
    if total == 0:
        text = _("No leading group roster.")
    else:
        text = _("%(n)d members, %(liaisons)d liaisons.") % {"n": total, "liaisons": liaisons}
        if not liaisons:
            text += " " + _("No liaison named.")
    return Figure(EvidenceKey.ROSTER, int(present), text, {"members": total, "liaisons": liaisons})


def _active_pairings(*, county, programme, year: int):
    from bangfu.pairing.models import Pairing

    first, last = _year(year)
    return Pairing.objects.filter(
        county=county, programme=programme, activated_on__isnull=False, activated_on__lte=last
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))


def agreements(*, county, programme, year: int) -> Figure:
    _first, last = _year(year)
    pairings = _active_pairings(county=county, programme=programme, year=year)
    total = pairings.count()
    signed = pairings.filter(agreement__signed_on__lte=last).count()
    value = percent(signed, total)
    text = _("%(signed)d of %(n)d pairings active in the year have a signed agreement.") % {
        "signed": signed,
        "n": total,
    }
    return Figure(EvidenceKey.AGREEMENTS, value, text, {"pairings": total, "signed": signed})


def plan_items(*, county, programme, year: int) -> Figure:
    from bangfu.pairing.models import ItemState, PlanItem, item_state_q

    items = PlanItem.objects.filter(
        pairing__county=county, pairing__programme=programme, due_date__year=year
    )
    total = items.count()
    done = items.filter(item_state_q(ItemState.DONE, dt.date(year, 12, 31))).count()
    text = _("%(done)d of %(n)d plan items due in the year are done.") % {"done": done, "n": total}
    return Figure(EvidenceKey.PLAN_ITEMS, percent(done, total), text, {"due": total, "done": done})


def submissions(*, county, programme, year: int) -> Figure:
    from bangfu.reporting.models import Submission

    rows = list(
        Submission.objects.filter(
            county=county, report__programme=programme, due_date__year=year
        ).only("due_date", "first_submitted_at")
    )
    expected = len(rows)
    submitted = sum(1 for s in rows if s.first_submitted_at is not None)
    on_time = sum(1 for s in rows if s.on_time)
    text = _("%(expected)d reports expected, %(submitted)d submitted, %(on_time)d on time.") % {
        "expected": expected,
        "submitted": submitted,
        "on_time": on_time,
    }
    return Figure(
        EvidenceKey.SUBMISSIONS,
        percent(on_time, expected),
        text,
        {"expected": expected, "submitted": submitted, "on_time": on_time},
    )


HANDED_IN = ("submitted", "returned", "confirmed")


def assistance(*, county, programme, year: int) -> Figure:
    from bangfu.assistance.models import Assistance

    records = Assistance.objects.filter(county=county, on__year=year, status__in=HANDED_IN)
    total = records.count()
    confirmed = records.filter(status="confirmed").count()
    text = _("%(confirmed)d of %(n)d assistance records handed in are confirmed.") % {
        "confirmed": confirmed,
        "n": total,
    }
    return Figure(
        EvidenceKey.ASSISTANCE,
        percent(confirmed, total),
        text,
        {"records": total, "confirmed": confirmed},
    )


def visits(*, county, programme, year: int) -> Figure:
    from django.db.models import Min

    from bangfu.visits.models import Visit, first_round_deadline

    qs = Visit.objects.filter(county=county, visited_on__year=year)
    total = qs.count()
    first = qs.aggregate(first=Min("visited_on"))["first"]
    by_deadline = first is not None and first <= first_round_deadline(year)
    text = _("%(n)d supervision visits.") % {"n": total}
    if total:
        text += " " + (
            _("The first came by 20 October.")
            if by_deadline
            else _("The first came after 20 October.")
        )
    return Figure(
        EvidenceKey.VISITS, total, text, {"visits": total, "by_deadline": int(by_deadline)}
    )


FIGURES: dict[str, Callable[..., Figure]] = {
    EvidenceKey.ROSTER: roster,
    EvidenceKey.AGREEMENTS: agreements,
    EvidenceKey.PLAN_ITEMS: plan_items,
    EvidenceKey.SUBMISSIONS: submissions,
    EvidenceKey.ASSISTANCE: assistance,
    EvidenceKey.VISITS: visits,
}


def figure(key: str, *, county, programme, year: int) -> Figure:
    return FIGURES[key](county=county, programme=programme, year=year)


def figures_for(*, county, programme, year: int, keys=None) -> dict[str, Figure]:
    """The figures of `keys` (all by default) for one county and year."""
    keys = list(FIGURES) if keys is None else [k for k in keys if k in FIGURES]
    return {k: figure(k, county=county, programme=programme, year=year) for k in keys}


def suggested_score(fig: Figure, points: int) -> Decimal | None:
    """A starting point for the scorer, never a score: points × the share for shares,
    full or no points for the roster, None otherwise."""
    if fig.key == EvidenceKey.ROSTER:
        return Decimal(points if fig.value else 0)
    share = fig.share
    if share is None:
        return None
    return (Decimal(points) * share).quantize(Decimal("0.1"), ROUND_HALF_UP)
