"""Writing many new rows of one model at once: prepared parameter tuples, no model instances.

An import builds each new record as a tuple of database values and hands them over here:
one `executemany` (SQLite) or one `COPY ... FROM STDIN` (PostgreSQL) per table, instead of
model instances and `bulk_create`, whose SQL building cost more than the rest of the import.
The caller writes its own audit row (docs/CONVENTIONS.md, rule 2) and runs inside the
import's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection
from django.utils import timezone

from bangfu.core import crypto

CHUNK = 900  # ids looked up per query: under SQLite's oldest limit of 999 parameters


class Hashes(dict):
    """The keyed hashes (`core.crypto.keyed_hash`) of one import's values, each computed
    once: a head's number is hashed for the checks, the stored-records lookup and the write.
    Kept in the import's context, so it lives no longer than the import."""

    def __missing__(self, value: str) -> str:
        digest = self[value] = crypto.keyed_hash(value)
        return digest


def hashes(ctx: dict) -> Hashes:
    """The import's `Hashes` (made on first use)."""
    found = ctx.get("hashes")
    if found is None:
        found = ctx["hashes"] = Hashes()
    return found


def stamps(model) -> tuple:
    """(created_at, updated_at, version) of a new record of `model`, as database values: one
    moment for the whole write."""
    now = timezone.now()
    meta = model._meta
    return (
        meta.get_field("created_at").get_db_prep_save(now, connection),
        meta.get_field("updated_at").get_db_prep_save(now, connection),
        1,
    )


def insert_rows(model, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    """Insert `rows` (tuples of database values in the order of `columns`, attnames) into
    `model`'s table. `columns` must name every concrete field but the primary key: a field
    added to the model later fails here loudly rather than being left to its default."""
    meta = model._meta
    wanted = {f.attname for f in meta.concrete_fields if not f.primary_key}
    if set(columns) != wanted or len(columns) != len(wanted):
        missing, extra = sorted(wanted - set(columns)), sorted(set(columns) - wanted)
        raise ValueError(f"{meta.label}: columns missing {missing}, unknown {extra}")
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names = ", ".join(quote(meta.get_field(c).column) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 (names from the model)
            cursor.executemany(sql, rows)


def select_in(sql: str, keys: Sequence) -> list[tuple]:
    """The rows of `sql`, whose WHERE holds one ``IN ({keys})``, for all of `keys`, as plain
    tuples (no model instances, no ORM): on SQLite one statement per chunk of CHUNK keys, on
    PostgreSQL one statement with ``= ANY(array)``."""
    found: list[tuple] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one statement, the keys as one array
            if keys:
                cursor.execute(sql.replace("IN ({keys})", "= ANY(%s)"), [list(keys)])
                found.extend(cursor.fetchall())
            return found
        for i in range(0, len(keys), CHUNK):
            part = list(keys[i : i + CHUNK])
            cursor.execute(sql.format(keys=", ".join(["%s"] * len(part))), part)
            found.extend(cursor.fetchall())
    return found


def ids_by(model, column: str, keys: Sequence[str]) -> dict[str, int]:
    """{value of `column`: primary key} of the stored rows whose `column` is one of `keys`
    (a unique column, such as a keyed hash)."""
    meta = model._meta
    quote = connection.ops.quote_name
    name = quote(meta.get_field(column).column)
    sql = (
        f"SELECT {name}, {quote(meta.pk.column)} FROM {quote(meta.db_table)} "  # noqa: S608
        f"WHERE {name} IN ({{keys}})"
    )
    return dict(select_in(sql, keys))
