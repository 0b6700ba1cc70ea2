"""The annual evaluation (年度考评): checklist, the three checks, rotation, outcome, notices.

Services (one business action each, keyword-only, `user=` first, checking the capability
and the row, in one audited transaction) and scoped selectors.

Who may do what:
- `evaluation.manage` (the city office): the checklist, the rotation and its adjustments,
  inspectors' assignments, the spot check, finalising the year, notices.
- `evaluation.score`: a county office scores its own county's self-check, and the
  cross-check of the county the rotation assigns to it; an inspector scores the cross-check
  of the counties assigned to them that year — and nothing else.

The final score (decided here, docs/DECISIONS.md): the mean of the spot check and the
cross-check (50 % each), one decimal place; the self-check is shown beside it and does not
count. Counties are ranked by it (equal scores share a rank, 1, 2, 2, 4), and graded by its
share of the checklist's points: excellent ≥ 90 %, good ≥ 80 %, pass ≥ 60 %, fail below.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts import audit
from bangfu.accounts.guards import require
from bangfu.accounts.roles import Role, can
from bangfu.core.notifications import notify
from bangfu.evaluation import rotation
from bangfu.evaluation.models import (
    Checklist,
    ChecklistItem,
    CrossCheckAssignment,
    Evaluation,
    EvidenceKey,
    Grade,
    ItemGroup,
    Notice,
    NoticeEntry,
    Score,
    ScoreSheet,
    SheetKind,
)
from bangfu.places.models import Division, Programme
from bangfu.places.programme import programme_counties
from bangfu.visits.models import InspectorAssignment

ONE_DECIMAL = Decimal("0.1")

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

GRADE_BANDS = [(Decimal(90), Grade.EXCELLENT), (Decimal(80), Grade.GOOD), (Decimal(60), Grade.PASS)]

# --------------------------------------------------------------------------- who may act


def may_manage(user) -> bool:
    return can(user, "evaluation.manage")


def may_read(user) -> bool:
    return can(user, "business.read") and getattr(user, "role", None) != Role.HELPER


def checker_of(evaluation: Evaluation) -> CrossCheckAssignment | None:
    return (
        CrossCheckAssignment.objects.filter(
            programme_id=evaluation.checklist.programme_id,
            year=evaluation.checklist.year,
            checked_id=evaluation.county_id,
        )
        .select_related("checker")
        .first()
    )


def inspector_county_ids(user, *, programme, year: int) -> set[int]:
    """The counties an inspector is assigned to cross-check in `year` (empty for others)."""
    if getattr(user, "role", None) != Role.INSPECTOR:
        return set()
    return set(
        InspectorAssignment.objects.filter(
            programme=programme, year=year, inspector=user
        ).values_list("county_id", flat=True)
    )


def may_score(user, evaluation: Evaluation, kind: str) -> bool:
    """Self-check: the county's own office. Spot check: the city office. Cross-check: the
    office of the county the rotation assigns, or an inspector assigned to the county."""
    if kind == SheetKind.SPOT:
        return may_manage(user)
    if not can(user, "evaluation.score"):
        return False
    if kind == SheetKind.SELF:
        return user.role == Role.COUNTY and user.county_id == evaluation.county_id
    if kind == SheetKind.CROSS:
        if user.role == Role.INSPECTOR:
            return evaluation.county_id in inspector_county_ids(
                user, programme=evaluation.checklist.programme, year=evaluation.checklist.year
            )
        if user.role == Role.COUNTY:
            assignment = checker_of(evaluation)
            return assignment is not None and assignment.checker_id == user.county_id
    return False


def _user(user):
    return user if getattr(user, "pk", None) else None


# --------------------------------------------------------------------------- checklist


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


def scoring_started(checklist: Checklist) -> bool:
    return Score.objects.filter(sheet__evaluation__checklist=checklist).exists()


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


# --------------------------------------------------------------------------- rotation


def assignment_map(*, programme, year: int) -> dict[str, str]:
    """{checker code: checked code} of `year`."""
    return dict(
        CrossCheckAssignment.objects.filter(programme=programme, year=year).values_list(
            "checker__code", "checked__code"
        )
    )


def _cross_started(programme, year: int, checked_ids=None):
    qs = ScoreSheet.objects.filter(
        kind=SheetKind.CROSS,
        evaluation__checklist__programme=programme,
        evaluation__checklist__year=year,
    )
    if checked_ids is not None:
        qs = qs.filter(evaluation__county_id__in=checked_ids)
    return qs.select_related("evaluation__county")


def rotation_propose(*, user, programme: Programme, year: int) -> list[CrossCheckAssignment]:
    """Replace `year`'s cross-check assignments with the rotation's proposal (from the year
    before's), as long as no cross-check of the year has begun."""
    require(may_manage(user), "evaluation.manage")
    counties = programme_counties(programme)
    if len(counties) < 2:
        raise ValidationError(_("A cross-check needs at least two counties."))
    with transaction.atomic():
        started = _cross_started(programme, year).first()
        if started is not None:
            raise ValidationError(
                _("The cross-check of %(county)s has begun: the rotation of %(year)d stays.")
                % {"county": started.evaluation.county.name, "year": year},
                code="cross_started",
            )
        by_code = {c.code: c for c in counties}
        proposal = rotation.propose(
            by_code, year, assignment_map(programme=programme, year=year - 1)
        )
        for old in CrossCheckAssignment.objects.filter(programme=programme, year=year):
            old.delete()
        return [
            CrossCheckAssignment.objects.create(
                programme=programme, year=year, checker=by_code[a], checked=by_code[b]
            )
            for a, b in sorted(proposal.items(), key=lambda p: p[1])
        ]


def rotation_adjust(
    *, user, programme: Programme, year: int, checked: Division, checker: Division, reason: str
) -> CrossCheckAssignment:
    """The city office names another county to cross-check `checked` (with a reason).
    Refused: a county checking itself; a county outside the programme; a cross-check that
    has already begun."""
    require(may_manage(user), "evaluation.manage")
    counties = {c.pk for c in programme_counties(programme)}
    if checker.pk == checked.pk:
        raise ValidationError(
            {
                "checker": _("A county cannot cross-check itself (%(county)s).")
                % {"county": checked.name}
            },
            code="self_check",
        )
    if checker.pk not in counties or checked.pk not in counties:
        raise ValidationError({"checker": _("Choose counties of the programme.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the adjustment.")})
    with transaction.atomic():
        if _cross_started(programme, year, [checked.pk]).exists():
            raise ValidationError(
                _("The cross-check of %(county)s has begun: its checker stays.")
                % {"county": checked.name},
                code="cross_started",
            )
        row = CrossCheckAssignment.objects.filter(
            programme=programme, year=year, checked=checked
        ).first()
        if row is None:
            return CrossCheckAssignment.objects.create(
                programme=programme,
                year=year,
                checker=checker,
                checked=checked,
                adjusted=True,
                reason=reason.strip()[:200],
            )
        row.checker = checker
        row.adjusted = True
        row.reason = reason.strip()[:200]
        row.save(update_fields=["checker", "adjusted", "reason"])
        return row


def inspector_assign(*, user, programme: Programme, year: int, inspector, counties) -> list[int]:
    """Set the counties `inspector` cross-checks in `year` (replacing the earlier list)."""
    require(may_manage(user), "evaluation.manage")
    if getattr(inspector, "role", None) != Role.INSPECTOR or not inspector.is_active:
        raise ValidationError({"inspector": _("Choose an active inspector account.")})
    allowed = {c.pk for c in programme_counties(programme)}
    wanted = {c.pk for c in counties}
    if wanted - allowed:
        raise ValidationError({"counties": _("Choose counties of the programme.")})
    with transaction.atomic():
        current = InspectorAssignment.objects.filter(
            programme=programme, year=year, inspector=inspector
        )
        for row in current:
            if row.county_id not in wanted:
                row.delete()
        have = set(current.values_list("county_id", flat=True))
        for county_id in sorted(wanted - have):
            InspectorAssignment.objects.create(
                programme=programme, year=year, inspector=inspector, county_id=county_id
            )
    return sorted(wanted)


# --------------------------------------------------------------------------- scoring


def _parse_score(raw) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValueError from None
    if not value.is_finite():
        raise ValueError
    return value


def _check_scores(items, scores: dict, submit: bool) -> dict[int, tuple[Decimal | None, str]]:
    """Every score a number 0 ≤ score ≤ the item's points with one decimal place; with
    `submit`, every item scored. Errors keyed `score_<item id>`."""
    errors, clean = {}, {}
    known = {i.pk for i in items}
    for item_id in scores:
        if int(item_id) not in known:
            raise ValidationError(_("An item of another checklist was scored."))
    for item in items:
        raw, note = scores.get(item.pk, (None, ""))
        key = f"score_{item.pk}"
        try:
            value = _parse_score(raw)
        except ValueError:
            errors[key] = _("%(item)s: enter a number.") % {"item": item.title}
            continue
        if value is None:
            if submit:
                errors[key] = _("%(item)s: score every item before submitting.") % {
                    "item": item.title
                }
            clean[item.pk] = (None, (note or "").strip())
            continue
        if value < 0:
            errors[key] = _("%(item)s: a score cannot be below 0.") % {"item": item.title}
        elif value > item.points:
            errors[key] = _("%(item)s: at most %(points)d points, not %(score)s.") % {
                "item": item.title,
                "points": item.points,
                "score": value,
            }
        elif value != value.quantize(ONE_DECIMAL):
            errors[key] = _("%(item)s: one decimal place at most.") % {"item": item.title}
        clean[item.pk] = (value, (note or "").strip())
    if errors:
        raise ValidationError(errors, code="bad_score")
    return clean


def sheet_save(
    *,
    user,
    evaluation: Evaluation,
    kind: str,
    scores: dict,
    note: str = "",
    submit: bool = False,
) -> ScoreSheet:
    """Save `kind`'s scores of an evaluation ({item id: (score, note)}); with `submit`, every
    item must be scored and the sheet becomes read-only. A bad score refuses the whole save."""
    if kind not in SheetKind.values:
        raise ValidationError(_("Unknown check."))
    require(may_score(user, evaluation, kind), f"evaluation.score {kind}", evaluation)
    if evaluation.is_final:
        raise ValidationError(_("The evaluation is final: its scores no longer change."))
    items = list(evaluation.checklist.items.all())
    clean = _check_scores(items, scores, submit)
    with transaction.atomic():
        sheet = ScoreSheet.objects.select_for_update().filter(
            evaluation=evaluation, kind=kind
        ).first() or ScoreSheet(evaluation=evaluation, kind=kind)
        if sheet.state == ScoreSheet.State.SUBMITTED:
            raise ValidationError(_("This check has been submitted: it no longer changes."))
        if kind == SheetKind.CROSS:
            assignment = checker_of(evaluation)
            sheet.checker_county = assignment.checker if assignment else None
        sheet.note = (note or "").strip()
        sheet.scored_by = _user(user)
        sheet.save()
        existing = {s.item_id: s for s in sheet.scores.all()}
        for item in items:
            value, item_note = clean[item.pk]
            row = existing.get(item.pk)
            if value is None:
                if row is not None:
                    row.delete()
                continue
            if row is None:
                Score.objects.create(sheet=sheet, item=item, score=value, note=item_note)
            elif row.score != value or row.note != item_note:
                row.score, row.note = value, item_note
                row.save(update_fields=["score", "note"])
        if submit:
            sheet.state = ScoreSheet.State.SUBMITTED
            sheet.total = sum((v for v, _n in clean.values()), Decimal(0))
            sheet.submitted_at = timezone.now()
            sheet.save(update_fields=["state", "total", "submitted_at"])
    return sheet


def sheet_reopen(*, user, sheet: ScoreSheet, reason: str) -> ScoreSheet:
    """The city office sends a submitted check back for correction, before the year is final."""
    require(may_manage(user), "evaluation.manage", sheet)
    if sheet.evaluation.is_final:
        raise ValidationError(_("The evaluation is final: its scores no longer change."))
    if sheet.state != ScoreSheet.State.SUBMITTED:
        raise ValidationError(_("This check has not been submitted."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for reopening.")})
    with transaction.atomic():
        sheet.state = ScoreSheet.State.DRAFT
        sheet.total = None
        sheet.submitted_at = None
        sheet.save(update_fields=["state", "total", "submitted_at"])
        audit.record(event="reopen", obj=sheet, detail=reason.strip()[:200])
    return sheet


# --------------------------------------------------------------------------- outcome


def final_of(spot: Decimal | None, cross: Decimal | None) -> Decimal | None:
    """Spot check 50 % + cross-check 50 %, one decimal place; None until both are in."""
    if spot is None or cross is None:
        return None
    return ((spot + cross) / 2).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def grade_of(final: Decimal | None, total_points: int) -> str:
    if final is None or not total_points:
        return ""
    share = final * 100 / total_points
    for floor, grade in GRADE_BANDS:
        if share >= floor:
            return grade
    return Grade.FAIL


def ranks(values: list[Decimal | None]) -> list[int | None]:
    """Competition ranks, highest first (1, 2, 2, 4); None for a missing value."""
    present = sorted((v for v in values if v is not None), reverse=True)
    return [None if v is None else present.index(v) + 1 for v in values]


@transaction.atomic
def evaluation_finalise(*, user, checklist: Checklist) -> list[Evaluation]:
    """Fix the year's final scores, ranks and grades. Refused while a county's spot check or
    cross-check is not submitted (naming the counties)."""
    require(may_manage(user), "evaluation.manage", checklist)
    evaluations = list(
        Evaluation.objects.select_for_update()
        .filter(checklist=checklist)
        .select_related("county")
        .order_by("county__code")
    )
    if not evaluations:
        raise ValidationError(_("No county is evaluated this year."))
    if any(e.is_final for e in evaluations):
        raise ValidationError(_("The evaluation of %(year)d is final.") % {"year": checklist.year})
    totals = sheet_totals([e.pk for e in evaluations])
    missing = [
        e.county.name
        for e in evaluations
        if totals.get((e.pk, SheetKind.SPOT)) is None or totals.get((e.pk, SheetKind.CROSS)) is None
    ]
    if missing:
        raise ValidationError(
            _("The spot check or cross-check is not submitted for: %(counties)s.")
            % {"counties": "、".join(missing)},
            code="not_scored",
        )
    points = checklist_points(checklist)
    finals = [
        final_of(totals[(e.pk, SheetKind.SPOT)], totals[(e.pk, SheetKind.CROSS)])
        for e in evaluations
    ]
    now = timezone.now()
    for evaluation, final, rank in zip(evaluations, finals, ranks(finals), strict=True):
        evaluation.final_score = final
        evaluation.rank = rank
        evaluation.grade = grade_of(final, points)
        evaluation.finalised_at = now
        evaluation.finalised_by = _user(user)
        evaluation.save(
            update_fields=["final_score", "rank", "grade", "finalised_at", "finalised_by"]
        )
    return evaluations


# --------------------------------------------------------------------------- notices


def _bare_subject(subject: str) -> str:
    """“关于X的表彰通报” typed in full becomes X: the title is built from the kind."""
    text = subject.strip().removeprefix("关于")
    for suffix in ("的表彰通报", "的通报批评", "的通报"):
        text = text.removesuffix(suffix)
    return text.strip()[:100]


def notice_create(
    *,
    user,
    programme: Programme,
    year: int,
    kind: str,
    subject: str,
    issuer: str,
    number: str = "",
    intro: str = "",
) -> Notice:
    """A draft commendation or criticism notice; its entries are added next, then issued."""
    require(may_manage(user), "evaluation.manage")
    errors = {}
    if kind not in Notice.Kind.values:
        errors["kind"] = _("Choose commendation or criticism.")
    if not (subject or "").strip():
        errors["subject"] = _("Say what the notice is about.")
    if not (issuer or "").strip():
        errors["issuer"] = _("Name the issuing office.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return Notice.objects.create(
            programme=programme,
            year=year,
            kind=kind,
            subject=_bare_subject(subject),
            issuer=issuer.strip(),
            number=(number or "").strip(),
            intro=(intro or "").strip(),
            created_by=_user(user),
        )


def notice_entry_add(
    *,
    user,
    notice: Notice,
    subject: str,
    reason: str,
    name: str = "",
    helper=None,
    county: Division | None = None,
    evaluation: Evaluation | None = None,
) -> NoticeEntry:
    """Name a unit, a helper (its name is the helper's) or a person, with the reason."""
    require(may_manage(user), "evaluation.manage", notice)
    if notice.is_issued:
        raise ValidationError(_("The notice has been issued: it no longer changes."))
    errors = {}
    if subject not in NoticeEntry.Subject.values:
        errors["subject"] = _("Choose a unit, a helper or a person.")
    if subject == NoticeEntry.Subject.HELPER:
        if helper is None:
            errors["helper"] = _("Choose the helper.")
        else:
            name = helper.name
    if not (name or "").strip():
        errors["name"] = _("Give the name.")
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        order = notice.entries.count() + 1
        return NoticeEntry.objects.create(
            notice=notice,
            subject=subject,
            name=name.strip()[:100],
            helper=helper if subject == NoticeEntry.Subject.HELPER else None,
            county=county,
            evaluation=evaluation,
            reason=reason.strip(),
            order=order,
        )


def notice_issue(*, user, notice: Notice, issued_on: dt.date | None = None) -> Notice:
    """Issue the notice (read-only afterwards); every office is told in-app."""
    from bangfu.accounts.models import User

    require(may_manage(user), "evaluation.manage", notice)
    if notice.is_issued:
        raise ValidationError(_("The notice has been issued."))
    if not notice.entries.exists():
        raise ValidationError(_("Name at least one unit, helper or person first."))
    issued_on = issued_on or timezone.localdate()
    if issued_on > timezone.localdate():
        raise ValidationError({"issued_on": _("The issue date cannot be in the future.")})
    with transaction.atomic():
        notice.issued_on = issued_on
        notice.save(update_fields=["issued_on"])
        notify(
            users=User.objects.filter(
                is_active=True, role__in=[Role.COUNTY, Role.INSTITUTE, Role.INSPECTOR]
            ),
            kind="evaluation_notice",
            title=notice.title,
            url=notice.get_absolute_url(),
        )
    return notice


# --------------------------------------------------------------------------- selectors


def checklist_points(checklist: Checklist) -> int:
    return sum(checklist.items.values_list("points", flat=True))


def checklist_years(*, programme) -> list[int]:
    return list(
        Checklist.objects.filter(programme=programme)
        .order_by("-year")
        .values_list("year", flat=True)
    )


def checklist_get(*, user, programme, year: int) -> Checklist:
    checklist = Checklist.objects.for_user(user).filter(programme=programme, year=year).first()
    if checklist is None:
        raise Http404("No checklist for this year")
    return checklist


def sheet_totals(evaluation_ids) -> dict[tuple[int, str], Decimal | None]:
    """{(evaluation id, kind): total} of submitted sheets."""
    return {
        (s.evaluation_id, s.kind): s.total
        for s in ScoreSheet.objects.filter(
            evaluation_id__in=list(evaluation_ids), state=ScoreSheet.State.SUBMITTED
        )
    }


@dataclass
class BoardRow:
    evaluation: Evaluation
    self_total: Decimal | None
    spot_total: Decimal | None
    cross_total: Decimal | None
    final: Decimal | None
    rank: int | None
    grade: str
    checker: Division | None

    @property
    def grade_label(self) -> str:
        return str(Grade(self.grade).label) if self.grade else ""


def board(*, user, checklist: Checklist) -> list[BoardRow]:
    """The year's evaluations in `user`'s scope with the three totals, the final score and
    rank (fixed once final; provisional before, among the counties with both checks in),
    best first."""
    scoped = Evaluation.objects.for_user(user).filter(checklist=checklist)
    every = list(Evaluation.objects.filter(checklist=checklist).select_related("county"))
    totals = sheet_totals([e.pk for e in every])
    points = checklist_points(checklist)
    checkers = {
        a.checked_id: a.checker
        for a in CrossCheckAssignment.objects.filter(
            programme_id=checklist.programme_id, year=checklist.year
        ).select_related("checker")
    }
    finals = [
        e.final_score
        if e.is_final
        else final_of(totals.get((e.pk, SheetKind.SPOT)), totals.get((e.pk, SheetKind.CROSS)))
        for e in every
    ]
    provisional = ranks(finals)
    visible = set(scoped.values_list("pk", flat=True))
    rows = [
        BoardRow(
            evaluation=e,
            self_total=totals.get((e.pk, SheetKind.SELF)),
            spot_total=totals.get((e.pk, SheetKind.SPOT)),
            cross_total=totals.get((e.pk, SheetKind.CROSS)),
            final=final,
            rank=e.rank if e.is_final else rank,
            grade=e.grade if e.is_final else grade_of(final, points),
            checker=checkers.get(e.county_id),
        )
        for e, final, rank in zip(every, finals, provisional, strict=True)
        if e.pk in visible
    ]
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.evaluation.county.code))
    return rows


def evaluation_get_for_user(*, user, pk: int) -> Evaluation:
    obj = Evaluation.objects.select_related("checklist__programme", "county").filter(pk=pk).first()
    if obj is None or not Evaluation.objects.for_user(user).filter(pk=pk).exists():
        if obj is not None:
            audit.record(
                event="access_denied",
                object_type="evaluation.evaluation",
                object_id=str(pk),
                outcome="denied",
                detail="out of scope",
            )
        raise Http404("No such evaluation")
    return obj


@dataclass
class ItemRow:
    item: ChecklistItem
    figure: object | None
    scores: dict  # kind -> Score


def evaluation_rows(evaluation: Evaluation) -> tuple[list[ItemRow], dict[str, ScoreSheet]]:
    """The checklist's items with the evidence figure and the three checks' scores."""
    from bangfu.evaluation import evidence

    sheets = {
        s.kind: s
        for s in evaluation.sheets.select_related("checker_county", "scored_by").prefetch_related(
            Prefetch("scores", queryset=Score.objects.all())
        )
    }
    items = list(evaluation.checklist.items.all())
    figures = evidence.figures_for(
        county=evaluation.county,
        programme=evaluation.checklist.programme,
        year=evaluation.checklist.year,
        keys={i.evidence_key for i in items if i.evidence_key},
    )
    by_item: dict[int, dict] = {}
    for kind, sheet in sheets.items():
        for score in sheet.scores.all():
            by_item.setdefault(score.item_id, {})[kind] = score
    rows = [ItemRow(i, figures.get(i.evidence_key), by_item.get(i.pk, {})) for i in items]
    return rows, sheets


def rotation_rows(*, programme, year: int) -> list[CrossCheckAssignment]:
    return list(
        CrossCheckAssignment.objects.filter(programme=programme, year=year)
        .select_related("checker", "checked")
        .order_by("checked__code")
    )


def inspector_rows(*, programme, year: int) -> list[InspectorAssignment]:
    return list(
        InspectorAssignment.objects.filter(programme=programme, year=year)
        .select_related("inspector", "county")
        .order_by("inspector__username", "county__code")
    )


def notice_list_for_user(*, user, year: int | None = None):
    qs = Notice.objects.for_user(user).prefetch_related("entries")
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "kind", "-id")


def notice_get_for_user(*, user, pk: int) -> Notice:
    obj = Notice.objects.for_user(user).filter(pk=pk).first()
    if obj is None:
        raise Http404("No such notice")
    return obj
