"""Masking personal numbers: one ID or mobile number, or every one inside free text.

Server-side masking (SECURITY.md §8, §10).

`scrub()` is applied to everything written to the audit trail and the logs, so that a
full resident ID or mobile number never lands there even by accident.
"""

from __future__ import annotations

import re

ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9A-Za-z])")
MOBILE_RE = re.compile(r"(?<![0-9A-Za-z])(1[3-9]\d)\d{4}(\d{4})(?![0-9A-Za-z])")


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
