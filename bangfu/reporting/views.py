"""Pages of the reporting calendar: the board, the calendar, submissions and their filings."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bangfu.accounts.decorators import capability_required
from bangfu.accounts.roles import can
from bangfu.core.forms import BootstrapMixin, apply_errors
from bangfu.core.uploads import file_response
from bangfu.places.programme import programme_or_404
from bangfu.reporting.models import (
    Filing,
    Frequency,
    Report,
    ReportType,
    State,
    Status,
    Submission,
)

from . import checks, content, selectors, services
from .summary import SECTIONS


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
        },
    )


# --------------------------------------------------------------------------- calendar


class ReportTypeForm(BootstrapMixin, forms.Form):
    frequency = forms.ChoiceField(label=gettext_lazy("due rule"), choices=Frequency.choices)
    due_on = forms.DateField(
        label=gettext_lazy("due on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("For a report due once."),
    )
    due_days = forms.CharField(
        label=gettext_lazy("due days"),
        required=False,
        max_length=32,
        help_text=gettext_lazy("Month-day, e.g. 12-21; for twice a year two of them: 06-20,12-21."),
    )
    remind_days_before = forms.IntegerField(
        label=gettext_lazy("remind days before"), min_value=0, max_value=60
    )
    active = forms.BooleanField(label=gettext_lazy("expected"), required=False)


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
            "may_edit": services.may_review(request.user),
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
        changed = services.programme_years_save(
            user=request.user, programme=programme, end_year=int(text)
        )
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
            changed = services.report_type_save(
                user=request.user, report=report, **form.cleaned_data
            )
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


# --------------------------------------------------------------------------- submissions


@require_GET
@capability_required("reporting.read")
def submission_list(request):
    programme = programme_or_404()
    today = timezone.localdate()
    qs = selectors.submissions_for(request.user, programme)
    qs = selectors.filter_submissions(
        qs,
        county=request.GET.get("county", ""),
        report=request.GET.get("report", ""),
        period=request.GET.get("period", "").strip(),
        status=request.GET.get("status", ""),
        today=today,
    ).order_by("due_date", "report__attachment", "county__code")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    from bangfu.places.programme import programme_counties

    counties = programme_counties(programme)
    if request.user.role == "county":
        counties = [c for c in counties if c.pk == request.user.county_id]
    return render(
        request,
        "reporting/submissions.html",
        {
            "page": page,
            "rows": [(s, s.status_on(today)) for s in page],
            "counties": counties,
            "reports": Report.choices,
            "status_choices": [
                ("open", _("not yet filed")),
                ("overdue", _("overdue")),
                (State.SUBMITTED, _("submitted")),
                (State.RETURNED, _("sent back")),
                (State.ACCEPTED, _("accepted")),
            ],
            "params": request.GET,
        },
    )


def _submission_for(request, pk) -> Submission:
    submission = (
        Submission.objects.for_user(request.user)
        .select_related("report", "report__programme", "county", "submitted_by", "reviewed_by")
        .filter(pk=pk)
        .first()
    )
    if submission is None:
        raise Http404(_("No such submission"))
    return submission


@require_GET
@capability_required("reporting.read")
def submission_detail(request, pk):
    submission = _submission_for(request, pk)
    today = timezone.localdate()
    may_submit = services.may_submit(request.user, submission)
    editable = may_submit and submission.state in (State.OPEN, State.RETURNED)
    findings = checks.run_checks(submission) if editable else []
    filings = list(submission.filings.select_related("submitted_by", "file"))
    shown, preview_error = None, ""
    # the last filing as filed, or the draft while the county may still change it; both with
    # numbers masked for readers that are not their own office (content.for_viewer)
    try:
        shown = content.for_viewer(
            request.user,
            submission,
            filing=filings[-1] if filings and not editable else None,
            with_file=False,
        )
    except ValueError as exc:
        preview_error = str(exc)
    return render(
        request,
        "reporting/submission.html",
        {
            "submission": submission,
            "status": submission.status_on(today),
            "findings": findings,
            "blocked": any(f.level == checks.BLOCKER for f in findings),
            "warned": any(f.level == checks.WARNING for f in findings),
            "filings": filings,
            "shown": shown.content if shown else None,
            "preview_masked": bool(shown and shown.masked),
            "preview_is_filing": bool(filings) and not editable,
            "preview_error": preview_error,
            "editable": editable,
            "may_review": services.may_review(request.user),
            "may_reopen": services.may_review(request.user) and can(request.user, "period.lock"),
            "sections": [
                (key, label, (submission.sections or {}).get(key, "")) for key, label in SECTIONS
            ],
            "is_summary": submission.report.code == Report.SUMMARY,
            "locked_periods": services.locked_periods(submission),
        },
    )


@require_POST
@capability_required("reporting.read")
def submission_action(request, pk, action):
    submission = _submission_for(request, pk)
    post = request.POST
    try:
        if action == "save":
            sections = {key: post.get(f"section_{key}", "") for key, _label in SECTIONS}
            services.submission_save(
                user=request.user,
                submission=submission,
                remarks=post.get("remarks", ""),
                sections=sections,
            )
            done = _("Saved.")
        elif action == "submit":
            if submission.report.code == Report.SUMMARY:
                sections = {key: post.get(f"section_{key}", "") for key, _label in SECTIONS}
                services.submission_save(
                    user=request.user,
                    submission=submission,
                    remarks=post.get("remarks", ""),
                    sections=sections,
                )
                submission.refresh_from_db()
            services.submission_submit(
                user=request.user,
                submission=submission,
                remarks=post.get("remarks"),
                acknowledged=post.get("acknowledged") == "on",
            )
            done = _("Submitted to the city office.")
        elif action == "return":
            services.submission_return(
                user=request.user, submission=submission, note=post.get("note", "")
            )
            done = _("Sent back to the county with your note.")
        elif action == "accept":
            services.submission_accept(
                user=request.user, submission=submission, note=post.get("note", "")
            )
            done = _("Accepted.")
        elif action == "reopen":
            services.submission_reopen(
                user=request.user, submission=submission, reason=post.get("reason", "")
            )
            done = _("Re-opened; the county may correct and file again.")
        else:
            raise Http404(_("No such action"))
    except PermissionDenied:
        raise
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("reporting:submission", pk=submission.pk)


@require_GET
@capability_required("reporting.read")
def submission_form(request, pk):
    """The form as the data stands now (the draft), in the office's format."""
    submission = _submission_for(request, pk)
    try:
        form = content.for_viewer(request.user, submission)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("reporting:submission", pk=submission.pk)
    return _form_response(form)


def _form_response(form: content.Form) -> HttpResponse:
    from django.utils.http import content_disposition_header

    response = HttpResponse(form.data, content_type=form.content_type)
    response["Content-Disposition"] = content_disposition_header(True, form.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@capability_required("reporting.read")
def filing_download(request, pk, number):
    """A filing exactly as it was filed, for the offices whose numbers it holds; for other
    readers a copy made now with the mobile and ID numbers masked (the stored file is the
    record and is never changed)."""
    submission = _submission_for(request, pk)
    filing = get_object_or_404(
        Filing.objects.select_related("file"), submission=submission, number=number
    )
    if filing.file is None:
        raise Http404
    if content.in_full_for(request.user, submission):
        return file_response(filing.file)
    return _form_response(content.for_viewer(request.user, submission, filing=filing))
