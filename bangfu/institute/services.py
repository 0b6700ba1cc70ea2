"""Business actions of the institute: keep the service network, record technical help.

One action each, keyword-only, in one transaction; every row is saved through
`BusinessModel.save()`/`.delete()`, which writes its field-level audit row. `institute.manage`
(the institute's staff) may act at all; a visit is edited by whoever recorded it.

`VillageProfile.has_workstation` is kept in step with the records here
(docs/DECISIONS.md, issue 18): a village has a workstation while a workstation record of it
is open or suspended; the registry's own form and import no longer set it.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts.guards import require
from bangfu.accounts.roles import can
from bangfu.assistance.models import PeriodLock
from bangfu.core.identifiers.mobile import validate_mobile
from bangfu.core.periods import period_of
from bangfu.places.models import Division, Level, Programme, ServicePoint, ServiceStaff
from bangfu.registry.models import Household, VillageProfile

from .models import Service, SubjectKind, TechVisit

LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
LEVEL_OF = {ServicePoint.Kind.CENTRE: Level.TOWNSHIP, ServicePoint.Kind.WORKSTATION: Level.VILLAGE}
PRESENT = (ServicePoint.Status.OPEN, ServicePoint.Status.SUSPENDED)


def _actor(user):
    return user if getattr(user, "pk", None) else None


def _may_manage(user) -> bool:
    return user is None or can(user, "institute.manage")


def clean_phone(value: str, field: str = "phone") -> str:
    """A mobile (11 digits, +86 accepted) or a landline with its area code (0314-1234567)."""
    value = (value or "").strip()
    if not value:
        return ""
    compact = value.replace(" ", "")
    if LANDLINE_RE.match(compact):
        return compact
    try:
        return validate_mobile(compact)
    except ValidationError:
        raise ValidationError(
            {
                field: _(
                    "“%(value)s” is neither a mobile number (11 digits) nor a landline "
                    "with its area code (0314-1234567)."
                )
                % {"value": value}
            }
        ) from None


# --------------------------------------------------------------------------- network


def sync_workstation_flag(village: Division) -> None:
    """Set the village profile's “village workstation present” from the records."""
    present = ServicePoint.objects.filter(
        division=village, kind=ServicePoint.Kind.WORKSTATION, status__in=PRESENT
    ).exists()
    profile = VillageProfile.objects.filter(village=village).first()
    if profile is not None and profile.has_workstation != present:
        profile.has_workstation = present
        profile.save(update_fields=["has_workstation"])


def _check_point(point: ServicePoint) -> None:
    errors = {}
    if point.kind not in ServicePoint.Kind.values:
        errors["kind"] = _("Choose a township service centre or a village workstation.")
    elif point.division_id and point.division.level != LEVEL_OF[point.kind]:
        errors["division"] = (
            _("A township service centre belongs to a township: give a 9-digit township code.")
            if point.kind == ServicePoint.Kind.CENTRE
            else _("A village workstation belongs to a village: give a 12-digit village code.")
        )
    if point.opened_on and point.opened_on > timezone.localdate():
        errors["opened_on"] = _("The opening date cannot be in the future.")
    if point.status not in ServicePoint.Status.values:
        errors["status"] = _("Choose open, suspended or closed.")
    elif point.status != ServicePoint.Status.OPEN and not point.status_note.strip():
        errors["status_note"] = _("Give the reason the point is suspended or closed.")
    if errors:
        raise ValidationError(errors)
    twin = ServicePoint.objects.filter(division=point.division, kind=point.kind).exclude(
        pk=point.pk
    )
    if twin.exists():
        raise ValidationError(
            {
                "division": _("%(place)s already has a %(kind)s: %(name)s.")
                % {
                    "place": point.division.name,
                    "kind": point.get_kind_display(),
                    "name": twin.first().name,
                }
            },
            code="duplicate",
        )


def _set_master(point: ServicePoint, name: str, phone: str) -> None:
    master = point.staff.filter(is_master=True).first()
    name = (name or "").strip()
    if not name:
        if master is not None:
            master.delete()
        return
    if master is None:
        master = ServiceStaff(point=point, is_master=True, post=_("station master"))
    master.name, master.phone = name[:32], phone
    master.save()


def _default_name(kind: str, division: Division) -> str:
    suffix = "科技服务中心" if kind == ServicePoint.Kind.CENTRE else "科技服务工作站"
    return f"{division.name}{suffix}"[:100]


def point_create(
    *,
    user,
    kind: str,
    division: Division,
    name: str = "",
    address: str = "",
    opened_on: dt.date | None = None,
    status: str = ServicePoint.Status.OPEN,
    status_note: str = "",
    master_name: str = "",
    master_phone: str = "",
) -> ServicePoint:
    """Open a township service centre or a village workstation, with its station master."""
    require(_may_manage(user), "institute.manage", division)
    point = ServicePoint(
        kind=kind,
        division=division,
        name=(name or "").strip() or _default_name(kind, division),
        address=(address or "").strip(),
        opened_on=opened_on,
        status=status,
        status_note=(status_note or "").strip(),
    )
    _check_point(point)
    phone = clean_phone(master_phone, "master_phone")
    with transaction.atomic():
        point.save()
        _set_master(point, master_name, phone)
        if point.kind == ServicePoint.Kind.WORKSTATION:
            sync_workstation_flag(point.division)
    return point


