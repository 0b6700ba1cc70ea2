"""Field validators for models and forms: resident ID numbers, credit codes, mobile numbers.

The checks themselves are in `core.identifiers`; these classes only call them with the field's
label. Migrations name them by this module's path.
"""

from __future__ import annotations

from django.utils.deconstruct import deconstructible

from bangfu.core.identifiers.mobile import validate_mobile
from bangfu.core.identifiers.resident_id import validate_id_number
from bangfu.core.identifiers.uscc import validate_uscc
from bangfu.core.text import Label


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
