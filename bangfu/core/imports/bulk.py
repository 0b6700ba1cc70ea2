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

CHUNK = 900  # ids looked up per query: under SQLite's oldest limit of 999 parameters


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


def ids_by(model, column: str, keys: Sequence[str]) -> dict[str, int]:
    """{value of `column`: primary key} of the stored rows whose `column` is one of `keys`
    (a unique column, such as a keyed hash)."""
    found: dict[str, int] = {}
    manager = model._base_manager
    for i in range(0, len(keys), CHUNK):
        found.update(
            manager.filter(**{f"{column}__in": keys[i : i + CHUNK]}).values_list(column, "pk")
        )
    return found
