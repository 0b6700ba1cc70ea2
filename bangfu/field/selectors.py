"""Scoped reads of the field app: an item already saved, and the server's side of a conflict."""

from __future__ import annotations

from django.utils.translation import gettext as _

from bangfu.monitoring.models import MonitoringCase
from bangfu.pairing.models import PlanItem

from .models import SyncedItem


def synced_item_get_for_user(*, user, client_id) -> tuple[SyncedItem | None, bool]:
    """(the user's receipt for this phone id or None, whether another user holds the id)."""
    item = SyncedItem.objects.filter(client_id=client_id).first()
    if item is None:
        return None, False
    if item.user_id != user.pk:
        return None, True
    return item, False


def _case_side(case: MonitoringCase) -> list[dict]:
    rows = [
        {"label": _("Case"), "value": case.number},
        {"label": _("State"), "value": str(case.get_state_display())},
        {"label": _("Next step"), "value": str(case.get_next_step_display() or "—")},
    ]
    for step in case.steps.order_by("done_on", "id"):
        text = f"{step.done_on:%Y-%m-%d} · {step.signed_name}"
        if step.notes:
            text += f" · {step.notes}"
        rows.append({"label": str(step.get_step_display()), "value": text})
    return rows


def _item_side(item: PlanItem) -> list[dict]:
    rows = [
        {"label": _("Plan item"), "value": item.what},
        {"label": _("Achieved"), "value": f"{item.achieved} / {item.target_value} {item.unit}"},
    ]
    latest = item.progress.order_by("-reported_on", "-id").first()
    if latest is not None:
        text = f"{latest.reported_on:%Y-%m-%d} · {latest.value} {item.unit}"
        if latest.note:
            text += f" · {latest.note}"
        rows.append({"label": _("Latest report"), "value": text})
    return rows


def server_side(obj) -> dict:
    """What the server holds now of a record the phone's item was based on: shown beside
    the phone's item, nothing overwritten. `obj` was read in the user's scope."""
    model = type(obj)
    fresh = model._base_manager.get(pk=obj.pk)
    rows = _case_side(fresh) if isinstance(fresh, MonitoringCase) else _item_side(fresh)
    return {"version": fresh.version, "rows": rows}
