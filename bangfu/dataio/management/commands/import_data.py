"""`bangfu import_data KIND FILE`: import a registry's spreadsheet, all rows or nothing."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bangfu.core.context import acting_as
from bangfu.core.imports.engine import run_import
from bangfu.dataio.kinds import specs


class Command(BaseCommand):
    help = (
        "Import villages, households, helpers or assistance records from .xlsx, .xls or .csv: "
        "all rows or nothing; a file that would clear stored values needs --allow-clear."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(specs()))
        parser.add_argument("file")
        parser.add_argument(
            "--valid-only", action="store_true", help="import the valid rows, skip the bad ones"
        )
        parser.add_argument("--report", help="write the bad rows, marked, to this .xlsx")
        parser.add_argument(
            "--allow-clear",
            action="store_true",
            help="let empty cells clear stored values; without it a file that would clear "
            "any stops and says how many of which column",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        all_specs = specs()
        spec = all_specs[options["kind"]]

        def progress(done, total):
            sys.stderr.write(f"\r{spec.kind}: {done} rows" + (f" / {total}" if total else ""))
            sys.stderr.flush()

        with acting_as(channel="command"):
            result = run_import(
                spec,
                path,
                filename=path.name,
                valid_only=options["valid_only"],
                other_specs=all_specs.values(),
                progress=progress,
                report_path=Path(options["report"]) if options["report"] else None,
                allow_clear=options["allow_clear"],
            )
        sys.stderr.write("\n")
        for e in result.errors[:200]:
            self.stderr.write(f"row {e.row}, {e.column}, “{e.value}”: {e.reason}")
        if len(result.errors) > 200:
            self.stderr.write(f"… and {len(result.errors) - 200} more")
        for note in result.notes():
            self.stderr.write(note)
        c = result.counts
        summary = (
            f"{spec.kind}: {result.rows} rows read, {len(result.errors)} problems, "
            f"{c.created} created, {c.updated} updated, {c.unchanged} unchanged"
        )
        if result.needs_confirmation:
            raise CommandError(
                f"{summary}. Nothing was imported. {result.message} "
                "Run again with --allow-clear to clear them."
            )
        if not result.written:
            raise CommandError(f"{summary}. Nothing was imported. {result.message}")
        self.stdout.write(summary)
