"""Who may run and decide pairing suggestions, and who sets the fit weights."""

from __future__ import annotations

from bangfu.accounts.roles import Role, can


def may_suggest(user) -> bool:
    """The county office (its county) and the city office (every county)."""
    return (
        getattr(user, "is_active", False)
        and getattr(user, "role", None) in (Role.CITY, Role.COUNTY)
        and can(user, "pairing.manage")
    )


def may_set_weights(user) -> bool:
    """The fit weights are the city office's."""
    return getattr(user, "is_active", False) and getattr(user, "role", None) == Role.CITY


def may_open_village(user) -> bool:
    """Opening a village that is not (or no longer) poor: the county office (pairing.override)."""
    return may_suggest(user) and can(user, "pairing.override")
