"""The lists the phone's forms need, in the user's scope, without full ID or phone numbers.

Each form's lists come only when the user may use that form at all (the same predicates the
services ask); the rows are those the user's scope shows online. No household list travels
(the assistance form here records no beneficiaries), only a case's number, its head's name
and village for a home visit.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from bangfu.accounts.roles import can
from bangfu.assistance.models import KINDS_BY_PATHWAY, Kind
from bangfu.assistance.services.rules import is_liaison, may_record_any
from bangfu.monitoring.models import CaseState, MonitoringCase, Step
from bangfu.pairing.models import OPEN_STATUSES, Pairing, Pathway, PlanItem
from bangfu.pairing.services.rules import may_edit_content
from bangfu.places.models import Division
from bangfu.places.programme import current_programme, programme_counties
from bangfu.visits.permissions import may_record_visit

MAX_ROWS = 500  # per list: the phone's store stays small


def _pairings(user):
    return (
        Pairing.objects.for_user(user)
        .filter(status__in=OPEN_STATUSES)
        .select_related("helper", "village", "village__parent")
        .order_by("village__code", "number")
    )


def _village(v: Division) -> dict:
    return {"code": v.code, "name": f"{v.parent.name if v.parent_id else ''} {v.name}".strip()}


def _assistance(user) -> dict | None:
    if not may_record_any(user):
        return None
    pairings = list(_pairings(user)[:MAX_ROWS])
    if is_liaison(user):
        helpers = [user.helper] if user.helper_id else []
        villages = {p.village.code: p.village for p in pairings}.values()
    else:
        helpers = {p.helper.pk: p.helper for p in pairings}.values()
        villages = (
            Division.objects.for_user(user)
            .filter(level="village")
            .select_related("parent")
            .order_by("code")[:MAX_ROWS]
        )
    return {
        "pairings": [
            {
                "number": p.number,
                "helper": p.helper.uscc,
                "village": p.village.code,
                "label": f"{p.number} · {p.helper.name} → {p.village.name}",
            }
            for p in pairings
        ],
        "helpers": [{"uscc": h.uscc, "name": h.name} for h in helpers],
        "villages": [_village(v) for v in villages],
        "pathways": [{"value": v, "label": str(label)} for v, label in Pathway.choices],
        "kinds": [
            {"value": k, "label": str(Kind(k).label), "pathway": p}
            for p, kinds in KINDS_BY_PATHWAY.items()
            for k in kinds
        ],
    }


def _counties():
    try:
        return programme_counties(current_programme())
    except ValidationError:  # no current programme: every county
        return list(Division.objects.filter(level="county").order_by("code"))


def _visit(user) -> dict | None:
    if not can(user, "oversight.visit"):
        return None
    counties = [c for c in _counties() if may_record_visit(user, c)]
    if not counties:
        return None
    return {"counties": [{"code": c.code, "name": c.name} for c in counties]}


def _home_visit(user) -> dict | None:
    if not can(user, "monitoring.manage") or not user.county_id:
        return None
    cases = (
        MonitoringCase.objects.for_user(user)
        .filter(county_id=user.county_id, state=CaseState.IDENTIFYING, next_step=Step.HOME_VISIT)
        .select_related("household", "household__village")
        .order_by("next_due", "id")[:MAX_ROWS]
    )
    return {
        "cases": [
            {
                "number": c.number,
                "label": f"{c.number} · {c.household.head_name} · {c.household.village.name}",
                "opened_on": f"{c.opened_on:%Y-%m-%d}",
                "version": c.version,
            }
            for c in cases
        ]
    }


def _progress(user) -> dict | None:
    pairings = [p for p in _pairings(user)[:MAX_ROWS] if may_edit_content(user, p)]
    if not pairings:
        return None
    items = (
        PlanItem.objects.filter(pairing__in=pairings)
        .filter(Q(done_on__isnull=True) | Q(done_on__gte=timezone.localdate().replace(day=1)))
        .select_related("pairing", "pairing__village")
        .order_by("pairing__number", "due_date", "id")[:MAX_ROWS]
    )
    return {
        "items": [
            {
                "id": i.pk,
                "label": f"{i.pairing.number} · {i.pairing.village.name} · {i.what}",
                "target": f"{i.target_value} {i.unit}",
                "achieved": f"{i.achieved}",
                "version": i.version,
            }
            for i in items
        ]
    }


def field_lists_for_user(*, user) -> dict:
    """Every form the user may fill on the phone, with its lists (None: not this form)."""
    return {
        "assistance": _assistance(user),
        "visit": _visit(user),
        "home_visit": _home_visit(user),
        "progress": _progress(user),
    }
