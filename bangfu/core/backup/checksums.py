"""Per-table row counts and checksums, taken from one snapshot and compared after a restore."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

FETCH = 2000  # rows per fetch when checksumming


def _base_field(f):
    while f.is_relation and getattr(f, "target_field", None) is not None and f.many_to_one:
        f = f.target_field
    if f.is_relation and f.one_to_one and getattr(f, "target_field", None) is not None:
        f = f.target_field
    return f


def canon(value, f):
    """One text form of a stored value, the same from SQLite and PostgreSQL."""
    if value is None:
        return None
    kind = _base_field(f).get_internal_type() if f is not None else ""
    if kind == "DateTimeField":
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat()
    if kind == "DateField":
        return value.isoformat() if isinstance(value, dt.date) else str(value)[:10]
    if kind == "TimeField":
        if isinstance(value, str):
            value = dt.time.fromisoformat(value)
        return value.isoformat()
    if kind in {"BooleanField", "NullBooleanField"}:
        return bool(int(value)) if not isinstance(value, bool) else value
    if kind == "DecimalField":
        quantum = Decimal(1).scaleb(-_base_field(f).decimal_places)
        return str(Decimal(str(value)).quantize(quantum))
    if kind == "FloatField":
        return float(value)
    if kind == "JSONField":
        obj = json.loads(value) if isinstance(value, str | bytes) else value
        return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    if kind == "UUIDField":
        return value.hex if isinstance(value, uuid.UUID) else uuid.UUID(str(value)).hex
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | str):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, dt.date | dt.time):  # a table without a model
        return value.isoformat()
    return str(value)


@dataclass
class TableSpec:
    table: str
    columns: list[str]
    fields: list  # the model field of each column, or None
    order: list[str]
    text_order: set[str] = field(default_factory=set)


def _model_specs() -> dict[str, TableSpec]:
    specs: dict[str, TableSpec] = {}
    models = list(apps.get_models(include_auto_created=True))
    models.append(MigrationRecorder.Migration)
    for model in models:
        opts = model._meta
        if not opts.managed or opts.proxy or opts.db_table in specs:
            continue
        concrete = [f for f in opts.concrete_fields if f.column]
        pk_fields = getattr(opts, "pk_fields", None) or [opts.pk]
        order = [f.column for f in pk_fields]
        text_order = {
            f.column
            for f in pk_fields
            if _base_field(f).get_internal_type() in {"CharField", "TextField", "SlugField"}
        }
        specs[opts.db_table] = TableSpec(
            opts.db_table, [f.column for f in concrete], concrete, order, text_order
        )
    return specs


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def list_tables(cursor, vendor: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return sorted(row[0] for row in cursor.fetchall())


def _columns(cursor, vendor: str, table: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute(f"PRAGMA table_info({_quote(table)})")
        return [row[1] for row in cursor.fetchall()]
    cursor.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = %s ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cursor.fetchall()]


def table_checksums(cursor_factory: Callable, vendor: str) -> dict[str, dict]:
    """{table: {"rows": n, "sha256": hex}} for every table, rows in primary-key order.

    Each row becomes a JSON list of canonical values (see `canon`); the checksum is the
    SHA-256 of those lines. Text keys are ordered by code point ("C" collation on PostgreSQL,
    SQLite's BINARY), so the order does not depend on the database's locale.
    """
    specs = _model_specs()
    out: dict[str, dict] = {}
    with cursor_factory() as cur:
        tables = list_tables(cur, vendor)
    for table in tables:
        spec = specs.get(table)
        if spec is None:  # a table without a model: every column, ordered by all of them
            with cursor_factory() as cur:
                cols = _columns(cur, vendor, table)
            spec = TableSpec(table, cols, [None] * len(cols), cols, set())
        collate = ' COLLATE "C"' if vendor == "postgresql" else ""
        order = ", ".join(_quote(c) + (collate if c in spec.text_order else "") for c in spec.order)
        # identifiers from the schema, quoted; no values
        cols = ", ".join(_quote(c) for c in spec.columns)
        sql = f"SELECT {cols} FROM {_quote(table)} ORDER BY {order}"  # noqa: S608
        digest = hashlib.sha256()
        rows = 0
        with cursor_factory() as cur:
            cur.execute(sql)
            while batch := cur.fetchmany(FETCH):
                for row in batch:
                    line = [canon(v, f) for v, f in zip(row, spec.fields, strict=True)]
                    digest.update(
                        json.dumps(
                            line, ensure_ascii=False, separators=(",", ":"), default=str
                        ).encode()
                    )
                    digest.update(b"\n")
                    rows += 1
        out[table] = {"rows": rows, "sha256": digest.hexdigest()}
    return out


def migration_state(cursor_factory: Callable) -> dict[str, str]:
    state: dict[str, str] = {}
    with cursor_factory() as cur:
        cur.execute('SELECT "app", "name" FROM "django_migrations"')
        for app, name in cur.fetchall():
            if name > state.get(app, ""):
                state[app] = name
    return dict(sorted(state.items()))


class SqliteCursor:
    """A closing cursor over a plain sqlite3 connection (the snapshot copy)."""

    def __init__(self, conn):
        self.conn = conn

    def __call__(self):
        return self

    def __enter__(self):
        self.cur = self.conn.cursor()
        return self.cur

    def __exit__(self, *exc):
        self.cur.close()


def django_cursor():
    return connection.chunked_cursor() if connection.vendor == "postgresql" else connection.cursor()
