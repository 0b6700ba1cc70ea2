"""Validation of resident ID numbers, unified social credit codes and mobile numbers.

One module for forms, the API and spreadsheet imports, so that all three accept and refuse
the same values with the same messages.

* Resident ID number (公民身份号码, GB 11643-1999): 18 characters, ISO 7064 MOD 11-2 check
  character, a real date of birth, and a region prefix that exists or once existed. Numbers
  stay valid for life, so a prefix abolished since (平泉县 130823, now 平泉市 130881) is
  accepted whatever the date of birth: the prefix records where the number was issued, which
  says nothing about the year of birth.
* Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a
  31-character alphabet, MOD 31 check character.
* Mainland mobile number: 11 digits starting 13-19, with an optional +86 / 0086 / 86 prefix.

Each ``validate_*`` function returns the normalized value or raises
:class:`~django.core.exceptions.ValidationError` with a ``code`` and ``params`` holding at
least ``value`` (the value as given) and ``field`` (the field's label). The messages quote the
value in full: they are for the person who typed it. Do not log them (CONVENTIONS.md §6).

The region prefixes come from ``data/region_codes.csv``; its header and docs/DATA.md say where
the codes come from.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

type Label = str | Promise

REGION_CODES_FILE = Path(__file__).resolve().parent / "data" / "region_codes.csv"

ID_NUMBER_LABEL = _("Resident ID number")
USCC_LABEL = _("Unified social credit code")
MOBILE_LABEL = _("Mobile number")

EARLIEST_BIRTH_DATE = date(1900, 1, 1)

_DIGITS = frozenset("0123456789")

# Full-width forms of the printable ASCII characters (U+FF01-U+FF5E) and the ideographic
# space, mapped to their ASCII counterparts; zero-width characters that spreadsheets and web
# pages leave behind are dropped.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALF_WIDTH[0x3000] = 0x20
_HALF_WIDTH.update(dict.fromkeys((0x200B, 0x2060, 0xFEFF)))

# Excel keeps 15 significant digits: a number of 16 digits or more typed into a cell that is
# not formatted as text has lost its last digits. Text that looks like a number written by a
# spreadsheet or a data frame (a decimal point or an exponent) is read as that number.
_EXCEL_DIGITS = 15
_EXCEL_LIMIT = 10**_EXCEL_DIGITS
# Decimal text ("13812345678.0") or scientific notation as spreadsheets and floats print it
# ("1.30821199001011E+17": one digit before the point).
_NUMERIC_TEXT = re.compile(r"[+-]?(?:\d+\.\d*|\.\d+|\d(?:\.\d*)?[eE][+-]?\d{1,3})")


# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------


def normalize_text(value: object) -> str:
    """Return ``value`` as tidy text: half-width ASCII, single spaces, no outer whitespace.

    Full-width letters, digits and punctuation (``１３０８``, ``ＡＢ``, ``（）``, ``，``) and the
    ideographic space U+3000 become their ASCII forms; zero-width spaces and byte-order marks
    are dropped; the text is put in Unicode NFC (which only merges equivalent code points,
    e.g. a decomposed ``ǚ`` or a CJK compatibility ideograph); any run of whitespace becomes
    one space. Chinese characters and CJK punctuation outside the full-width ASCII block
    (``。``, ``、``, ``《》``) are left alone; NFKC is not used because it would also rewrite
    ``①``, ``Ⅲ``, ``㎡`` or ``℃``. ``None`` gives ``""``; other values go through ``str()``.
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else _as_text(value)
    text = unicodedata.normalize("NFC", text.translate(_HALF_WIDTH))
    return " ".join(text.split())


def _as_text(value: object) -> str:
    """``str(value)``, but never failing on an integer too long to print."""
    try:
        return str(value)
    except ValueError:  # int longer than sys.get_int_max_str_digits()
        return "(number too long to show)"


