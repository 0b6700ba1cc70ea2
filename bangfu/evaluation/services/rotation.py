"""Business actions on the cross-check rotation: propose the year's, adjust it, assign inspectors.

One business action each, keyword-only, `user=` first, checking the capability and the row
(permissions.py), in one audited transaction. Reads are in selectors.py.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bangfu.accounts.guards import require
from bangfu.accounts.roles import Role
from bangfu.evaluation.models import CrossCheckAssignment, ScoreSheet, SheetKind
from bangfu.evaluation.permissions import may_manage
from bangfu.evaluation.rotation import propose as propose_rotation
from bangfu.evaluation.selectors import assignment_map
from bangfu.places.models import Division, Programme
from bangfu.places.programme import programme_counties
from bangfu.visits.models import InspectorAssignment


def _cross_started(programme, year: int, checked_ids=None):
    qs = ScoreSheet.objects.filter(
        kind=SheetKind.CROSS,
        evaluation__checklist__programme=programme,
        evaluation__checklist__year=year,
    )
    if checked_ids is not None:
        qs = qs.filter(evaluation__county_id__in=checked_ids)
    return qs.select_related("evaluation__county")


def rotation_propose(*, user, programme: Programme, year: int) -> list[CrossCheckAssignment]:
    """Replace `year`'s cross-check assignments with the rotation's proposal (from the year
    before's), as long as no cross-check of the year has begun."""
    require(may_manage(user), "evaluation.manage")
    counties = programme_counties(programme)
    if len(counties) < 2:
        raise ValidationError(_("A cross-check needs at least two counties."))
    with transaction.atomic():
        started = _cross_started(programme, year).first()
        if started is not None:
            raise ValidationError(
                _("The cross-check of %(county)s has begun: the rotation of %(year)d stays.")
                % {"county": started.evaluation.county.name, "year": year},
                code="cross_started",
            )
        by_code = {c.code: c for c in counties}
        proposal = propose_rotation(
            by_code, year, assignment_map(programme=programme, year=year - 1)
        )
        for old in CrossCheckAssignment.objects.filter(programme=programme, year=year):
            old.delete()
        return [
            CrossCheckAssignment.objects.create(
                programme=programme, year=year, checker=by_code[a], checked=by_code[b]
            )
            for a, b in sorted(proposal.items(), key=lambda p: p[1])
        ]


def rotation_adjust(
    *, user, programme: Programme, year: int, checked: Division, checker: Division, reason: str
) -> CrossCheckAssignment:
    """The city office names another county to cross-check `checked` (with a reason).
    Refused: a county checking itself; a county outside the programme; a cross-check that
    has already begun."""
    require(may_manage(user), "evaluation.manage")
    counties = {c.pk for c in programme_counties(programme)}
    if checker.pk == checked.pk:
        raise ValidationError(
            {
                "checker": _("A county cannot cross-check itself (%(county)s).")
                % {"county": checked.name}
            },
            code="self_check",
        )
    if checker.pk not in counties or checked.pk not in counties:
        raise ValidationError({"checker": _("Choose counties of the programme.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the adjustment.")})
    with transaction.atomic():
        if _cross_started(programme, year, [checked.pk]).exists():
            raise ValidationError(
                _("The cross-check of %(county)s has begun: its checker stays.")
                % {"county": checked.name},
                code="cross_started",
            )
        row = CrossCheckAssignment.objects.filter(
            programme=programme, year=year, checked=checked
        ).first()
        if row is None:
            return CrossCheckAssignment.objects.create(
                programme=programme,
                year=year,
                checker=checker,
                checked=checked,
                adjusted=True,
                reason=reason.strip()[:200],
            )
        row.checker = checker
        row.adjusted = True
        row.reason = reason.strip()[:200]
        row.save(update_fields=["checker", "adjusted", "reason"])
        return row


def inspector_assign(*, user, programme: Programme, year: int, inspector, counties) -> list[int]:
    """Set the counties `inspector` cross-checks in `year` (replacing the earlier list)."""
    require(may_manage(user), "evaluation.manage")
    if getattr(inspector, "role", None) != Role.INSPECTOR or not inspector.is_active:
        raise ValidationError({"inspector": _("Choose an active inspector account.")})
    allowed = {c.pk for c in programme_counties(programme)}
    wanted = {c.pk for c in counties}
    if wanted - allowed:
        raise ValidationError({"counties": _("Choose counties of the programme.")})
    with transaction.atomic():
        current = InspectorAssignment.objects.filter(
            programme=programme, year=year, inspector=inspector
        )
        for row in current:
            if row.county_id not in wanted:
                row.delete()
        have = set(current.values_list("county_id", flat=True))
        for county_id in sorted(wanted - have):
            InspectorAssignment.objects.create(
                programme=programme, year=year, inspector=inspector, county_id=county_id
            )
    return sorted(wanted)
