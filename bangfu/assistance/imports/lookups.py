"""What an import row refers to: its helper, village, pairing and households, scope and locks."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from bangfu.accounts.roles import Role
from bangfu.core.identifiers.uscc import validate_uscc
from bangfu.core.imports.spec import RowError, error, take
from bangfu.core.periods import period_of

from ..models import Assistance, Beneficiary
from ..services.rules import beneficiaries_in, check_not_locked, may_record
from .columns import A

VILLAGE_CODE = re.compile(r"\d{12}")
REFS_SPLIT = re.compile(r"[、,，;；\s]+")


def rule_errors(
    row: int, exc: ValidationError, cells: dict[str, str], default: str
) -> list[RowError]:
    """A services' ValidationError as row errors, each under the column of its field."""
    if hasattr(exc, "error_dict"):
        return [
            error(row, A.get(name, A[default]), cells.get(name, cells[default]), "；".join(msgs))
            for name, msgs in exc.message_dict.items()
        ]
    return [error(row, A[default], cells[default], "；".join(exc.messages))]


class RowLookups:
    """The references of a row, each looked up once per file (`ctx`) and checked as the
    services check them; every problem is a row error, never an exception."""

    @staticmethod
    def _cached(ctx: dict, name: str, key, load):
        cache = ctx.setdefault(f"assistance_{name}", {})
        if key not in cache:
            cache[key] = load()
        return cache[key]

    def _helper(self, row, raw, ctx, errors):
        from bangfu.helpers.models import Helper

        code = take(errors, row, A["helper"], raw, validate_uscc, field_label=A["helper"].header)
        if code is None:
            return None
        helper = self._cached(
            ctx, "helpers", code, lambda: Helper.objects.filter(uscc=code).first()
        )
        if helper is None:
            errors.append(error(row, A["helper"], raw, _("no helper has this credit code")))
        return helper

    def _village(self, row, raw, ctx, errors):
        from bangfu.places.models import Division

        if not VILLAGE_CODE.fullmatch(raw):
            errors.append(error(row, A["village"], raw, _("write the 12-digit village code")))
            return None
        village = self._cached(
            ctx,
            "villages",
            raw,
            lambda: (
                Division.objects.filter(level="village", code=raw).select_related("county").first()
            ),
        )
        if village is None:
            errors.append(
                error(
                    row,
                    A["village"],
                    raw,
                    _("unknown village code, or a village outside your county"),
                )
            )
        return village

    def _pairing(self, row, raw, ctx, errors):
        from bangfu.pairing.models import Pairing

        pairing = self._cached(
            ctx, "pairings", raw, lambda: Pairing.objects.filter(number=raw.upper()).first()
        )
        if pairing is None:
            errors.append(error(row, A["pairing"], raw, _("no pairing has this number")))
        return pairing

    @staticmethod
    def _in_scope(row, user, helper, village, cells, errors) -> bool:
        """The services' rule: the helper's own liaison, or the village's county office."""
        if user is None or may_record(user, helper_id=helper.pk, county_id=village.county_id):
            return True
        role = getattr(user, "role", None)
        if role == Role.HELPER:
            errors.append(
                error(
                    row,
                    A["helper"],
                    cells["helper"],
                    _("you may import only your own helper's records"),
                )
            )
        elif role != Role.COUNTY:
            errors.append(
                error(
                    row,
                    A["helper"],
                    cells["helper"],
                    _("assistance is recorded by the helper's liaison or the county office"),
                )
            )
        else:
            errors.append(
                error(
                    row,
                    A["village"],
                    cells["village"],
                    _("unknown village code, or a village outside your county"),
                )
            )
        return False

    def _lock(self, row, county, on, cells, ctx, errors, column="on") -> None:
        """A locked half-year (services' check, once per county and period)."""
        problem = self._cached(
            ctx, "locks", (county.pk, period_of(on).code), lambda: _lock_problem(county, on)
        )
        if problem is not None:
            errors.extend(rule_errors(row, problem, cells, column))

    def _households(self, row, raw, village, cells, errors) -> list[int] | None:
        from bangfu.registry.models import Household

        refs = list(dict.fromkeys(r.upper() for r in REFS_SPLIT.split(raw) if r))
        if not refs:
            return []
        found = {
            h.ref: h
            for h in Household.objects.filter(ref__in=refs)
            .select_related("village")
            .only("id", "ref", "head_name", "village_id", "village__name")
        }
        unknown = [r for r in refs if r not in found]
        if unknown:
            errors.append(
                error(
                    row,
                    A["beneficiaries"],
                    raw,
                    _("unknown household number(s): %(refs)s") % {"refs": "、".join(unknown)},
                )
            )
            return None
        try:
            households = beneficiaries_in(village, [found[r] for r in refs])
        except ValidationError as exc:
            errors.extend(rule_errors(row, exc, cells, "beneficiaries"))
            return None
        return [h.pk for h in households]


def _lock_problem(county, on) -> ValidationError | None:
    try:
        check_not_locked(county, on)
    except ValidationError as exc:
        return exc
    return None


def linked_households(record: Assistance) -> set[int]:
    return set(Beneficiary.objects.filter(assistance=record).values_list("household_id", flat=True))
