"""`bangfu backup DIR`: write an encrypted backup, optionally pruning old ones (audited)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bangfu.core import auditing
from bangfu.core.backup import make, sealing
from bangfu.core.context import acting_as


class Command(BaseCommand):
    help = (
        "Write an encrypted backup (database, media, audit checkpoints, manifest) into DIR; "
        "optionally prune old ones."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument(
            "--keep-daily",
            type=int,
            help="after the backup, keep the newest backup of each of the last N days",
        )
        parser.add_argument(
            "--keep-monthly",
            type=int,
            default=0,
            help="with --keep-daily: also keep the newest backup of each of the last M months",
        )

    def handle(self, *args, **options):
        directory = Path(options["directory"])
        try:
            result = make.make_backup(directory)
            if options["keep_daily"] is not None:
                result.pruned = make.prune(
                    directory,
                    keep_daily=options["keep_daily"],
                    keep_monthly=options["keep_monthly"],
                )
        except sealing.BackupError as exc:
            raise CommandError(str(exc)) from exc
        m = result.manifest
        rows = sum(t["rows"] for t in m["tables"].values())
        with acting_as(channel="command"):
            auditing.record(
                event="backup",
                object_type="core.backup",
                object_id=result.path.name,
                detail=(
                    f"{len(m['tables'])} tables, {rows} rows, {len(m['files'])} files, "
                    f"{result.bytes} bytes"
                ),
            )
        for path in result.pruned:
            self.stdout.write(f"pruned {path.name}")
        self.stdout.write(
            f"backup written: {result.path} ({result.bytes} bytes, {m['engine']}, "
            f"{len(m['tables'])} tables, {rows} rows, {len(m['files'])} files) "
            f"in {result.seconds:.1f}s"
        )
