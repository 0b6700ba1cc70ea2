"""`bangfu audit_checkpoint`: write a signed checkpoint of the audit trail's head."""

from django.core.management.base import BaseCommand

from bangfu.accounts import checkpoints


class Command(BaseCommand):
    help = (
        "Write a signed checkpoint of the audit trail's newest row under AUDIT_CHECKPOINT_DIR "
        "(and to the log). Run it daily, e.g. from cron or a systemd timer."
    )

    def handle(self, *args, **options):
        path = checkpoints.write("daily", note="bangfu audit_checkpoint")
        if path is None:
            self.stdout.write("the audit trail is empty: nothing to anchor")
        else:
            self.stdout.write(f"audit checkpoint written: {path}")
