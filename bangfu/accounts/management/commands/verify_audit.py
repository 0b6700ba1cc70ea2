from django.core.management.base import BaseCommand, CommandError

from bangfu.accounts.audit import verify_chain
from bangfu.accounts.models import AuditEvent


class Command(BaseCommand):
    help = "Recompute the audit trail's hash chain and name every row that does not match."

    def handle(self, *args, **options):
        bad = 0
        for ev, problem in verify_chain():
            bad += 1
            self.stderr.write(
                f"row {ev.pk} ({ev.at:%Y-%m-%d %H:%M:%S} {ev.event}): {problem} mismatch"
            )
        total = AuditEvent.objects.count()
        if bad:
            raise CommandError(f"audit chain broken: {bad} of {total} rows do not match")
        self.stdout.write(f"audit chain intact: {total} rows")
