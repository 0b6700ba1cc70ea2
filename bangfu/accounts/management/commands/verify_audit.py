"""`bangfu verify_audit`: verify the audit trail's MAC chain and every signed checkpoint."""

from django.core.management.base import BaseCommand, CommandError

from bangfu.accounts import checkpoints
from bangfu.accounts.audit_verify import verify_trail


class Command(BaseCommand):
    help = (
        "Verify the audit trail: recompute the MAC chain naming every row that does not match, "
        "and compare the table with every signed checkpoint, naming rows missing after one. "
        "Exits 0 when intact, non-zero otherwise."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoints",
            metavar="DIR",
            help="the checkpoint directory (default: AUDIT_CHECKPOINT_DIR), e.g. a restored copy",
        )

    def handle(self, *args, **options):
        folder = options.get("checkpoints") or checkpoints.checkpoint_dir()
        walk, problems = verify_trail(checkpoint_dir=folder)
        for problem in problems:
            self.stderr.write(problem.message)
        if problems:
            raise CommandError(
                f"audit chain broken: {len(problems)} problems "
                f"({len(walk.bad)} of {walk.rows} rows do not match)"
            )
        found = [d for _, d, p in checkpoints.load(folder) if not p]
        if found:
            newest = max(found, key=lambda d: d["last_id"])
            anchored = (
                f"{len(found)} checkpoints agree, the newest at row {newest['last_id']} "
                f"of {checkpoints._when(newest)}"
            )
        else:
            anchored = f"no checkpoint in {folder}: a truncation of the newest rows cannot be seen"
        self.stdout.write(f"audit chain intact: {walk.rows} rows; {anchored}")
