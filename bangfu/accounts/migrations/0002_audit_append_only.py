"""The database itself refuses to change or delete audit rows (SECURITY.md §11)."""

from django.db import migrations

SQLITE_UP = [
    """CREATE TRIGGER accounts_auditevent_no_update BEFORE UPDATE ON accounts_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END""",
    """CREATE TRIGGER accounts_auditevent_no_delete BEFORE DELETE ON accounts_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS accounts_auditevent_no_update",
    "DROP TRIGGER IF EXISTS accounts_auditevent_no_delete",
]
PG_UP = [
    """CREATE OR REPLACE FUNCTION bangfu_audit_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit trail is append-only' USING ERRCODE = 'restrict_violation'; END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER accounts_auditevent_no_change BEFORE UPDATE OR DELETE ON accounts_auditevent
       FOR EACH ROW EXECUTE FUNCTION bangfu_audit_append_only()""",
    """CREATE TRIGGER accounts_auditevent_no_truncate BEFORE TRUNCATE ON accounts_auditevent
       FOR EACH STATEMENT EXECUTE FUNCTION bangfu_audit_append_only()""",
]
PG_DOWN = [
    "DROP TRIGGER IF EXISTS accounts_auditevent_no_change ON accounts_auditevent",
    "DROP TRIGGER IF EXISTS accounts_auditevent_no_truncate ON accounts_auditevent",
    "DROP FUNCTION IF EXISTS bangfu_audit_append_only()",
]


def up(apps, schema_editor):
    statements = PG_UP if schema_editor.connection.vendor == "postgresql" else SQLITE_UP
    for sql in statements:
        schema_editor.execute(sql)


def down(apps, schema_editor):
    statements = PG_DOWN if schema_editor.connection.vendor == "postgresql" else SQLITE_DOWN
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(up, down)]
