"""Cell parsers shared by the imports: each returns a value or raises ValueError(reason)."""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from .text import normalize_text

# Plain decimal notation only: no exponents, infinities or NaN (a cell "1e999999999" would
# otherwise cost minutes of arithmetic), at most 15 digits before the point.
PLAIN_NUMBER = re.compile(r"[+-]?\d{1,15}(?:\.\d+)?")

YES = {"是", "y", "yes", "1", "true", "√", "✓", "有"}
NO = {"否", "n", "no", "0", "false", "×", "无", ""}
SPLIT = re.compile(r"[、,，;；/\s]+")


def parse_bool(value: str) -> bool:
    v = normalize_text(value).lower()
    if v in YES:
        return True
    if v in NO:
        return False
    raise ValueError(_("write 是 or 否"))


def parse_int(value: str, *, minimum: int = 0, maximum: int | None = None) -> int:
    v = normalize_text(value).replace(",", "")
    if not PLAIN_NUMBER.fullmatch(v):
        raise ValueError(_("not a whole number"))
    number = Decimal(v)
    if number != number.to_integral_value():
        raise ValueError(_("not a whole number"))
    n = int(number)
    if n < minimum:
        raise ValueError(_("must be at least %(n)d") % {"n": minimum})
    if maximum is not None and n > maximum:
        raise ValueError(_("must be at most %(n)d") % {"n": maximum})
    return n


def parse_decimal(
    value: str, *, places: int = 2, minimum: Decimal = Decimal(0), max_digits: int = 12
) -> Decimal:
    """A plain decimal that fits a DecimalField(max_digits, places)."""
    v = normalize_text(value).replace(",", "").replace("元", "").replace("亩", "")
    if not PLAIN_NUMBER.fullmatch(v):
        raise ValueError(_("not a number"))
    number = Decimal(v)
    if abs(number) >= Decimal(10) ** (max_digits - places):
        raise ValueError(
            _("too large (at most %(n)d digits before the decimal point)")
            % {"n": max_digits - places}
        )
    if number < minimum:
        raise ValueError(_("cannot be negative") if minimum == 0 else _("too small"))
    quantum = Decimal(1).scaleb(-places)
    if number != number.quantize(quantum):
        raise ValueError(_("at most %(n)d decimal places") % {"n": places})
    return number.quantize(quantum)


def parse_year(value: str) -> int:
    return parse_int(value, minimum=1980, maximum=2100)


def parse_choice(value: str, vocabulary: dict[str, str]) -> str:
    """A label as users write it (Chinese, or the code) to the stored code."""
    v = normalize_text(value)
    if v in vocabulary:
        return vocabulary[v]
    if v in vocabulary.values():
        return v
    raise ValueError(_("unknown value; use one of: %(values)s") % {"values": "、".join(vocabulary)})


def parse_choices(value: str, vocabulary: dict[str, str]) -> list[str]:
    return [parse_choice(part, vocabulary) for part in SPLIT.split(normalize_text(value)) if part]


def parse_text(value: str, *, max_length: int) -> str:
    v = normalize_text(value)
    if len(v) > max_length:
        raise ValueError(_("longer than %(n)d characters") % {"n": max_length})
    return v
