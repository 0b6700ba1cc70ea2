"""Resident ID numbers (公民身份号码, GB 11643-1999): check character, birth date, region, sex."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from operator import mul
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from bangfu.core.text import DIGITS, Label, given, number_source

from .regions import is_known_region_code

ID_NUMBER_LABEL = _("Resident ID number")

EARLIEST_BIRTH_DATE = date(1900, 1, 1)


ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"


def id_check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 17 digits of an ID number.

    Raises ValueError unless ``first17`` is exactly 17 ASCII digits.
    """
    if len(first17) != 17 or not set(first17) <= DIGITS:
        raise ValueError(f"expected 17 digits, got {len(first17)} characters")
    total = sum(map(mul, map(int, first17), ID_WEIGHTS))
    return ID_CHECK_CHARS[total % 11]


def make_id_number(first17: str) -> str:
    """The 18-character ID number made of ``first17`` and its check character."""
    return first17 + id_check_char(first17)


def normalize_id_number(value: object, *, field_label: Label | None = None) -> str:
    """Tidy an ID number as typed or imported; no validation beyond lost spreadsheet digits.

    Half-width characters, no spaces at all, a final ``x`` upper-cased. Integers (an ID
    number read from a numeric spreadsheet cell) are fine; a float of 16 digits or more, or
    such a number written out as text (``1.30821199001011E+17``), raises
    ValidationError(code="id_number_stored_as_number"): the spreadsheet kept only 15
    significant digits. ``None`` gives ``""``.
    """
    if value is None:
        return ""
    text = number_source(value)
    if text is None:
        raise ValidationError(
            _(
                "%(field)s: “%(value)s” is not a valid resident ID number: the spreadsheet "
                "cell was stored as a number and lost digits. Format the column as text and "
                "enter the number again."
            ),
            code="id_number_stored_as_number",
            params={"field": field_label or ID_NUMBER_LABEL, "value": given(value)},
        )
    text = "".join(text.split())
    if text.endswith("x"):
        text = text[:-1] + "X"
    return text


def validate_id_number(
    value: object, *, field_label: Label | None = None, today: date | None = None
) -> str:
    """Return the normalized resident ID number or raise ValidationError.

    `today` is the local date births may not be after (default: looked up now; an import
    looks it up once for all its rows).

    Codes: ``id_number_required``, ``id_number_stored_as_number``, ``id_number_length``,
    ``id_number_digits`` (a non-digit among the first 17), ``id_number_last_char`` (last
    character neither a digit nor X), ``id_number_birth_date`` (no such date),
    ``id_number_birth_date_future``, ``id_number_birth_date_too_early`` (before 1900-01-01),
    ``id_number_region`` (the first six digits were never a region code),
    ``id_number_check_char`` (``params["expected"]`` is the right check character).
    """
    if type(value) is str and _plain_valid(value, today):
        return value  # the common case: 18 tidy characters that pass every check below
    label = field_label or ID_NUMBER_LABEL
    params: dict[str, object] = {"field": label, "value": given(value)}
    number = normalize_id_number(value, field_label=label)

    def fail(message: Promise | str, code: str, **extra: object) -> ValidationError:
        return ValidationError(message, code=code, params=params | extra)

    if not number:
        raise fail(_("%(field)s: a resident ID number is required."), "id_number_required")
    if len(number) != 18:
        raise fail(
            ngettext_lazy(
                "%(field)s: “%(value)s” is not a valid resident ID number: it has "
                "%(length)d character, but 18 are required.",
                "%(field)s: “%(value)s” is not a valid resident ID number: it has "
                "%(length)d characters, but 18 are required.",
                "length",
            ),
            "id_number_length",
            length=len(number),
        )
    if not set(number[:17]) <= DIGITS:
        raise fail(
            _(
                "%(field)s: “%(value)s” is not a valid resident ID number: the first 17 "
                "characters must all be digits."
            ),
            "id_number_digits",
        )
    if number[17] not in ID_CHECK_CHARS:
        raise fail(
            _(
                "%(field)s: “%(value)s” is not a valid resident ID number: the last "
                "character must be a digit or X."
            ),
            "id_number_last_char",
        )
    born = _birth_date_or_none(number)
    shown_birth = f"{number[6:10]}-{number[10:12]}-{number[12:14]}"
    if born is None:
        raise fail(
            _(
                "%(field)s: “%(value)s” is not a valid resident ID number: %(birth_date)s "
                "is not a valid date of birth."
            ),
            "id_number_birth_date",
            birth_date=shown_birth,
        )
    if born < EARLIEST_BIRTH_DATE:
        raise fail(
            _(
                "%(field)s: “%(value)s” is not a valid resident ID number: the date of "
                "birth %(birth_date)s is before 1900-01-01."
            ),
            "id_number_birth_date_too_early",
            birth_date=shown_birth,
        )
    if born > (today or timezone.localdate()):
        raise fail(
            _(
                "%(field)s: “%(value)s” is not a valid resident ID number: the date of "
                "birth %(birth_date)s is in the future."
            ),
            "id_number_birth_date_future",
            birth_date=shown_birth,
        )
    if not is_known_region_code(number[:6]):
        raise fail(
            _(
                "%(field)s: “%(value)s” is not a valid resident ID number: %(region)s is "
                "not a known region code."
            ),
            "id_number_region",
            region=number[:6],
        )
    expected = id_check_char(number[:17])
    if number[17] != expected:
        raise fail(
            _(
                "%(field)s: “%(value)s” is not a valid resident ID number: the check "
                "character should be %(expected)s."
            ),
            "id_number_check_char",
            expected=expected,
        )
    return number


_PLAIN_ID = re.compile(r"[0-9]{17}[0-9X]")


def _plain_valid(text: str, today: date | None) -> bool:
    """Whether `text` is already a tidy ID number (17 ASCII digits and a digit or X, nothing
    around it) that passes all of `validate_id_number`'s checks: the same checks, without
    building the message parameters, with the birth dates and region codes of a run
    remembered. False sends the number down the full path, which says what is wrong."""
    if len(text) != 18 or not _PLAIN_ID.fullmatch(text):
        return False
    born = _birth_date_cached(text[6:14])
    if born is None or born < EARLIEST_BIRTH_DATE or born > (today or timezone.localdate()):
        return False
    return is_known_region_code(text[:6]) and text[17] == id_check_char(text[:17])


@lru_cache(maxsize=1 << 15)
def _birth_date_cached(digits: str) -> date | None:
    """The date of birth of an ID number's 8 birth digits (YYYYMMDD), None if no such date."""
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def _birth_date_or_none(number: str) -> date | None:
    return _birth_date_cached(number[6:14])


def birth_date_of(number: str) -> date:
    """Date of birth of an ID number that `validate_id_number` already returned."""
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def sex_of(number: str) -> Literal["M", "F"]:
    """Sex of an ID number that `validate_id_number` already returned."""
    return "M" if int(number[16]) % 2 else "F"


def id_birth_date(id_number: object) -> date:
    """Date of birth encoded in an ID number; raises ValidationError if it is not valid."""
    number = validate_id_number(id_number)
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def id_sex(id_number: object) -> Literal["M", "F"]:
    """``"M"`` if the 17th digit is odd, else ``"F"``; raises ValidationError if not valid."""
    number = validate_id_number(id_number)
    return "M" if int(number[16]) % 2 else "F"
