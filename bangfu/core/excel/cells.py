"""Cell values as text: normalising cells, comparing headers, parsing the dates offices type."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .base import lazy_format

_WIDTH_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {
    0x3000: " ",
    0x00A0: " ",
    0x200B: None,
    0xFEFF: None,
}

_NEEDS_FOLD = re.compile("[\uff01-\uff5e\u3000\u00a0\u200b\ufeff]")


_EXACT_FLOAT_INTEGERS = 2.0**53


def number_text(value: float) -> str:
    if -_EXACT_FLOAT_INTEGERS < value < _EXACT_FLOAT_INTEGERS and value.is_integer():
        return str(int(value))
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    text = f"{value:.15g}"
    if "e" in text:
        text = format(Decimal(text), "f")
    return text


def normalize_cell(value: Any) -> str:
    """Turn any cell value into clean text.

    Full-width ASCII (U+FF01-U+FF5E: digits, Latin letters, punctuation such as
    "（", "，") becomes ASCII, U+3000 and no-break spaces become spaces, zero-width spaces
    and stray BOMs are removed, and the result is stripped. Integral floats (calamine
    returns every number as a float) lose their ".0": 130821100201.0 -> "130821100201",
    3.0 -> "3"; 3.5 stays "3.5"; other floats keep 15 significant digits, like Excel.
    Integers too large for a float to hold exactly (an 18-digit ID typed as a number) are
    shown with 15 significant digits, as Excel shows them: 1.30821199001011E+17 ->
    "130821199001011000"; the ID validator then refuses them.
    Dates become "2017-04-20" (with " 08:30:00" when there is a time of day).
    """
    kind = type(value)
    if kind is str:  # the common cases first: this runs once per cell
        if value.isascii() or _NEEDS_FOLD.search(value) is None:
            return value.strip()
        return value.translate(_WIDTH_FOLD).strip()
    if kind is float:
        return number_text(value)
    if value is None:
        return ""
    if isinstance(value, str):
        return value.translate(_WIDTH_FOLD).strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = timezone.localtime(value)
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    return str(value).translate(_WIDTH_FOLD).strip()


_REQUIRED_MARK = re.compile(
    r"[(\[【]\s*(必填|必填项|必须填写|选填|可选|非必填|required|optional)\s*[)\]】]"
)
_BRACKETS = re.compile(r"[()\[\]【】<>《》]")
_SPACES = re.compile(r"\s+")


def header_key(value: Any) -> str:
    """The comparable form of a header cell.

    Spaces (including full-width and newlines inside wrapped headers), asterisks and a
    trailing colon are removed, "(必填)"-style markers are dropped wherever they stand, and
    then every bracket (full-width ones are folded to ASCII first), so that "面积（亩）",
    "面积(亩)" and "面积[亩]" are one header; Latin letters are case-folded:
    " *身份证号\\n（必填）" -> "身份证号".
    """
    text = _SPACES.sub("", normalize_cell(value)).replace("*", "").replace("※", "").casefold()
    text = _REQUIRED_MARK.sub("", text)
    return _BRACKETS.sub("", text).rstrip(":")


def header_text(value: Any) -> str:
    """A header cell as it is shown back to the user (spaces tidied, "*" marks removed)."""
    return _SPACES.sub(" ", normalize_cell(value)).replace("*", "").strip()


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MAX_SERIAL = 2_958_465  # 9999-12-31
_TIME_SUFFIX = re.compile(r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$")
_DATE_PATTERNS = (
    re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})"),
    re.compile(r"(\d{4})(年)(\d{1,2})月(\d{1,2})[日号]?"),
    re.compile(r"(\d{4})()(\d{2})(\d{2})"),
)
_SERIAL = re.compile(r"\d{1,5}(?:\.\d+)?")


def _not_a_date(value: Any) -> ValueError:
    return ValueError(
        lazy_format(_("“%(value)s” is not a date; write it like 2017-04-20."), value=value)
    )


def _from_serial(serial: float, original: Any) -> dt.date:
    """Excel's 1900 date system, with its phantom 1900-02-29 (serial 60) refused."""
    days = int(serial)
    if not 1 <= days <= _MAX_SERIAL or days == 60:
        raise _not_a_date(original)
    if days < 60:
        days += 1
    return _EXCEL_EPOCH + dt.timedelta(days=days)


def parse_date(value: Any) -> dt.date:
    """Parse a date the way county offices write them.

    Accepts `date`/`datetime` objects, Excel serial numbers of the 1900 date system (as
    numbers, or as text of up to 5 digits: "42845"), and text like "2017-04-20",
    "2017/4/20", "2017.4.20", "2017年4月20日" and "20170420" (also as the number
    20170420), optionally followed by a time of day, with full-width digits allowed.
    Raises ValueError (with a user-facing message) for anything else.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool) or value is None:
        raise _not_a_date(value)
    if isinstance(value, int | float | Decimal):
        number = float(value)
        if number.is_integer() and 19000101 <= number <= 99991231:
            return parse_date(str(int(number)))
        return _from_serial(number, value)
    if not isinstance(value, str):
        raise _not_a_date(value)
    text = _TIME_SUFFIX.sub("", _SPACES.sub(" ", normalize_cell(value)))
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            year, _sep, month, day = match.groups()
            try:
                return dt.date(int(year), int(month), int(day))
            except ValueError:
                raise _not_a_date(value) from None
    if _SERIAL.fullmatch(text):
        return _from_serial(float(text), value)
    raise _not_a_date(value)
