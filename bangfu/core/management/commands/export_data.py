from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bangfu.core.context import acting_as
from bangfu.core.exports import export_to_file
from bangfu.core.registries import specs

# Forms of the programme (not registries): KIND -> writer(path, county) -> rows written.
FORMS = {"pairings": "bangfu.pairing.io.write_pairing_list"}


class Command(BaseCommand):
    help = (
        "Export villages, households or helpers to .xlsx or .csv (full numbers: the operator), "
        "or a programme form: pairings (attachment 5, .xlsx)."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted({*specs(), *FORMS}))
        parser.add_argument("file")
        parser.add_argument("--county", help="county code, e.g. 130821")

    def handle(self, *args, **options):
        from django.utils.module_loading import import_string

        from bangfu.places.models import Division

        path = Path(options["file"])
        kind, county = options["kind"], options["county"]
        if county and not Division.objects.filter(code=county, level="county").exists():
            raise CommandError(f"No county has the code {county}")
        if kind in FORMS:
            if path.suffix.lower() != ".xlsx":
                raise CommandError(f"{kind}: FILE must end in .xlsx")
            with acting_as(channel="command"):
                count = import_string(FORMS[kind])(path, county=county)
        else:
            if path.suffix.lower() not in {".xlsx", ".csv"}:
                raise CommandError("FILE must end in .xlsx or .csv")
            filters = {"county": county} if county else {}
            with acting_as(channel="command"):
                count = export_to_file(kind, path, filters=filters, full_numbers=True)
        self.stdout.write(f"{kind}: {count} rows written to {path}")
