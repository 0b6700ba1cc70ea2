"""`bangfu export_data KIND FILE`: a registry in its template's columns, or a programme form."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bangfu.assistance.io.progress import write_progress
from bangfu.assistance.io.scope import form_period
from bangfu.assistance.io.statistics import write_statistics
from bangfu.core.context import acting_as
from bangfu.dataio.exports import export_to_file
from bangfu.dataio.kinds import specs
from bangfu.pairing.io import write_pairing_list
from bangfu.places.models import Division

# Forms of the programme (not registries): KIND -> writer(path, county=…[, period=…]) -> rows.
FORMS = {
    "pairings": write_pairing_list,
    "statistics": write_statistics,  # attachment 7
    "progress": write_progress,  # attachment 6
}
# Forms filed for a half-year period (--period; the latest closed one by default).
PERIOD_FORMS = {"statistics", "progress"}


class Command(BaseCommand):
    help = (
        "Export villages, households or helpers to .xlsx or .csv (full numbers: the operator), "
        "or a programme form (.xlsx): pairings (attachment 5), progress (attachment 6), "
        "statistics (attachment 7)."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted({*specs(), *FORMS}))
        parser.add_argument("file")
        parser.add_argument("--county", help="county code, e.g. 130821")
        parser.add_argument(
            "--period",
            help="half-year period of the progress and statistics forms, e.g. 2017H2 "
            "(default: the latest closed period)",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        kind, county = options["kind"], options["county"]
        if county and not Division.objects.filter(code=county, level="county").exists():
            raise CommandError(f"No county has the code {county}")
        if options["period"] and kind not in PERIOD_FORMS:
            raise CommandError(f"--period applies to {' and '.join(sorted(PERIOD_FORMS))} only")
        if kind in PERIOD_FORMS:
            try:
                period = form_period(options["period"])
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            if path.suffix.lower() != ".xlsx":
                raise CommandError(f"{kind}: FILE must end in .xlsx")
            with acting_as(channel="command"):
                count = FORMS[kind](path, county=county, period=period)
            self.stdout.write(f"{kind} {period.code}: {count} rows written to {path}")
            return
        if kind in FORMS:
            if path.suffix.lower() != ".xlsx":
                raise CommandError(f"{kind}: FILE must end in .xlsx")
            with acting_as(channel="command"):
                count = FORMS[kind](path, county=county)
        else:
            if path.suffix.lower() not in {".xlsx", ".csv"}:
                raise CommandError("FILE must end in .xlsx or .csv")
            filters = {"county": county} if county else {}
            with acting_as(channel="command"):
                count = export_to_file(kind, path, filters=filters, full_numbers=True)
        self.stdout.write(f"{kind}: {count} rows written to {path}")
