"""Who may act on supervision visits and follow-ups, and who may manage support owed to helpers.

Who may record a visit is one function, `may_record_visit`, so that the per-county assignment
of inspectors (evaluation part) narrows it in one place. `may_manage_support` lives here,
below the support app, because a helper's problem is closed by whoever manages support.
"""

from __future__ import annotations

from bangfu.accounts.roles import Role, can
from bangfu.visits.models import FollowUp, InspectorAssignment


def may_record_visit(user, county) -> bool:
    """`oversight.visit`: county offices for their own county; inspectors for the counties
    they are assigned to (`InspectorAssignment`, any year); the city office and the institute
    for every county."""
    if not can(user, "oversight.visit"):
        return False
    county_id = getattr(county, "pk", county)
    if user.role == Role.COUNTY:
        return user.county_id == county_id
    if user.role == Role.INSPECTOR:
        return InspectorAssignment.objects.filter(inspector=user, county_id=county_id).exists()
    return True


def may_edit_visit(user, visit) -> bool:
    """Correcting a recorded visit (`oversight.visit`): whoever may record visits in its
    county (`may_record_visit`), and the account that recorded it while its role still
    records visits (an inspector whose assignment has since moved on may still correct
    its own record). Its follow-ups being all closed does not stop a correction."""
    if not can(user, "oversight.visit"):
        return False
    if visit.recorded_by_id is not None and visit.recorded_by_id == getattr(user, "pk", None):
        return True
    return may_record_visit(user, visit.county_id)


def may_read_oversight(user) -> bool:
    """Visits and the follow-up board are the offices' (not helpers', auditor's, admin's)."""
    return can(user, "business.read") and getattr(user, "role", None) != Role.HELPER


def may_manage_support(user, county_id: int | None) -> bool:
    """`support.manage`: county offices for their county, the city office for all."""
    if not can(user, "support.manage"):
        return False
    return user.role != Role.COUNTY or user.county_id == county_id


def may_close(user, follow_up: FollowUp) -> bool:
    """A visit's follow-up: whoever may record visits in its county, or its owner's account.
    A helper's problem: the county office (or the city office): `support.manage`."""
    if follow_up.source == FollowUp.Source.HELPER:
        return may_manage_support(user, follow_up.county_id)
    if follow_up.owner_id is not None and follow_up.owner_id == getattr(user, "pk", None):
        return True
    return may_record_visit(user, follow_up.county_id)
