"""Pages of the board (completeness and timeliness) and of the calendar the city office sets."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bangfu.accounts.decorators import capability_required
from bangfu.accounts.roles import can
from bangfu.core.forms import apply_errors
from bangfu.places.programme import programme_or_404

from .. import selectors, steps
from ..forms import ReportTypeForm
from ..models import ReportType, Status
from ..rules import may_review
from ..services.calendar import programme_years_save, report_type_save


def _year(request) -> int | None:
    text = request.GET.get("year", "").strip()
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else None


@require_GET
@capability_required("reporting.read")
def index(request):
    """The completeness and timeliness board; a county also sees what it owes next."""
    programme = programme_or_404()
    year = _year(request)
    today = timezone.localdate()
    board = selectors.board(user=request.user, programme=programme, today=today, year=year)
    todo = (
        selectors.todo(user=request.user, programme=programme, today=today)
        if can(request.user, "reporting.submit")
        else []
    )
    years = list(range(programme.start_year, programme.end_year + 1))
    return render(
        request,
        "reporting/board.html",
        {
            "programme": programme,
            "board": board,
            "todo": [(s, s.status_on(today)) for s in todo],
            "year": year,
            "years": years,
            "statuses": Status,
            "steps": steps.STEPS,
            "step_board": steps.step_board(user=request.user, programme=programme, today=today),
        },
    )


@require_GET
@capability_required("reporting.read")
def calendar_view(request):
    programme = programme_or_404()
    reports = ReportType.objects.filter(programme=programme)
    return render(
        request,
        "reporting/calendar.html",
        {
            "programme": programme,
            "reports": reports,
            "steps": [(step, step.deadline(programme)) for step in steps.STEPS],
            "may_edit": may_review(request.user),
        },
    )


@require_POST
@capability_required("reporting.review")
def calendar_years(request):
    """The city office extends (or shortens) the years the calendar runs through."""
    programme = programme_or_404()
    text = request.POST.get("end_year", "").strip()
    try:
        if not text.isdigit():
            raise ValidationError(_("Write the last year as four digits, e.g. 2020."))
        changed = programme_years_save(user=request.user, programme=programme, end_year=int(text))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The calendar runs through %(year)d: %(created)d expected submissions added.")
            % {"year": int(text), "created": changed["created"]},
        )
    return redirect("reporting:calendar")


@require_http_methods(["GET", "POST"])
@capability_required("reporting.review")
def calendar_edit(request, pk):
    report = get_object_or_404(ReportType, pk=pk)
    initial = {
        "frequency": report.frequency,
        "due_on": report.due_on,
        "due_days": report.due_days,
        "remind_days_before": report.remind_days_before,
        "active": report.active,
    }
    form = ReportTypeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = report_type_save(user=request.user, report=report, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Saved. Expected submissions: %(created)d added, %(moved)d moved to the "
                    "new due date, %(removed)d no longer expected."
                )
                % changed,
            )
            return redirect("reporting:calendar")
    return render(
        request,
        "reporting/calendar_edit.html",
        {"form": form, "report": report},
    )