def point_update(
    *,
    user,
    point: ServicePoint,
    name: str,
    address: str = "",
    opened_on: dt.date | None = None,
    status: str = ServicePoint.Status.OPEN,
    status_note: str = "",
    master_name: str = "",
    master_phone: str = "",
) -> ServicePoint:
    """Edit a centre or workstation: its name, address, opening date, status (open,
    suspended, closed, with the reason) and station master. Place and kind stay."""
    require(_may_manage(user), "institute.manage", point)
    point.name = (name or "").strip() or _default_name(point.kind, point.division)
    point.address = (address or "").strip()
    point.opened_on = opened_on
    point.status = status
    point.status_note = (status_note or "").strip() if status != ServicePoint.Status.OPEN else ""
    _check_point(point)
    phone = clean_phone(master_phone, "master_phone")
    with transaction.atomic():
        point.save()
        _set_master(point, master_name, phone)
        if point.kind == ServicePoint.Kind.WORKSTATION:
            sync_workstation_flag(point.division)
    return point


def staff_add(*, user, point: ServicePoint, name: str, post: str = "", phone: str = ""):
    """Add a staff member (technician, contact) to a centre or workstation."""
    require(_may_manage(user), "institute.manage", point)
    if not (name or "").strip():
        raise ValidationError({"name": _("Give the staff member's name.")})
    staff = ServiceStaff(
        point=point,
        name=name.strip()[:32],
        post=(post or "").strip()[:32],
        phone=clean_phone(phone),
    )
    with transaction.atomic():
        staff.save()
    return staff


def staff_remove(*, user, staff: ServiceStaff) -> None:
    """Remove a staff member who left (the audit trail keeps who it was)."""
    require(_may_manage(user), "institute.manage", staff)
    staff.delete()


# --------------------------------------------------------------------------- visits


def _programme_start() -> dt.date:
    year = Programme.objects.filter(is_current=True).values_list("start_year", flat=True).first()
    return dt.date(year or 2017, 1, 1)


def _check_visit(visit: TechVisit, *, point_changed: bool) -> None:
    household, point = visit.household, visit.point
    errors = {}
    if not household.tech_help:
        errors["household"] = _(
            "%(name)s's household is not selected for tech help: mark it in the registry first."
        ) % {"name": household.head_name}
    village = household.village
    serves = (
        point.kind == ServicePoint.Kind.CENTRE and point.division_id == village.parent_id
    ) or (point.kind == ServicePoint.Kind.WORKSTATION and point.division_id == village.pk)
    if not serves:
        errors["point"] = _(
            "%(point)s does not serve %(village)s: choose its township's centre or its "
            "village's workstation."
        ) % {"point": point.name, "village": village.name}
    elif point_changed and point.status == ServicePoint.Status.CLOSED:
        errors["point"] = _("%(point)s is closed: choose an open centre or workstation.") % {
            "point": point.name
        }
    today = timezone.localdate()
    if visit.visited_on is None:
        errors["visited_on"] = _("Give the date of the visit.")
    elif visit.visited_on > today:
        errors["visited_on"] = _("The visit date cannot be in the future.")
    elif visit.visited_on < _programme_start():
        errors["visited_on"] = _("The visit date is before the programme began.")
    elif point.opened_on and visit.visited_on < point.opened_on and "point" not in errors:
        errors["visited_on"] = _("%(point)s opened on %(date)s, after this date.") % {
            "point": point.name,
            "date": point.opened_on,
        }
    if visit.service not in Service.values:
        errors["service"] = _("Choose the service given.")
    if visit.subject_kind not in SubjectKind.values:
        errors["subject_kind"] = _("Choose crop, livestock or other.")
    if not visit.subject.strip():
        errors["subject"] = _("Name the crop or livestock (e.g. 黄芩, 肉牛).")
    if not visit.description.strip():
        errors["description"] = _("Say what was done.")
    if errors:
        raise ValidationError(errors)


def _check_unlocked(county_id: int, day: dt.date) -> None:
    period = period_of(day).code
    if PeriodLock.objects.filter(county_id=county_id, period=period).exists():
        raise ValidationError(
            {
                "visited_on": _(
                    "The half-year %(period)s of this county was accepted and is closed: "
                    "visits dated in it can no longer be recorded or changed."
                )
                % {"period": period}
            },
            code="locked",
        )


def visit_record(
    *,
    user,
    household: Household,
    point: ServicePoint,
    visited_on: dt.date,
    service: str,
    subject_kind: str,
    subject: str,
    description: str,
    result: str = "",
) -> TechVisit:
    """Record a visit or service of the institute to a tech-help household."""
    require(_may_manage(user), "institute.manage", household)
    visit = TechVisit(
        household=household,
        point=point,
        visited_on=visited_on,
        service=service,
        subject_kind=subject_kind,
        subject=(subject or "").strip()[:40],
        description=(description or "").strip(),
        result=(result or "").strip(),
        recorded_by=_actor(user),
    )
    _check_visit(visit, point_changed=True)
    _check_unlocked(household.county_id, visited_on)
    with transaction.atomic():
        visit.save()
    return visit


EDITABLE = ("point", "visited_on", "service", "subject_kind", "subject", "description", "result")


def may_edit_visit(user, visit: TechVisit) -> bool:
    """Whoever recorded a visit edits it (with `institute.manage`)."""
    return can(user, "institute.manage") and visit.recorded_by_id == user.pk


def visit_update(*, user, visit: TechVisit, **changes) -> TechVisit:
    """Change one's own visit (its household stays: record a new visit for another)."""
    if not may_edit_visit(user, visit):
        require(False, "institute.visit.edit", visit)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise PermissionDenied(", ".join(sorted(unknown)))
    _check_unlocked(visit.county_id, visit.visited_on)
    old_point = visit.point_id
    for key, value in changes.items():
        setattr(visit, key, value.strip() if isinstance(value, str) else value)
    _check_visit(visit, point_changed=visit.point_id != old_point)
    _check_unlocked(visit.county_id, visit.visited_on)
    with transaction.atomic():
        visit.save()
    return visit