def _given(value: object) -> str:
    """The value as the user gave it, for quoting in a message."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer() and abs(value) < _EXCEL_LIMIT:
        return str(int(value))
    return _as_text(value)


def _number_source(value: object) -> str | None:
    """Text of a value that may have come from a spreadsheet cell; None if digits were lost.

    Integers and Decimals are exact and kept. A float or numeric-looking text
    (``1.30821199001011E+17``, ``13812345678.0``) is read as a number: at 10**15 or more it
    has lost digits (None); a whole number below that becomes its digits. NaN (an empty cell
    in a data frame) gives ``""``. Anything else is returned as normalized text.
    """
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return _as_text(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return _whole_number(Decimal(value), repr(value)) if math.isfinite(value) else repr(value)
    if isinstance(value, Decimal):  # exact, like an int
        if value.is_nan():
            return ""
        if value.is_finite() and -40 < value.adjusted() < 40 and value == int(value):
            return str(int(value))
        return str(value)
    text = normalize_text(value)
    if _NUMERIC_TEXT.fullmatch(text):
        return _whole_number(Decimal(text), text)
    return text


def _whole_number(number: Decimal, text: str) -> str | None:
    if number.is_zero():
        return "0"
    if number.adjusted() >= _EXCEL_DIGITS:  # 10**15 or more: digits were lost
        return None
    if number.adjusted() < 0 or number != int(number):
        return text
    return str(int(number))


# --------------------------------------------------------------------------------------------
# Region codes (GB/T 2260 and the statistical division codes)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RegionPeriod:
    """One name a region code had, with the years it was in force (None = open-ended)."""

    code: str
    name: str
    start_year: int | None
    end_year: int | None


@cache
def region_table() -> dict[str, tuple[RegionPeriod, ...]]:
    """Every region code that exists or once existed, with its names over time.

    Loaded once from ``data/region_codes.csv`` (comment lines start with ``#``).
    """
    periods: dict[str, list[RegionPeriod]] = {}
    with REGION_CODES_FILE.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        for row in rows:
            code = row["code"]
            periods.setdefault(code, []).append(
                RegionPeriod(
                    code=code,
                    name=row["name"],
                    start_year=int(row["start_year"]) if row["start_year"] else None,
                    end_year=int(row["end_year"]) if row["end_year"] else None,
                )
            )
    return {code: tuple(items) for code, items in periods.items()}


# Codes of the 1980s that real ID numbers carry but the published tables may lack: "xxxx20"
# (the urban area of a prefecture-level city, 1980-1983), "xxxx01" (its districts taken
# together), "xxxx02" and "xxxx11" (first urban and first suburban district, 1984 scheme).
# They are accepted when the prefecture "xxxx00" itself is a known code.
_LEGACY_CITY_SUFFIXES = frozenset({"01", "02", "11", "20"})


def is_known_region_code(code: str) -> bool:
    """True if the 6-digit ``code`` is, or once was, a region code (any year)."""
    if len(code) != 6 or not set(code) <= _DIGITS:
        return False
    table = region_table()
    if code in table:
        return True
    return code[4:] in _LEGACY_CITY_SUFFIXES and code[2:4] != "00" and f"{code[:4]}00" in table


def region_name(code: str) -> str | None:
    """The most recent name of a region code (``"130823"`` -> ``"平泉县"``), or None."""
    periods = region_table().get(code)
    return periods[-1].name if periods else None


# --------------------------------------------------------------------------------------------
# Resident ID number (GB 11643-1999)
# --------------------------------------------------------------------------------------------

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"


def id_check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 17 digits of an ID number.

    Raises ValueError unless ``first17`` is exactly 17 ASCII digits.
    """
    if len(first17) != 17 or not set(first17) <= _DIGITS:
        raise ValueError(f"expected 17 digits, got {len(first17)} characters")
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
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
    text = _number_source(value)
    if text is None:
        raise ValidationError(
            _(
                "%(field)s: “%(value)s” is not a valid resident ID number: the spreadsheet "
                "cell was stored as a number and lost digits. Format the column as text and "
                "enter the number again."
            ),
            code="id_number_stored_as_number",
            params={"field": field_label or ID_NUMBER_LABEL, "value": _given(value)},
        )
    text = "".join(text.split())
    if text.endswith("x"):
        text = text[:-1] + "X"
    return text


def validate_id_number(value: object, *, field_label: Label | None = None) -> str:
    """Return the normalized resident ID number or raise ValidationError.

    Codes: ``id_number_required``, ``id_number_stored_as_number``, ``id_number_length``,
    ``id_number_digits`` (a non-digit among the first 17), ``id_number_last_char`` (last
    character neither a digit nor X), ``id_number_birth_date`` (no such date),
    ``id_number_birth_date_future``, ``id_number_birth_date_too_early`` (before 1900-01-01),
    ``id_number_region`` (the first six digits were never a region code),
    ``id_number_check_char`` (``params["expected"]`` is the right check character).
    """
    label = field_label or ID_NUMBER_LABEL
    params: dict[str, object] = {"field": label, "value": _given(value)}
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
    if not set(number[:17]) <= _DIGITS:
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
    if born > timezone.localdate():
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


def _birth_date_or_none(number: str) -> date | None:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def id_birth_date(id_number: object) -> date:
    """Date of birth encoded in an ID number; raises ValidationError if it is not valid."""
    number = validate_id_number(id_number)
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def id_sex(id_number: object) -> Literal["M", "F"]:
    """``"M"`` if the 17th digit is odd, else ``"F"``; raises ValidationError if not valid."""
    number = validate_id_number(id_number)
    return "M" if int(number[16]) % 2 else "F"


# --------------------------------------------------------------------------------------------
# Unified social credit code (GB 32100-2015)
# --------------------------------------------------------------------------------------------

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_VALUES = {char: index for index, char in enumerate(USCC_ALPHABET)}


def uscc_check_char(first17: str) -> str:
    """MOD 31 check character for the first 17 characters of a USCC.

    Raises ValueError unless ``first17`` is 17 characters of the USCC alphabet (upper case).
    """
    if len(first17) != 17 or not set(first17) <= _USCC_VALUES.keys():
        raise ValueError("expected 17 characters from " + USCC_ALPHABET)
    total = sum(
        _USCC_VALUES[char] * weight for char, weight in zip(first17, USCC_WEIGHTS, strict=True)
    )
    return USCC_ALPHABET[(31 - total % 31) % 31]


def make_uscc(first17: str) -> str:
    """The 18-character USCC made of ``first17`` and its check character."""
    return first17 + uscc_check_char(first17)


def normalize_uscc(value: object) -> str:
    """Half-width, upper case, without spaces or hyphens. ``None`` gives ``""``."""
    text = normalize_text(value)
    return "".join(text.split()).replace("-", "").upper()


def validate_uscc(value: object, *, field_label: Label | None = None) -> str:
    """Return the normalized unified social credit code or raise ValidationError.

    Layout: registration authority (1 character, any of the alphabet but ``0``), entity type
    (likewise), 6-digit region code (not checked against the region table: national bodies
    use 100000), 9-character organisation code, check character. Codes: ``uscc_required``,
    ``uscc_length``, ``uscc_char`` (a character outside the alphabet; ``params["char"]``,
    ``params["position"]``), ``uscc_authority``, ``uscc_type``, ``uscc_region``,
    ``uscc_check_char`` (``params["expected"]``).
    """
    params: dict[str, object] = {"field": field_label or USCC_LABEL, "value": _given(value)}
    code = normalize_uscc(value)

    def fail(message: Promise | str, error_code: str, **extra: object) -> ValidationError:
        return ValidationError(message, code=error_code, params=params | extra)

    if not code:
        raise fail(_("%(field)s: a unified social credit code is required."), "uscc_required")
    if len(code) != 18:
        raise fail(
            ngettext_lazy(
                "%(field)s: “%(value)s” is not a valid unified social credit code: it has "
                "%(length)d character, but 18 are required.",
                "%(field)s: “%(value)s” is not a valid unified social credit code: it has "
                "%(length)d characters, but 18 are required.",
                "length",
            ),
            "uscc_length",
            length=len(code),
        )
    for position, char in enumerate(code, start=1):
        if char not in _USCC_VALUES:
            raise fail(
                _(
                    "%(field)s: “%(value)s” is not a valid unified social credit code: the "
                    "character “%(char)s” at position %(position)d is not allowed (only "
                    "digits and capital letters other than I, O, S, V and Z)."
                ),
                "uscc_char",
                char=char,
                position=position,
            )
    if code[0] == "0":
        raise fail(
            _(
                "%(field)s: “%(value)s” is not a valid unified social credit code: 0 is not "
                "a registration authority code."
            ),
            "uscc_authority",
        )
    if code[1] == "0":
        raise fail(
            _(
                "%(field)s: “%(value)s” is not a valid unified social credit code: 0 is not "
                "an entity type code."
            ),
            "uscc_type",
        )
    if not set(code[2:8]) <= _DIGITS:
        raise fail(
            _(
                "%(field)s: “%(value)s” is not a valid unified social credit code: "
                "characters 3 to 8 must be a 6-digit region code."
            ),
            "uscc_region",
        )
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise fail(
            _(
                "%(field)s: “%(value)s” is not a valid unified social credit code: the "
                "check character should be %(expected)s."
            ),
            "uscc_check_char",
            expected=expected,
        )
    return code


# --------------------------------------------------------------------------------------------
# Mainland mobile number
# --------------------------------------------------------------------------------------------

_MOBILE_SEPARATORS = str.maketrans("", "", " -()")


def normalize_mobile(value: object) -> str:
    """Half-width, without spaces, hyphens or brackets; numeric cells read as digits.

    The country prefix is kept; :func:`validate_mobile` removes it. ``None`` gives ``""``.
    """
    if value is None:
        return ""
    text = _number_source(value)
    if text is None:  # 16 digits or more: no mobile number; keep it as shown, to be refused
        text = normalize_text(_given(value))
    return text.translate(_MOBILE_SEPARATORS)


def validate_mobile(value: object, *, field_label: Label | None = None) -> str:
    """Return the 11 digits of a mainland mobile number or raise ValidationError.

    Accepts ``+86``, ``0086`` or ``86`` in front, and spaces, hyphens or brackets anywhere.
    Codes: ``mobile_required``, ``mobile_country`` (another country's prefix),
    ``mobile_digits``, ``mobile_landline`` (starts with 0: an area code), ``mobile_length``,
    ``mobile_prefix`` (does not start with 13-19).
    """
    params: dict[str, object] = {"field": field_label or MOBILE_LABEL, "value": _given(value)}
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
    if not set(number) <= _DIGITS:
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


# --------------------------------------------------------------------------------------------
# Validators for model and form fields
# --------------------------------------------------------------------------------------------


class _FieldValidator:
    """Base of the field validators: calls ``check`` with the field's label.

    Django runs field validators on the value as cleaned and keeps that value: to store the
    normalized form (upper-case X, no spaces, no +86), the form's ``clean_<field>`` or the
    service should also call the matching ``validate_*`` function and keep its result.
    """

    def __init__(self, field_label: Label | None = None) -> None:
        self.field_label = field_label

    @staticmethod
    def check(value: object, *, field_label: Label | None) -> str:  # pragma: no cover
        raise NotImplementedError

    def __call__(self, value: object) -> None:
        self.check(value, field_label=self.field_label)

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.field_label == other.field_label  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), str(self.field_label)))


@deconstructible
class IdNumberValidator(_FieldValidator):
    """Field validator for resident ID numbers (see :func:`validate_id_number`)."""

    check = staticmethod(validate_id_number)


@deconstructible
class UsccValidator(_FieldValidator):
    """Field validator for unified social credit codes (see :func:`validate_uscc`)."""

    check = staticmethod(validate_uscc)


@deconstructible
class MobileValidator(_FieldValidator):
    """Field validator for mainland mobile numbers (see :func:`validate_mobile`)."""

    check = staticmethod(validate_mobile)
