"""Mainland mobile numbers: 11 digits starting 13-19, with an optional +86 / 0086 / 86 prefix."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from bangfu.core.text import DIGITS, Label, given, normalize_text, number_source

MOBILE_LABEL = _("Mobile number")

_MOBILE_SEPARATORS = str.maketrans("", "", " -()")


def normalize_mobile(value: object) -> str:
    """Half-width, without spaces, hyphens or brackets; numeric cells read as digits.

    The country prefix is kept; :func:`validate_mobile` removes it. ``None`` gives ``""``.
    """
    if value is None:
        return ""
    text = number_source(value)
    if text is None:  # 16 digits or more: no mobile number; keep it as shown, to be refused
        text = normalize_text(given(value))
    return text.translate(_MOBILE_SEPARATORS)


def validate_mobile(value: object, *, field_label: Label | None = None) -> str:
    """Return the 11 digits of a mainland mobile number or raise ValidationError.

    Accepts ``+86``, ``0086`` or ``86`` in front, and spaces, hyphens or brackets anywhere.
    Codes: ``mobile_required``, ``mobile_country`` (another country's prefix),
    ``mobile_digits``, ``mobile_landline`` (starts with 0: an area code), ``mobile_length``,
    ``mobile_prefix`` (does not start with 13-19).
    """
    params: dict[str, object] = {"field": field_label or MOBILE_LABEL, "value": given(value)}
    number = normalize_mobile(value)

    def fail(message: Promise | str, code: str, **extra: object) -> ValidationError:
        return ValidationError(message, code=code, params=params | extra)

    if not number:
        raise fail(_("%(field)s: a mobile number is required."), "mobile_required")
    if number.startswith("+"):
        if not number.startswith("+86"):
            raise fail(
                _(
                    "%(field)s: “%(value)s” is not a valid mobile number: only mainland "
                    "China numbers (+86) are accepted."
                ),
                "mobile_country",
            )
        number = number[3:]
    elif number.startswith("0086"):
        number = number[4:]
    elif number.startswith("86") and len(number) == 13:
        number = number[2:]
    if not set(number) <= DIGITS:
        raise fail(
            _(
                "%(field)s: “%(value)s” is not a valid mobile number: it may contain only "
                "digits, spaces, hyphens and a +86 prefix."
            ),
            "mobile_digits",
        )
    if number.startswith("0"):
        raise fail(
            _(
                "%(field)s: “%(value)s” is not a valid mobile number: it looks like a "
                "landline number with an area code; a mobile number is required."
            ),
            "mobile_landline",
        )
    if len(number) != 11:
        raise fail(
            ngettext_lazy(
                "%(field)s: “%(value)s” is not a valid mobile number: it has %(length)d "
                "digit, but 11 are required.",
                "%(field)s: “%(value)s” is not a valid mobile number: it has %(length)d "
                "digits, but 11 are required.",
                "length",
            ),
            "mobile_length",
            length=len(number),
        )
    if number[0] != "1" or number[1] not in "3456789":
        raise fail(
            _(
                "%(field)s: “%(value)s” is not a valid mobile number: mainland mobile "
                "numbers start with 13 to 19."
            ),
            "mobile_prefix",
        )
    return number
