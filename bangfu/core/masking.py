"""Server-side masking of personal numbers (SECURITY.md §8, §10).

`scrub()` is applied to everything written to the audit trail and the logs, so that a
full resident ID or mobile number never lands there even by accident.
"""

from __future__ import annotations

import re

ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9A-Za-z])")
MOBILE_RE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


def _is_placeholder(value) -> bool:
    from .crypto import Undecryptable

    return isinstance(value, Undecryptable)


def mask_id(value: str | None) -> str:
    """130821199001011234 -> 130821********1234."""
    if not value:
        return ""
    if _is_placeholder(value):
        return value
    value = str(value)
    if len(value) < 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str | None) -> str:
    """13812341234 -> 138****1234."""
    if not value:
        return ""
    if _is_placeholder(value):
        return value
    value = str(value)
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def scrub(text: str) -> str:
    """Mask every resident ID and mobile number inside free text."""
    if not text:
        return text
    text = ID_RE.sub(lambda m: m.group(1) + "********" + m.group(2)[-4:], text)
    return MOBILE_RE.sub(lambda m: m.group(1) + "****" + m.group(2), text)


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
        from bangfu.pairing.models import Pairing

        cached = frozenset(
            Pairing.objects.filter(county_id=viewer.county_id).values_list("helper_id", flat=True)
        )
        viewer._paired_helper_ids = cached
    return cached


def owns_number(viewer, *, county_id: int | None = None, helper_id: int | None = None) -> bool:
    """Whether `viewer` is the own office of a number kept for `county_id` or `helper_id`."""
    from bangfu.accounts.roles import Role

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
