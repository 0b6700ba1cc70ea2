"""`bangfu restore FILE`: restore a backup into an empty database, then prove it (audited)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bangfu.core import auditing
from bangfu.core.backup import restore, sealing
from bangfu.core.context import acting_as


class Command(BaseCommand):
    help = (
        "Restore a backup into an EMPTY database and media directory, then check every "
        "table's row count and checksum against its manifest and run verify_audit."
    )

    # the checks would open (and create) the target database before it is looked at
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        try:
            result = restore.restore_backup(Path(options["file"]), progress=self.stdout.write)
        except sealing.BackupError as exc:
            raise CommandError(str(exc)) from exc
        for check in result.checks:
            line = ("ok        " if check.ok else "MISMATCH  ") + check.describe()
            (self.stdout if check.ok else self.stderr).write(line)
        self.stdout.write(f"files restored: {result.files} (each SHA-256 checked)")
        self.stdout.write(f"verify_audit: {result.audit_output}")
        bad = result.mismatches
        if bad or not result.audit_ok:
            problems = [c.table for c in bad]
            if not result.audit_ok:
                problems.append("verify_audit")
            raise CommandError(
                f"restore NOT proven: {len(bad)} of {len(result.checks)} tables do not match "
                f"the backup's manifest ({', '.join(problems)}). Do not use this database."
            )
        with acting_as(channel="command"):
            auditing.record(
                event="restore",
                object_type="core.backup",
                object_id=Path(options["file"]).name,
                detail=(
                    f"backup of {result.manifest['created_at']}: {len(result.checks)} tables "
                    "and all files match the manifest; audit chain intact"
                ),
            )
        self.stdout.write(
            f"restore proven: {len(result.checks)} tables match the manifest, "
            f"{result.files} files, audit chain intact, in {result.seconds:.1f}s"
        )
