"""A record's history read from the audit trail, under its model's current and former labels.

Audit rows name their record by model label (`visits.visit`). When a model moved to another
app, rows written before the move keep the old label (the keyed chain forbids rewriting them),
so every reader asks for both.
"""

from django.db.models import Model, Q

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


def history_for(*, obj: Model, limit: int = 50) -> list[AuditEvent]:
    """The audit rows that changed one record, newest first (the record's history on its
    page). Access events (denials, reveals, exports) are for the audit trail only."""
    key = str(getattr(obj, "natural_key_value", None) or obj.pk)
    return list(
        AuditEvent.objects.history().filter(rows_q(obj, {key, obj.pk})).order_by("-id")[:limit]
    )
