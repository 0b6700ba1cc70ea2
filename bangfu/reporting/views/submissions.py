"""Pages of the submissions: the list, one submission with its checks and filings, the actions."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bangfu.accounts.decorators import capability_required
from bangfu.accounts.roles import can
from bangfu.core.uploads import file_response
from bangfu.places.programme import programme_counties, programme_or_404

from .. import checks, content, preview, selectors
from ..models import Filing, Report, State, Submission
from ..rules import locked_periods, may_review, may_submit
from ..services.filing import submission_save, submission_submit
from ..services.review import submission_accept, submission_reopen, submission_return
from ..summary import SECTIONS


def _year(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() and len(text) == 4 else None


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
        counted=request.GET.get("counted", ""),
        year=_year(request.GET.get("year", "")),
    ).order_by("due_date", "report__attachment", "county__code")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
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
            "counted_choices": [
                ("expected", _("Expected")),
                ("submitted", _("Submitted")),
                ("on_time", _("On time")),
                ("late", _("Late")),
                ("overdue", _("Overdue")),
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
    may_file = may_submit(request.user, submission)
    editable = may_file and submission.state in (State.OPEN, State.RETURNED)
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
            "blocked": any(f.level == checks.BLOCKER and not f.remark for f in findings),
            "needs_remark": any(f.level == checks.BLOCKER and f.remark for f in findings),
            "warned": any(f.level == checks.WARNING for f in findings),
            "filings": filings,
            "shown": shown.content if shown else None,
            "preview_sheets": preview.sheets_of(
                request.user, submission, shown.content if shown else None
            ),
            "preview_masked": bool(shown and shown.masked),
            "preview_is_filing": bool(filings) and not editable,
            "preview_error": preview_error,
            "editable": editable,
            "may_review": may_review(request.user),
            "may_reopen": may_review(request.user) and can(request.user, "period.lock"),
            "sections": [
                (key, label, (submission.sections or {}).get(key, "")) for key, label in SECTIONS
            ],
            "is_summary": submission.report.code == Report.SUMMARY,
            "locked_periods": locked_periods(submission),
            # the records behind attachments 6 and 7, whose list exports the same period
            "records_query": urlencode(
                {"period": submission.period, "county": submission.county.code}
            )
            if submission.report.code in (Report.PROGRESS, Report.STATISTICS)
            else "",
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
            submission_save(
                user=request.user,
                submission=submission,
                remarks=post.get("remarks", ""),
                sections=sections,
            )
            done = _("Saved.")
        elif action == "submit":
            if submission.report.code == Report.SUMMARY:
                sections = {key: post.get(f"section_{key}", "") for key, _label in SECTIONS}
                submission_save(
                    user=request.user,
                    submission=submission,
                    remarks=post.get("remarks", ""),
                    sections=sections,
                )
                submission.refresh_from_db()
            submission_submit(
                user=request.user,
                submission=submission,
                remarks=post.get("remarks"),
                acknowledged=post.get("acknowledged") == "on",
            )
            done = _("Submitted to the city office.")
        elif action == "return":
            submission_return(user=request.user, submission=submission, note=post.get("note", ""))
            done = _("Sent back to the county with your note.")
        elif action == "accept":
            submission_accept(user=request.user, submission=submission, note=post.get("note", ""))
            done = _("Accepted.")
        elif action == "reopen":
            submission_reopen(
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
