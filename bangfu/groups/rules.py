"""Who may keep the leading groups and recommendations, and what a member's contacts must be.

A county office (`reporting.submit`) keeps its own county's roster and enters the
recommendations of the helping districts that help its county; the city office
(`reporting.review`) may do both for every county and alone selects the demonstration
villages.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from bangfu.accounts import audit
from bangfu.accounts.guards import require
from bangfu.accounts.roles import Role, can
from bangfu.core.text import normalize_text
from bangfu.core.validators import validate_mobile
from bangfu.places.models import Division


def may_edit_county(user, county_id: int | None) -> bool:
    """The city office for every county; a county office for its own county only."""
    if can(user, "reporting.review"):
        return True
    return (
        can(user, "reporting.submit")
        and user.role == Role.COUNTY
        and county_id is not None
        and user.county_id == county_id
    )


def may_select(user) -> bool:
    return can(user, "reporting.review")


def require_county(user, county: Division, what: str) -> None:
    """Refuse with a clear message a county office writing for another county (it knows the
    other counties exist: they are on the public page); refuse others with 403."""
    if may_edit_county(user, county.pk):
        return
    if can(user, "reporting.submit") and user.role == Role.COUNTY:
        audit.record(event="access_denied", obj=county, outcome="denied", detail=what)
        raise ValidationError(
            _("You keep the records of %(own)s only; %(county)s is another county's.")
            % {"own": user.county.name if user.county_id else "—", "county": county.name},
            code="other_county",
        )
    require(False, what, county)


def require_county_page(user, county: Division) -> None:
    """A form page of `county`: 403 for a role that may not write it."""
    require(may_edit_county(user, county.pk), "reporting.edit", county)


_LANDLINE = re.compile(r"^(0\d{2,3})[- ]?(\d{7,8})(?:[- ]?(?:转|ext\.?|x)?\s*(\d{1,6}))?$")


def clean_phone(value: str) -> str:
    """A mainland mobile number (11 digits) or an office landline with its area code
    (“0314-2023456”, an extension allowed). Empty stays empty."""
    text = normalize_text(value)
    if not text:
        return ""
    compact = text.replace("（", "(").replace("）", ")").replace("(", "").replace(")", "")
    landline = _LANDLINE.match(compact)
    if landline:
        area, number, ext = landline.groups()
        return f"{area}-{number}" + (f"-{ext}" if ext else "")
    try:
        return validate_mobile(text)
    except ValidationError:
        raise ValidationError(
            {
                "phone": _(
                    "“%(value)s” is not a phone number: write a mobile number (11 digits) or "
                    "an office number with its area code, e.g. 0314-2023456."
                )
                % {"value": text}
            },
            code="phone",
        ) from None


def clean_email(value: str) -> str:
    text = normalize_text(value)
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError:
        raise ValidationError(
            {"email": _("“%(value)s” is not an e-mail address.") % {"value": text}},
            code="email",
        ) from None
    return text
