"""`bangfu flag_households YEAR`: relapse-monitoring cases proposed by the data rule."""

from django.core.management.base import BaseCommand, CommandError

from bangfu.core.context import acting_as
from bangfu.monitoring.rules import income_threshold
from bangfu.monitoring.services.cases import flag_households
from bangfu.places.models import Division


class Command(BaseCommand):
    help = (
        "Propose relapse-monitoring cases from the data rule for a year: exited households "
        "within their monitoring period whose per-capita income is below 1.5 × the poverty "
        "line, or whose medical and schooling expenses exceed half of their income. Never "
        "opens a second case for a household with an open one."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--county", help="county code (default: all counties)")

    def handle(self, *args, **options):
        county = None
        if options["county"]:
            county = Division.objects.filter(code=options["county"], level="county").first()
            if county is None:
                raise CommandError(f"No county with code {options['county']}.")
        with acting_as(channel="command"):
            created = flag_households(year=options["year"], county=county)
        self.stdout.write(
            f"flag_households {options['year']}: {len(created)} new monitoring case(s) "
            f"(threshold {income_threshold(options['year'])} yuan per person)"
        )
