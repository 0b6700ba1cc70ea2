from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bangfu.core.context import acting_as
from bangfu.core.exports import export_to_file
from bangfu.core.registries import specs


class Command(BaseCommand):
    help = "Export villages, households or helpers to .xlsx or .csv (full numbers: the operator)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(specs()))
        parser.add_argument("file")
        parser.add_argument("--county", help="county code, e.g. 130821")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if path.suffix.lower() not in {".xlsx", ".csv"}:
            raise CommandError("FILE must end in .xlsx or .csv")
        filters = {"county": options["county"]} if options["county"] else {}
        with acting_as(channel="command"):
            count = export_to_file(options["kind"], path, filters=filters, full_numbers=True)
        self.stdout.write(f"{options['kind']}: {count} rows written to {path}")
