"""`bangfu load_divisions`: load or update the statistical division list (audited)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from bangfu.core.context import acting_as
from bangfu.places.services import DEFAULT_DIVISIONS_FILE, DivisionFileError, divisions_load


class Command(BaseCommand):
    help = "Load the division list (city, counties, townships, villages); idempotent."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DEFAULT_DIVISIONS_FILE))

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        with acting_as(channel="command"):
            try:
                result = divisions_load(path=path)
            except DivisionFileError as exc:
                self._ignored(exc.ignored)
                for err in exc.errors:
                    self.stderr.write(str(err))
                raise CommandError(
                    f"{len(exc.errors)} bad row(s) in {path.name}; nothing was loaded."
                ) from exc
        self._ignored(result.ignored_columns)
        c = result.counts
        self.stdout.write(
            f"divisions: {c.get('county', 0)} counties, {c.get('township', 0)} townships, "
            f"{c.get('village', 0)} villages ({result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged)"
        )

    def _ignored(self, names: list[str]) -> None:
        if names:
            self.stderr.write(
                _("Ignored columns: %(names)s (not recognised).") % {"names": "、".join(names)}
            )
