"""Scoped reads of the annual evaluation: checklists, the year's board, a county's rows, notices.

Out of scope answers 404 (an evaluation's is audited), the same as missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.http import Http404

from bangfu.accounts import audit
from bangfu.accounts.roles import Role
from bangfu.evaluation import evidence
from bangfu.evaluation.models import (
    Checklist,
    ChecklistItem,
    CrossCheckAssignment,
    Evaluation,
    Grade,
    Notice,
    Score,
    ScoreSheet,
    SheetKind,
)
from bangfu.evaluation.scoring import final_of, grade_of, ranks
from bangfu.places.models import Division
from bangfu.visits.models import InspectorAssignment

# --------------------------------------------------------------------------- checklist


def checklist_list_for_user(*, user):
    """The checklists by year, with their items (none for helper liaisons)."""
    return Checklist.objects.for_user(user).prefetch_related("items")


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


def checklist_item_get(*, checklist: Checklist, pk: int) -> ChecklistItem:
    item = ChecklistItem.objects.filter(checklist=checklist, pk=pk).first()
    if item is None:
        raise Http404("No such item")
    return item


def checklist_points(checklist: Checklist) -> int:
    return sum(checklist.items.values_list("points", flat=True))


def scoring_started(checklist: Checklist) -> bool:
    return Score.objects.filter(sheet__evaluation__checklist=checklist).exists()


# --------------------------------------------------------------------------- the year's board


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


# --------------------------------------------------------------------------- one county


def evaluation_list_for_user(*, user, filters: dict | None = None):
    """Evaluations in scope, filtered by year and county code, latest year first."""
    filters = filters or {}
    qs = Evaluation.objects.for_user(user).select_related("county", "checklist")
    if filters.get("year"):
        qs = qs.filter(checklist__year=filters["year"])
    if filters.get("county"):
        qs = qs.filter(county__code=filters["county"])
    return qs.order_by("-checklist__year", "rank", "county__code")


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


def sheet_of(evaluation: Evaluation, kind: str) -> ScoreSheet | None:
    """The evaluation's score sheet of one check, None before anybody scored it."""
    return ScoreSheet.objects.filter(evaluation=evaluation, kind=kind).first()


@dataclass
class ItemRow:
    item: ChecklistItem
    figure: object | None
    scores: dict  # kind -> Score


def evaluation_rows(evaluation: Evaluation) -> tuple[list[ItemRow], dict[str, ScoreSheet]]:
    """The checklist's items with the evidence figure and the three checks' scores."""
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


# --------------------------------------------------------------------------- rotation


def assignment_map(*, programme, year: int) -> dict[str, str]:
    """{checker code: checked code} of `year`."""
    return dict(
        CrossCheckAssignment.objects.filter(programme=programme, year=year).values_list(
            "checker__code", "checked__code"
        )
    )


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


def rotation_rows(*, programme, year: int) -> list[CrossCheckAssignment]:
    return list(
        CrossCheckAssignment.objects.filter(programme=programme, year=year)
        .select_related("checker", "checked")
        .order_by("checked__code")
    )


def cross_check_list(*, year: int | None = None):
    """Every year's cross-check assignments (or `year`'s), latest first."""
    qs = CrossCheckAssignment.objects.select_related("checker", "checked")
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "checked__code")


def inspector_county_ids(user, *, programme, year: int) -> set[int]:
    """The counties an inspector is assigned to cross-check in `year` (empty for others)."""
    if getattr(user, "role", None) != Role.INSPECTOR:
        return set()
    return set(
        InspectorAssignment.objects.filter(
            programme=programme, year=year, inspector=user
        ).values_list("county_id", flat=True)
    )


def inspector_rows(*, programme, year: int) -> list[InspectorAssignment]:
    return list(
        InspectorAssignment.objects.filter(programme=programme, year=year)
        .select_related("inspector", "county")
        .order_by("inspector__username", "county__code")
    )


# --------------------------------------------------------------------------- notices


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


def notice_entry_get(*, notice: Notice, pk: int):
    """An entry of `notice` (404 when the notice names no such entry)."""
    entry = notice.entries.select_related("helper", "county", "notice").filter(pk=pk).first()
    if entry is None:
        raise Http404("No such notice entry")
    return entry
