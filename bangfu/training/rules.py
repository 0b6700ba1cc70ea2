"""Who may record training sessions and their trainees (docs/DECISIONS.md, issue 18).

`training.record`: the institute for every county, a county office for its own county.
A helper liaison records the sessions its own helper organised (by ownership, as it records
its own helper's assistance). The city office and inspectors read; nobody else sees them.
"""

from __future__ import annotations

from bangfu.accounts.roles import Role, can


def is_liaison(user) -> bool:
    return getattr(user, "role", None) == Role.HELPER and bool(getattr(user, "helper_id", None))


def may_record_any(user) -> bool:
    """May record some session at all (the pages' "new" buttons, the create views)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return can(user, "training.record") or is_liaison(user)


def may_record(user, *, county_id: int | None, helper_id: int | None = None) -> bool:
    """May record a session (and its roster) of `county_id`, organised by `helper_id` (None:
    the institute)."""
    if not may_record_any(user):
        return False
    if user.role == Role.HELPER:
        return helper_id is not None and helper_id == user.helper_id
    if user.role == Role.COUNTY:
        return county_id is not None and county_id == user.county_id
    return True


def may_record_session(user, session) -> bool:
    return may_record(user, county_id=session.county_id, helper_id=session.helper_id)


def shows_poor(user) -> bool:
    """The per-person match to the poor registry is registry data: the roles that read
    households see it; helper liaisons see only the record's count."""
    return can(user, "personal.read")
