"""The stored households an import touches, read as plain rows: no model instances, nothing
decrypted.

A households import compares each household of the file with the stored one. Reading the
stored ones as models (with their members and incomes) decrypts every ID and phone number
only to compare them; here they are compared by their keyed hashes instead, so that an
unchanged household (the whole of an idempotent re-import) costs a few set-based SELECTs
and a comparison of tuples. Only the households that do change are then loaded as models
and saved through them (version check, field-level audit row).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection

from bangfu.core.imports import bulk

from ..models import Household, Income, Member
from ..models.households import causes_text
from .columns import MEMBER_FIELDS

CENT = Decimal("0.01")

HOUSEHOLD_COLUMNS = (
    *("id", "id_hash", "village_id", "head_name", "phone_hash", "size", "causes"),
    *("year_registered", "year_exited", "tech_help", "monitoring"),
)
MEMBER_COLUMNS = ("household_id", "id_hash", *MEMBER_FIELDS)


@dataclass(slots=True)
class StoredHousehold:
    """One stored household's comparable values: its head's and members' numbers by their
    keyed hashes, its phone by the phone's hash."""

    pk: int
    village_id: int
    head_name: str
    phone_hash: str
    size: int
    causes: str
    year_registered: int
    year_exited: int | None
    tech_help: bool
    monitoring: str
    members: dict[str, dict] = field(default_factory=dict)  # id_hash -> MEMBER_FIELDS
    incomes: dict[int, Decimal] = field(default_factory=dict)  # year -> per capita

    def differs(self, fields: dict, hashed: bulk.Hashes) -> bool:
        """Whether writing `fields` (the import's household fields, absent columns left
        out) would change this household."""
        for attr, value in fields.items():
            if attr == "phone":
                stored, value = self.phone_hash, hashed[value] if value else ""
            elif attr == "cause_list":
                stored, value = self.causes, causes_text(value)
            else:
                stored = getattr(self, attr)
            if stored != value:
                return True
        return False

    def member_differs(self, m: dict, hashed: bulk.Hashes) -> bool:
        """Whether member `m` of the file is new to this household or changes it."""
        stored = self.members.get(hashed[m["id_number"]])
        if stored is None:
            return True
        return any(stored[k] != m[k] for k in MEMBER_FIELDS if k in m)


def _column(model, attname: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(attname).column)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _select(model, columns, where: str) -> str:
    names = ", ".join(_column(model, c) for c in columns)
    return f"SELECT {names} FROM {_table(model)} WHERE {_column(model, where)} IN ({{keys}})"  # noqa: S608


def _decimal(value) -> Decimal:
    """A per-capita income as the database gives it (SQLite: a float) as Django reads it."""
    if isinstance(value, Decimal):
        return value
    return Decimal(repr(value)).quantize(CENT)


def load(head_hashes: list[str]) -> dict[str, StoredHousehold]:
    """{head's keyed hash: StoredHousehold} of the stored households among `head_hashes`,
    with their members and incomes: three statements per chunk of keys."""
    found: dict[str, StoredHousehold] = {}
    by_pk: dict[int, StoredHousehold] = {}
    for row in bulk.select_in(_select(Household, HOUSEHOLD_COLUMNS, "id_hash"), head_hashes):
        pk, id_hash, village_id, head_name, phone_hash, size, causes, *rest = row
        registered, exited, tech_help, monitoring = rest
        stored = StoredHousehold(
            pk,
            village_id,
            head_name,
            phone_hash,
            size,
            causes,
            registered,
            exited,
            bool(tech_help),
            monitoring,
        )
        found[id_hash] = by_pk[pk] = stored
    if not by_pk:
        return found
    keys = list(by_pk)
    for household_id, id_hash, *values in bulk.select_in(
        _select(Member, MEMBER_COLUMNS, "household_id") + " ORDER BY " + _column(Member, "id"),
        keys,
    ):
        by_pk[household_id].members[id_hash] = dict(zip(MEMBER_FIELDS, values, strict=True))
    income_columns = ("household_id", "year", "per_capita")
    for household_id, year, value in bulk.select_in(
        _select(Income, income_columns, "household_id"), keys
    ):
        by_pk[household_id].incomes[year] = _decimal(value)
    return found
