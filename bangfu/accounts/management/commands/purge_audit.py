"""`bangfu purge_audit --before DATE`: delete audit rows past retention, as one audited action."""

import datetime as dt
import functools

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from bangfu.accounts import audit, audit_verify, checkpoints
from bangfu.accounts.models import AuditEvent
from bangfu.core.context import acting_as


class Command(BaseCommand):
    help = (
        "Delete the audit rows older than DATE (at least AUDIT_RETENTION_DAYS ago), as one "
        "audited action that keeps the trail verifiable: it refuses a trail that does not "
        "verify, records what it removed and the MAC the kept rows follow, and writes a "
        "checkpoint."
    )

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, metavar="YYYY-MM-DD")

    def handle(self, *args, **options):
        try:
            before = dt.date.fromisoformat(options["before"])
        except ValueError:
            raise CommandError(f"--before {options['before']}: give a date as YYYY-MM-DD") from None
        days = settings.AUDIT_RETENTION_DAYS
        latest = timezone.localdate() - dt.timedelta(days=days)
        if before > latest:
            raise CommandError(
                f"audit rows are kept {days} days: --before may be {latest} at the latest"
            )
        _walk, problems = audit_verify.verify_trail()
        if problems:
            for problem in problems:
                self.stderr.write(problem.message)
            raise CommandError(
                "the audit trail does not verify: nothing purged (purging would hide the damage)"
            )
        cutoff = timezone.make_aware(dt.datetime.combine(before, dt.time.min))
        with acting_as(channel="command"), transaction.atomic():
            result = _purge(before, cutoff)
        if result is None:
            self.stdout.write(f"no audit rows before {before}: nothing purged")
            return
        rows, upto = result
        self.stdout.write(f"purged {rows} audit rows before {before} (up to row {upto})")


def _purge(before: dt.date, cutoff: dt.datetime):
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [audit.ADVISORY_LOCK_KEY])
    # the chain is cut at a row boundary: everything up to the newest row before the first
    # row that is kept (a denial written again after a rollback keeps its original time)
    first_kept = AuditEvent.objects.filter(at__gte=cutoff).order_by("id").first()
    older = AuditEvent.objects.filter(id__lt=first_kept.id) if first_kept else AuditEvent.objects
    last = older.order_by("-id").values("id", "hash").first()
    if last is None:
        return None
    upto, mac = last["id"], last["hash"]
    rows = AuditEvent.objects.filter(id__lte=upto).count()
    audit_verify.delete_through_gate(upto)
    audit.record(
        event=audit_verify.PURGE_EVENT,
        object_type="accounts.auditevent",
        object_id=str(upto),
        object_repr=f"audit rows before {before}",
        detail=audit_verify.purge_detail(rows=rows, before=before, upto=upto, mac=mac),
    )
    transaction.on_commit(
        functools.partial(
            checkpoints.write,
            "purge",
            note=f"purged {rows} rows before {before}",
            extra={"purged_upto": upto, "purged_mac": mac},
        )
    )
    return rows, upto
