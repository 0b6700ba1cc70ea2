"""A record's history read from the audit trail, under its model's current and former labels.

Audit rows name their record by model label (`visits.visit`). When a model moved to another
app, rows written before the move keep the old label (the keyed chain forbids rewriting them),
so every reader asks for both. `history_for` gives each row with its changes as sentences
(when, who, which field from what to what: field names, choices and linked records as their
labels, not `household_id ∅ → 301`); a helper's liaison sees the history of its own helper's
records only.
"""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q
from django.utils.translation import gettext as _

from .models import AuditEvent

# current label -> the labels the same model had before it moved (issue 14's app split)
FORMER_LABELS: dict[str, tuple[str, ...]] = {
    "visits.visit": ("oversight.visit",),
    "visits.followup": ("oversight.followup",),
    "visits.inspectorassignment": ("oversight.inspectorassignment",),
    "support.loan": ("oversight.loan",),
    "support.donationreceipt": ("oversight.donationreceipt",),
    **{
        f"evaluation.{name}": (f"oversight.{name}",)
        for name in (
            "checklist",
            "checklistitem",
            "evaluation",
            "scoresheet",
            "score",
            "crosscheckassignment",
            "notice",
            "noticeentry",
        )
    },
    **{
        f"monitoring.{name}": (f"registry.{name}",)
        for name in ("monitoringcase", "monitoringstep", "monitoringmeasure", "monitoringvisit")
    },
    "groups.leadinggroupmember": ("reporting.leadinggroupmember",),
    "groups.demonstrationrecommendation": ("reporting.demonstrationrecommendation",),
}


def labels_of(model: type[Model] | Model) -> tuple[str, ...]:
    """The model's audit label first, then the labels it had before it moved."""
    label = model._meta.label_lower
    return (label, *FORMER_LABELS.get(label, ()))


def rows_q(model: type[Model] | Model, ids) -> Q:
    """Audit rows about the given ids of `model`, under any of its labels."""
    return Q(object_type__in=labels_of(model), object_id__in={str(i) for i in ids})


@dataclass
class Entry:
    """One change of a record as the page reads it."""

    event: AuditEvent
    summary: str  # 李强 修改了记录
    changes: list[str]  # 将“状态”由“已提交”改为“已确认”
    detail: str = ""


def _verb(event: str) -> str:
    verbs = {
        "create": _("created the record"),
        "update": _("changed the record"),
        "delete": _("deleted the record"),
        "submit": _("submitted it"),
        "reopen": _("re-opened it"),
        "import": _("imported it"),
    }
    return verbs.get(event, event)


def _field(model, name: str):
    for candidate in (name, name.removesuffix("_id")):
        try:
            return model._meta.get_field(candidate)
        except FieldDoesNotExist:
            continue
    return None


def _shown(field, value) -> str:
    """A stored value as the page shows it: a choice's label, a linked record's name."""
    if value in (None, "", [], {}):
        return _("(empty)")
    if field is not None and field.choices:
        labels = {str(k): str(v) for k, v in field.flatchoices}
        if str(value) in labels:
            return labels[str(value)]
    if field is not None and field.many_to_many:  # stored as the linked records' names
        return str(value)
    if field is not None and field.is_relation and field.related_model is not None:
        found = field.related_model._base_manager.filter(pk=value).first()
        if found is not None:
            return str(found)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def change_sentence(model, name: str, old, new) -> str:
    """将“村”由“（空）”改为“北𨟠村”."""
    field = _field(model, name)
    label = str(field.verbose_name) if field is not None else name
    return _("“%(field)s” from “%(old)s” to “%(new)s”") % {
        "field": label,
        "old": _shown(field, old),
        "new": _shown(field, new),
    }


def _may_see(user, obj: Model) -> bool:
    """A helper's liaison reads the history of its own helper and of its records only."""
    if user is None or getattr(user, "role", None) != "helper":
        return True
    own = getattr(user, "helper_id", None)
    if own is None:
        return False
    if obj._meta.label_lower == "helpers.helper":
        return obj.pk == own
    return getattr(obj, "helper_id", None) == own


def history_for(*, obj: Model, user=None, limit: int = 50) -> list[Entry]:
    """The audit rows that changed one record, newest first (the record's history on its
    page), each as sentences. Access events (denials, reveals, exports) are for the audit
    trail only; `user` a helper's liaison: nothing unless the record is its helper's own."""
    if not _may_see(user, obj):
        return []
    key = str(getattr(obj, "natural_key_value", None) or obj.pk)
    rows = AuditEvent.objects.history().filter(rows_q(obj, {key, obj.pk})).order_by("-id")
    model = type(obj)
    return [
        Entry(
            event=ev,
            summary=_("%(who)s %(did)s")
            % {"who": ev.actor_name or _("the system"), "did": _verb(ev.event)},
            changes=[
                change_sentence(model, name, *[*pair, None, None][:2])
                for name, pair in (ev.changes or {}).items()
                if isinstance(pair, list | tuple)
            ],
            detail=ev.detail,
        )
        for ev in rows[:limit]
    ]
