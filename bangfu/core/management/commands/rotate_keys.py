"""`bangfu rotate_keys`: re-encrypt every encrypted field with the current key (audited)."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from bangfu.core import auditing
from bangfu.core.context import acting_as
from bangfu.core.fields import EncryptedCharField


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field with the first key of FIELD_ENCRYPTION_KEYS."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args, **options):
        total = 0
        with acting_as(channel="command"):
            for model in apps.get_models():
                fields = [
                    f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)
                ]
                if not fields:
                    continue
                last = 0
                while True:
                    with transaction.atomic():
                        rows = list(
                            model._base_manager.filter(pk__gt=last)
                            .order_by("pk")
                            .only("pk", *fields)[: options["batch"]]
                        )
                        if not rows:
                            break
                        # reading decrypts with whichever key matches; writing encrypts with the first
                        model._base_manager.bulk_update(rows, fields)
                    last = rows[-1].pk
                    total += len(rows)
            auditing.record(
                event="rotate_keys", object_type="core.crypto", detail=f"{total} rows re-encrypted"
            )
        self.stdout.write(f"rotate_keys: {total} rows re-encrypted with the current key")
