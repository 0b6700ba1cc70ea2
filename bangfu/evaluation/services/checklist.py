"""Business actions on the evaluation checklist: create a year's, add, edit or remove items.

One business action each, keyword-only, `user=` first, checking the capability and the row
(permissions.py), in one audited transaction. Reads are in selectors.py.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bangfu.accounts.guards import require
from bangfu.evaluation.models import Checklist, ChecklistItem, Evaluation, EvidenceKey, ItemGroup
from bangfu.evaluation.permissions import may_manage
from bangfu.evaluation.selectors import scoring_started
from bangfu.places.models import Programme
from bangfu.places.programme import programme_counties

# The plan's self-check (seed §五(四)2: 是否健全组织、配备人员，是否按要求签订帮扶协议、落实帮扶
# 项目，是否完善资料、做好统计), split into items that sum to 100 points. Data, in Chinese: the
# city office edits it like any other checklist.
DEFAULT_ITEMS: list[tuple[str, str, int, str]] = [
    (
        ItemGroup.ORGANISATION,
        "成立“科企帮万村”行动领导小组，明确组长、成员和职责",
        10,
        EvidenceKey.ROSTER,
    ),
    (ItemGroup.ORGANISATION, "公开对接联络人及联络方式", 5, ""),
    (ItemGroup.ORGANISATION, "安排专人负责与帮扶企业对接协调", 10, ""),
    (ItemGroup.AGREEMENTS, "结对帮扶按要求签订帮扶协议", 20, EvidenceKey.AGREEMENTS),
    (ItemGroup.AGREEMENTS, "帮扶规划按期落实", 15, EvidenceKey.PLAN_ITEMS),
    (ItemGroup.AGREEMENTS, "帮扶项目落地，帮扶记录及时审核确认", 10, EvidenceKey.ASSISTANCE),
    (ItemGroup.AGREEMENTS, "深入结对村开展调研督导、跟踪问效", 10, EvidenceKey.VISITS),
    (ItemGroup.MATERIALS, "按时间节点报送报表和总结材料", 15, EvidenceKey.SUBMISSIONS),
    (ItemGroup.MATERIALS, "帮扶资料完整，统计数据准确", 5, ""),
]


def _check_points(points) -> int:
    """A whole number 1–100 (a checklist whose points are not positive is refused)."""
    try:
        value = None if isinstance(points, bool) else Decimal(str(points).strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value != value.to_integral_value() or value <= 0:
        raise ValidationError(
            {"points": _("The points of an item must be a whole number above 0.")},
            code="points_not_positive",
        )
    if value > 100:
        raise ValidationError({"points": _("An item is worth at most 100 points.")})
    return int(value)


def _require_editable(checklist: Checklist) -> None:
    if scoring_started(checklist):
        raise ValidationError(
            _("Scoring of %(year)d has started: the checklist can no longer change.")
            % {"year": checklist.year},
            code="scoring_started",
        )


@transaction.atomic
def checklist_create(*, user, programme: Programme, year: int, note: str = "") -> Checklist:
    """The checklist of `year`, starting as a copy of the year before's (or, for the first
    year, the plan's self-check items), with an evaluation for each of the programme's
    counties."""
    require(may_manage(user), "evaluation.manage")
    if not programme.start_year <= year <= programme.end_year:
        raise ValidationError(
            {
                "year": _("%(year)d is outside the programme (%(start)d–%(end)d).")
                % {"year": year, "start": programme.start_year, "end": programme.end_year}
            }
        )
    if Checklist.objects.filter(programme=programme, year=year).exists():
        raise ValidationError({"year": _("The checklist of %(year)d exists.") % {"year": year}})
    checklist = Checklist.objects.create(programme=programme, year=year, note=note.strip())
    previous = (
        Checklist.objects.filter(programme=programme, year__lt=year).order_by("-year").first()
    )
    if previous is not None:
        rows = [(i.group, i.title, i.points, i.evidence_key) for i in previous.items.all()]
    else:
        rows = DEFAULT_ITEMS
    for order, (group, title, points, key) in enumerate(rows, 1):
        ChecklistItem.objects.create(
            checklist=checklist,
            group=group,
            title=title,
            points=points,
            evidence_key=key,
            order=order,
        )
    for county in programme_counties(programme):
        Evaluation.objects.create(checklist=checklist, county=county)
    return checklist


def _item_fields(*, title, group, points, evidence_key) -> dict:
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Say what is checked.")
    if group not in ItemGroup.values:
        errors["group"] = _("Choose a group.")
    if evidence_key and evidence_key not in EvidenceKey.values:
        errors["evidence_key"] = _("Unknown evidence.")
    try:
        points = _check_points(points)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return {
        "title": title.strip(),
        "group": group,
        "points": points,
        "evidence_key": evidence_key or "",
    }


def checklist_item_add(
    *,
    user,
    checklist: Checklist,
    title: str,
    group: str,
    points: int,
    evidence_key: str = "",
    order: int | None = None,
) -> ChecklistItem:
    """Add an item (points a whole number 1–100), while nobody has scored the year yet."""
    require(may_manage(user), "evaluation.manage", checklist)
    fields = _item_fields(title=title, group=group, points=points, evidence_key=evidence_key)
    with transaction.atomic():
        _require_editable(checklist)
        if order is None:
            order = (
                checklist.items.order_by("-order").values_list("order", flat=True).first()
            ) or 0
            order += 1
        return ChecklistItem.objects.create(checklist=checklist, order=order, **fields)


def checklist_item_update(
    *,
    user,
    item: ChecklistItem,
    title: str,
    group: str,
    points: int,
    evidence_key: str = "",
    order: int | None = None,
) -> ChecklistItem:
    require(may_manage(user), "evaluation.manage", item)
    fields = _item_fields(title=title, group=group, points=points, evidence_key=evidence_key)
    with transaction.atomic():
        _require_editable(item.checklist)
        for name, value in fields.items():
            setattr(item, name, value)
        if order is not None:
            item.order = order
        item.save(update_fields=[*fields, "order"])
    return item


def checklist_item_remove(*, user, item: ChecklistItem) -> None:
    require(may_manage(user), "evaluation.manage", item)
    with transaction.atomic():
        _require_editable(item.checklist)
        item.delete()
