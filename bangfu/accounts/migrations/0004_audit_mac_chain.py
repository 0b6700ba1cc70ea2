"""The audit trail is chained by a keyed MAC; only `purge_audit` may delete old rows.

1. The append-only triggers are dropped and re-created around the schema change: on SQLite,
   adding a NOT NULL column re-makes the table, which would silently lose them.
2. `chain_version` (1 for the rows already there: plain SHA-256) and `key_id`.
3. The triggers come back gated: DELETE passes only for rows up to the id that the purge
   command has opened the gate for, inside its own transaction (SQLite: a row in
   `accounts_audit_purge_gate`; PostgreSQL: the transaction-local setting
   `bangfu.audit_purge_upto`). UPDATE (and TRUNCATE on PostgreSQL) stays refused.
4. Existing rows are not re-chained (the triggers refuse UPDATE, and re-chaining would
   launder any change made before today): a first keyed row, `audit_keyed`, MACs the last
   SHA-256 row, so rewriting any of the old rows now breaks the keyed chain too.
"""

from django.db import migrations, models

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS accounts_auditevent_no_update",
    "DROP TRIGGER IF EXISTS accounts_auditevent_no_delete",
]
SQLITE_OLD = [
    """CREATE TRIGGER accounts_auditevent_no_update BEFORE UPDATE ON accounts_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END""",
    """CREATE TRIGGER accounts_auditevent_no_delete BEFORE DELETE ON accounts_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END""",
]
SQLITE_GATED = [
    "CREATE TABLE IF NOT EXISTS accounts_audit_purge_gate (upto integer NOT NULL)",
    """CREATE TRIGGER accounts_auditevent_no_update BEFORE UPDATE ON accounts_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END""",
    """CREATE TRIGGER accounts_auditevent_no_delete BEFORE DELETE ON accounts_auditevent
       WHEN NOT EXISTS (SELECT 1 FROM accounts_audit_purge_gate WHERE OLD.id <= upto)
       BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END""",
]
SQLITE_GATED_DOWN = SQLITE_DROP + ["DROP TABLE IF EXISTS accounts_audit_purge_gate"]

PG_DROP = [
    "DROP TRIGGER IF EXISTS accounts_auditevent_no_change ON accounts_auditevent",
    "DROP TRIGGER IF EXISTS accounts_auditevent_no_truncate ON accounts_auditevent",
]
PG_TRIGGERS = [
    """CREATE TRIGGER accounts_auditevent_no_change BEFORE UPDATE OR DELETE ON accounts_auditevent
       FOR EACH ROW EXECUTE FUNCTION bangfu_audit_append_only()""",
    """CREATE TRIGGER accounts_auditevent_no_truncate BEFORE TRUNCATE ON accounts_auditevent
       FOR EACH STATEMENT EXECUTE FUNCTION bangfu_audit_append_only()""",
]
PG_OLD = [
    """CREATE OR REPLACE FUNCTION bangfu_audit_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit trail is append-only' USING ERRCODE = 'restrict_violation'; END $$ LANGUAGE plpgsql""",
    *PG_TRIGGERS,
]
PG_GATED = [
    """CREATE OR REPLACE FUNCTION bangfu_audit_append_only() RETURNS trigger AS $$
       BEGIN
         IF TG_OP = 'DELETE' AND OLD.id <= coalesce(
              nullif(current_setting('bangfu.audit_purge_upto', true), '')::bigint, 0) THEN
           RETURN OLD;
         END IF;
         RAISE EXCEPTION 'audit trail is append-only' USING ERRCODE = 'restrict_violation';
       END $$ LANGUAGE plpgsql""",
    *PG_TRIGGERS,
]


def _run(schema_editor, sqlite, pg):
    for sql in pg if schema_editor.connection.vendor == "postgresql" else sqlite:
        schema_editor.execute(sql)


def drop_old(apps, schema_editor):
    _run(schema_editor, SQLITE_DROP, PG_DROP)


def create_old(apps, schema_editor):
    _run(schema_editor, SQLITE_OLD, PG_OLD)


def create_gated(apps, schema_editor):
    _run(schema_editor, SQLITE_GATED, PG_GATED)


def drop_gated(apps, schema_editor):
    _run(schema_editor, SQLITE_GATED_DOWN, PG_DROP)


def seal_legacy(apps, schema_editor):
    """One keyed row after the SHA-256 rows, so that they are covered by the key too."""
    from django.utils import timezone

    from bangfu.accounts.audit_chain import row_mac, signing_key

    AuditEvent = apps.get_model("accounts", "AuditEvent")
    db = schema_editor.connection.alias
    last = AuditEvent.objects.using(db).order_by("-id").first()
    if last is None:
        return
    kid, key = signing_key()
    ev = AuditEvent(
        at=timezone.now(),
        actor_name="operator",
        role="operator",
        address="local",
        channel="system",
        event="audit_keyed",
        object_type="accounts.auditevent",
        object_id=str(last.id),
        object_repr=f"audit trail up to row {last.id}",
        outcome="ok",
        changes={},
        detail=f"keyed MAC chain from here; rows up to {last.id} chained by SHA-256",
        prev_hash=last.hash,
        chain_version=2,
        key_id=kid,
    )
    ev.hash = row_mac(last.hash, ev, key)
    ev.save(using=db)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_user_helper_user_helper_liaison_has_helper")]

    operations = [
        migrations.RunPython(drop_old, create_old),
        migrations.AddField(
            model_name="auditevent",
            name="chain_version",
            field=models.PositiveSmallIntegerField(
                choices=[(1, "SHA-256"), (2, "HMAC-SHA256")],
                default=1,
                verbose_name="chain version",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(blank=True, max_length=8, verbose_name="key id"),
        ),
        migrations.AlterField(  # new rows are keyed; kept before the triggers come back
            model_name="auditevent",
            name="chain_version",
            field=models.PositiveSmallIntegerField(
                choices=[(1, "SHA-256"), (2, "HMAC-SHA256")],
                default=2,
                verbose_name="chain version",
            ),
        ),
        migrations.RunPython(create_gated, drop_gated),
        migrations.RunPython(seal_legacy, migrations.RunPython.noop),
    ]
