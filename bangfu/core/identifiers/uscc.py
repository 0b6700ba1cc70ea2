"""Unified social credit codes (统一社会信用代码, GB 32100-2015): MOD 31 check character."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from bangfu.core.text import DIGITS, Label, given, normalize_text

USCC_LABEL = _("Unified social credit code")


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
    params: dict[str, object] = {"field": field_label or USCC_LABEL, "value": given(value)}
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
    if not set(code[2:8]) <= DIGITS:
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
