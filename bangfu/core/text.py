"""Tidy text from forms and spreadsheets (`normalize_text`), and numbers read back from cells.

Shared by the identifiers' validators (`core.identifiers`) and the import parsers.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

from django.utils.functional import Promise

type Label = str | Promise  # a field's label, as validation messages name it

DIGITS = frozenset("0123456789")

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
    return _normalized(value if isinstance(value, str) else as_text(value))


@lru_cache(maxsize=1 << 16)
def _normalized(text: str) -> str:
    """`normalize_text` of a string, remembered: an import asks for the same cells (village
    codes, years, choices, a household's columns on each of its rows) over and over."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text.translate(_HALF_WIDTH))
    return " ".join(text.split())


def forget_texts() -> None:
    """Drop the texts `normalize_text` remembers (an import's cells, ID and phone numbers among
    them): called when an import ends, so that they stay in memory no longer than it runs."""
    _normalized.cache_clear()


def as_text(value: object) -> str:
    """``str(value)``, but never failing on an integer too long to print."""
    try:
        return str(value)
    except ValueError:  # int longer than sys.get_int_max_str_digits()
        return "(number too long to show)"


def given(value: object) -> str:
    """The value as the user gave it, for quoting in a message."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer() and abs(value) < _EXCEL_LIMIT:
        return str(int(value))
    return as_text(value)


def number_source(value: object) -> str | None:
    """Text of a value that may have come from a spreadsheet cell; None if digits were lost.

    Integers and Decimals are exact and kept. A float or numeric-looking text
    (``1.30821199001011E+17``, ``13812345678.0``) is read as a number: at 10**15 or more it
    has lost digits (None); a whole number below that becomes its digits. NaN (an empty cell
    in a data frame) gives ``""``. Anything else is returned as normalized text.
    """
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return as_text(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return whole_number(Decimal(value), repr(value)) if math.isfinite(value) else repr(value)
    if isinstance(value, Decimal):  # exact, like an int
        if value.is_nan():
            return ""
        if value.is_finite() and -40 < value.adjusted() < 40 and value == int(value):
            return str(int(value))
        return str(value)
    text = normalize_text(value)
    if _NUMERIC_TEXT.fullmatch(text):
        return whole_number(Decimal(text), text)
    return text


def whole_number(number: Decimal, text: str) -> str | None:
    if number.is_zero():
        return "0"
    if number.adjusted() >= _EXCEL_DIGITS:  # 10**15 or more: digits were lost
        return None
    if number.adjusted() < 0 or number != int(number):
        return text
    return str(int(number))
