"""A small, committed database for the backup tests (tests/core/test_backup.py).

Run in a child process on a scratch database, never the test database:

    DATABASE_URL=... BANGFU_VAR_DIR=... python -m tests.core.backup_seed

Migrates, then writes rows of every kind of value the checksums must treat alike on SQLite
and PostgreSQL (time stamps with microseconds, booleans, JSON with Chinese text, encrypted
fields, text primary keys whose order depends on collation), audit rows, media files and an
audit checkpoint. Prints a JSON summary (row counts read back with SQL) as its last line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangfu.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)

    from bangfu.accounts import audit
    from bangfu.accounts.models import LoginFailure, User
    from bangfu.core.context import acting_as
    from bangfu.core.identifiers.uscc import make_uscc
    from bangfu.helpers.models import Helper

    with acting_as(channel="command"):
        for i, (name, role) in enumerate(
            [("city_li", "city"), ("auditor_wang", "auditor"), ("sysadmin_zhao", "sysadmin")]
        ):
            user = User(username=name, role=role, full_name=f"测试用户{i}", phone=f"1380000000{i}")
            user.set_password("Correct-Horse-42!")
            user.password_changed_at = timezone.now() - dt.timedelta(days=i, microseconds=123457)
            user.save()
            audit.record(event="user_create", obj=user, changes={"role": ["", role]})
        for i, first17 in enumerate(["91130821MA0A1B2C3", "91130828MA0B2C3D4"]):
            helper = Helper.objects.create(
                name=f"承德绿源农业科技有限公司{i}",
                uscc=make_uscc(first17),
                kind="private",
                capacity=3 + i,
                liaison_phone=f"1390000000{i}",
            )
            audit.record(
                event="helper_create",
                obj=helper,
                changes={"名称": ["", helper.name], "n": [0, 1.5]},
            )
        LoginFailure.objects.create(
            username="nobody", address="10.0.0.1", at=timezone.now(), cleared=True
        )
        LoginFailure.objects.create(username="nobody", address="10.0.0.1", at=timezone.now())
        # text primary keys in an order that differs between "C" and a natural-language collation
        for key in ["b" * 32, "B" * 32, "a" * 32, "_" + "a" * 31]:
            Session.objects.create(session_key=key, session_data="e30", expire_date=timezone.now())

    media = Path(settings.MEDIA_ROOT)
    (media / "agreements" / "2025").mkdir(parents=True, exist_ok=True)
    (media / "agreements" / "2025" / "签字扫描件.pdf").write_bytes(
        b"%PDF-1.4\n" + bytes(range(256)) * 40
    )
    (media / "filings").mkdir(parents=True, exist_ok=True)
    (media / "filings" / "report.xlsx").write_bytes(os.urandom(70_000))
    # a real, signed checkpoint of the trail's head, as the daily command writes it
    call_command("audit_checkpoint", verbosity=0)

    counts = {}
    with connection.cursor() as cur:
        for table in ["accounts_user", "accounts_auditevent", "helpers_helper", "django_session"]:
            cur.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 (fixed names)
            counts[table] = cur.fetchone()[0]
    sys.stdout.write(json.dumps({"engine": connection.vendor, "counts": counts}) + "\n")


if __name__ == "__main__":
    main()
