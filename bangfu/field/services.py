"""Saving an item sent from a phone: once, through the same service as the page or the API.

`synced_item_save` is the one business action here. It saves the item through the service
its form uses online (`assistance_save`, `visit_record`, `monitoring_step_record` for the
home visit, `plan_progress_add`), so that every rule and every scope check applies as it
does online, and writes the phone's id beside the record in the same transaction. An id
already saved answers with the record it made: the same item sent twice makes one record.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from bangfu.assistance.services.records import assistance_save
from bangfu.monitoring.models import Step
from bangfu.monitoring.services.identification import monitoring_step_record
from bangfu.pairing.services.plans import plan_progress_add
from bangfu.visits.services import visit_record

from .models import ItemKind, SyncedItem


def _assistance(user, fields):
    record = assistance_save(user=user, **fields)
    return record, record.number, record.get_absolute_url()


def _visit(user, fields):
    visit = visit_record(user=user, **fields)
    label = f"{visit.county.name} {visit.visited_on:%Y-%m-%d}"
    return visit, label, visit.get_absolute_url()


def _home_visit(user, fields):
    step = monitoring_step_record(user=user, step=Step.HOME_VISIT, **fields)
    return step, step.case.number, step.case.get_absolute_url()


def _progress(user, fields):
    progress = plan_progress_add(user=user, **fields)
    pairing = progress.item.pairing
    return progress, f"{pairing.number} · {progress.item.what}", pairing.get_absolute_url()


SAVERS = {
    ItemKind.ASSISTANCE: _assistance,
    ItemKind.VISIT: _visit,
    ItemKind.HOME_VISIT: _home_visit,
    ItemKind.PROGRESS: _progress,
}


def _already_saved(user, client_id) -> SyncedItem | None:
    done = SyncedItem.objects.filter(client_id=client_id).first()
    if done is not None and done.user_id != user.pk:
        raise ValidationError(
            _("This item's id is already taken; record the item again."), code="id_taken"
        )
    return done


def synced_item_save(*, user, client_id, kind: str, fields: dict) -> tuple[SyncedItem, bool]:
    """Save one phone item through its form's service, or find it saved already.

    Returns the receipt and whether this call made the record. A broken rule raises the
    service's ValidationError, a record changed since the phone read it StaleRecordError,
    and nothing is saved then."""
    done = _already_saved(user, client_id)
    if done is not None:
        return done, False
    try:
        with transaction.atomic():
            record, label, url = SAVERS[kind](user, fields)
            receipt = SyncedItem.objects.create(
                client_id=client_id,
                user=user,
                kind=kind,
                content_type=ContentType.objects.get_for_model(record),
                object_id=str(record.pk),
                label=label[:80],
                url=url[:200],
            )
    except IntegrityError:
        # the same id sent twice at once: the other sending saved it, this one rolled back
        done = _already_saved(user, client_id)
        if done is None:
            raise
        return done, False
    return receipt, True
