"""A pairing's plan: its items, and the progress reported on them with evidence."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts.guards import require
from bangfu.core.uploads import store_evidence

from ..models import Pairing, PlanItem, PlanProgress
from .rules import may_edit_content


def plan_item_save(*, user, pairing: Pairing, item: PlanItem | None = None, **fields) -> PlanItem:
    require(may_edit_content(user, pairing), "plan.edit", pairing)
    if pairing.is_closed:
        raise ValidationError(_("This pairing has ended; its plan can no longer change."))
    item = item or PlanItem(pairing=pairing)
    for name, value in fields.items():
        setattr(item, name, value.strip() if isinstance(value, str) else value)
    item.pairing = pairing
    if item.due_date and item.due_date < pairing.start_date:
        raise ValidationError(
            {
                "due_date": _("Due on %(due)s, before the pairing starts (%(start)s).")
                % {"due": item.due_date, "start": pairing.start_date}
            }
        )
    with transaction.atomic():
        item.full_clean(exclude=["pairing", "achieved", "done_on", "inherited_from"])
        item.save()
    return item


def plan_progress_add(
    *, user, item: PlanItem, reported_on: dt.date, value, note: str = "", uploads=()
) -> PlanProgress:
    """Report the value reached so far; the item's state follows from the latest report."""
    require(may_edit_content(user, item.pairing), "plan.progress", item.pairing)
    if item.pairing.is_closed:
        raise ValidationError(_("This pairing has ended; its plan can no longer change."))
    if reported_on > timezone.localdate():
        raise ValidationError(
            {"reported_on": _("A progress report cannot be dated in the future.")}
        )
    if value < 0:
        raise ValidationError({"value": _("The value reached cannot be negative.")})
    with transaction.atomic():
        files = [store_evidence(u, user=user) for u in uploads]
        progress = PlanProgress.objects.create(
            item=item,
            reported_on=reported_on,
            value=value,
            note=(note or "").strip(),
            reported_by=user if getattr(user, "pk", None) else None,
        )
        if files:
            progress.files.add(*files)
        latest = item.progress.order_by("-reported_on", "-id").first()
        item.achieved = latest.value
        if item.achieved >= item.target_value and item.done_on is None:
            item.done_on = latest.reported_on
        elif item.achieved < item.target_value:
            item.done_on = None
        item.save(update_fields=["achieved", "done_on"])
    return progress
