"""Cell parsers shared by the imports: each returns a value or raises ValueError(reason)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .validators import normalize_text

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
    try:
        number = Decimal(v)
    except InvalidOperation as exc:
        raise ValueError(_("not a whole number")) from exc
    if number != number.to_integral_value():
        raise ValueError(_("not a whole number"))
    n = int(number)
    if n < minimum:
        raise ValueError(_("must be at least %(n)d") % {"n": minimum})
    if maximum is not None and n > maximum:
        raise ValueError(_("must be at most %(n)d") % {"n": maximum})
    return n


def parse_decimal(value: str, *, places: int = 2, minimum: Decimal = Decimal(0)) -> Decimal:
    v = normalize_text(value).replace(",", "").replace("元", "").replace("亩", "")
    try:
        number = Decimal(v)
    except InvalidOperation as exc:
        raise ValueError(_("not a number")) from exc
    if not number.is_finite():
        raise ValueError(_("not a number"))
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
