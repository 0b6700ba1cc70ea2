"""Who sees a contact's mobile number in full (`owns_number`), and `phone_for` to show it so.

The pairing app tells which helpers are paired with a county (`set_paired_helpers`, installed
by `PairingConfig.ready()`): accounts sits below pairing and cannot ask it directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from bangfu.core.masking import mask_phone

from .roles import Role


def _no_pairings(county_id: int) -> Iterable[int]:
    return ()


#: county id -> ids of the helpers with a pairing (any status) with a village of that county
_paired_helpers: Callable[[int], Iterable[int]] = _no_pairings


def set_paired_helpers(provider: Callable[[int], Iterable[int]]) -> None:
    """Install the pairing app's answer to "which helpers are paired with this county"."""
    global _paired_helpers
    _paired_helpers = provider


# --- Who sees a contact's mobile number in full --------------------------------------------
#
# One rule for every page, API answer, export and document (docs/DECISIONS.md "Contact
# numbers: full for their own office only"). A number belongs either to a county (township
# service staff, the county's leading-group roster) or to a helper (its liaison). It is shown
# in full to:
#   - the city office (it runs the programme: all counties' contacts and the helpers'
#     register are its own records);
#   - a county office, for its own county's numbers and for the liaisons of helpers that have
#     a pairing (any status) with a village of its county;
#   - a helper's liaison, for its own helper's number only.
# Everyone else (the institute, inspectors, the auditor, the system administrator, other
# counties, other helpers) gets it masked (138****5678). /public/ prints each county's
# published liaison in full on purpose: that page does not ask this function.


def _paired_helper_ids(viewer) -> frozenset[int]:
    """The helpers with a pairing in `viewer`'s county (cached on the user for the request)."""
    cached = getattr(viewer, "_paired_helper_ids", None)
    if cached is None:
        cached = frozenset(_paired_helpers(viewer.county_id))
        viewer._paired_helper_ids = cached
    return cached


def owns_number(viewer, *, county_id: int | None = None, helper_id: int | None = None) -> bool:
    """Whether `viewer` is the own office of a number kept for `county_id` or `helper_id`."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return False
    role = getattr(viewer, "role", None)
    if role == Role.CITY:
        return True
    if role == Role.COUNTY and viewer.county_id:
        if county_id is not None and county_id == viewer.county_id:
            return True
        return helper_id is not None and helper_id in _paired_helper_ids(viewer)
    if role == Role.HELPER:
        return helper_id is not None and helper_id == viewer.helper_id
    return False


def phone_for(viewer, number: str | None, *, county_id=None, helper_id=None) -> str:
    """`number` in full for its own office (see above), masked for everyone else."""
    if not number:
        return ""
    if owns_number(viewer, county_id=county_id, helper_id=helper_id):
        return str(number)
    return mask_phone(number)
