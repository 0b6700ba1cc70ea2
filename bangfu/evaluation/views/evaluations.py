"""Pages of the year's evaluations: the board with ranking, a county's evaluation, scoring a check.

Thin: parse, call a service or a selector, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bangfu.accounts.decorators import capability_required
from bangfu.accounts.roles import Role
from bangfu.evaluation import evidence, permissions, selectors
from bangfu.evaluation.models import ScoreSheet, SheetKind
from bangfu.evaluation.scoring import final_of
from bangfu.evaluation.services import checks, outcome
from bangfu.evaluation.views.common import checklist_or_404, errors_to_messages, require_reader
from bangfu.places.programme import programme_or_404


@require_GET
@capability_required("business.read")
def evaluation_list(request):
    require_reader(request.user)
    programme = programme_or_404()
    years = selectors.checklist_years(programme=programme)
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and int(year) in years else (years[0] if years else None)
    checklist = rows = None
    if year is not None:
        checklist = selectors.checklist_get(user=request.user, programme=programme, year=year)
        rows = selectors.board(user=request.user, checklist=checklist)
    final = bool(rows) and all(r.evaluation.is_final for r in rows)
    return render(
        request,
        "evaluation/evaluation_list.html",
        {
            "programme": programme,
            "years": years,
            "year": year,
            "checklist": checklist,
            "rows": rows,
            "points": selectors.checklist_points(checklist) if checklist else 0,
            "final": final,
            "may_manage": permissions.may_manage(request.user),
            "next_year": (years[0] + 1) if years else programme.start_year,
        },
    )


@require_POST
@capability_required("evaluation.manage")
def evaluation_finalise(request, year):
    checklist = checklist_or_404(request, year)
    try:
        outcome.evaluation_finalise(user=request.user, checklist=checklist)
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(request, _("The evaluation of %(year)d is final.") % {"year": year})
    return redirect(f"/oversight/evaluations/?year={year}")


@require_GET
@capability_required("business.read")
def evaluation_detail(request, pk):
    require_reader(request.user)
    evaluation = selectors.evaluation_get_for_user(user=request.user, pk=pk)
    rows, sheets = selectors.evaluation_rows(evaluation)
    user = request.user
    # A county cross-checking another sees its self-check and its own column, not the
    # city's spot check: the cross-check is scored independently.
    own_or_wide = user.role != Role.COUNTY or user.county_id == evaluation.county_id
    kinds = [k for k in SheetKind if k != SheetKind.SPOT or own_or_wide]
    assignment = selectors.checker_of(evaluation)
    return render(
        request,
        "evaluation/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "rows": rows,
            "kinds": [(k, k.label, sheets.get(k)) for k in kinds],
            "assignment": assignment,
            "points": selectors.checklist_points(evaluation.checklist),
            "may_score": [
                (k, k.label) for k in SheetKind if permissions.may_score(user, evaluation, k)
            ],
            "may_manage": permissions.may_manage(user),
            "final": final_of(
                getattr(sheets.get(SheetKind.SPOT), "total", None),
                getattr(sheets.get(SheetKind.CROSS), "total", None),
            ),
        },
    )


def _score_rows(request, evaluation, sheet):
    rows, _sheets = selectors.evaluation_rows(evaluation)
    existing = {s.item_id: s for s in sheet.scores.all()} if sheet and sheet.pk else {}
    out = []
    for row in rows:
        item = row.item
        score = existing.get(item.pk)
        value = request.POST.get(f"score_{item.pk}") if request.method == "POST" else None
        note = request.POST.get(f"note_{item.pk}") if request.method == "POST" else None
        out.append(
            {
                "item": item,
                "figure": row.figure,
                "suggested": evidence.suggested_score(row.figure, item.points)
                if row.figure
                else None,
                "value": value if value is not None else (score.score if score else ""),
                "note": note if note is not None else (score.note if score else ""),
            }
        )
    return out


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def evaluation_score(request, pk, kind):
    require_reader(request.user)
    evaluation = selectors.evaluation_get_for_user(user=request.user, pk=pk)
    if kind not in SheetKind.values:
        raise Http404("No such check")
    if not permissions.may_score(request.user, evaluation, kind):
        raise PermissionDenied
    sheet = selectors.sheet_of(evaluation, kind)
    errors = {}
    if request.method == "POST":
        scores = {
            item.pk: (request.POST.get(f"score_{item.pk}"), request.POST.get(f"note_{item.pk}", ""))
            for item in evaluation.checklist.items.all()
        }
        try:
            checks.sheet_save(
                user=request.user,
                evaluation=evaluation,
                kind=kind,
                scores=scores,
                note=request.POST.get("note", ""),
                submit=bool(request.POST.get("submit")),
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                errors = {k: " ".join(v) for k, v in exc.message_dict.items()}
            else:
                errors_to_messages(request, exc)
        else:
            messages.success(
                request,
                _("The scores have been submitted.")
                if request.POST.get("submit")
                else _("The scores have been saved as a draft."),
            )
            return redirect(evaluation.get_absolute_url())
    rows = _score_rows(request, evaluation, sheet)
    for row in rows:
        row["error"] = errors.get(f"score_{row['item'].pk}", "")
    return render(
        request,
        "evaluation/evaluation_score.html",
        {
            "evaluation": evaluation,
            "kind": SheetKind(kind),
            "sheet": sheet,
            "rows": rows,
            "errors": errors,
            "note": request.POST.get("note", sheet.note if sheet else ""),
            "read_only": bool(sheet and sheet.state == ScoreSheet.State.SUBMITTED)
            or evaluation.is_final,
        },
    )


@require_POST
@capability_required("evaluation.manage")
def evaluation_reopen(request, pk, kind):
    evaluation = selectors.evaluation_get_for_user(user=request.user, pk=pk)
    sheet = selectors.sheet_of(evaluation, kind)
    if sheet is None:
        raise Http404("No such check")
    try:
        checks.sheet_reopen(user=request.user, sheet=sheet, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(request, _("The check is open again for correction."))
    return redirect(evaluation.get_absolute_url())
