"""Downloads of attachments 6 and 7 (.xlsx), for the user's scope.

`?period=2017H2` (default: the latest closed period), `county`, `township` (division codes)
and `helper` (USCC). A county officer gets its own county's forms (another county: 404), a
helper liaison its own helper's; an unknown code is a 404, a bad period a 400 page saying
what to write. Every download is audited as an export (in the `io` writers).
"""

from __future__ import annotations

import io
from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from bangfu.accounts.decorators import capability_required
from bangfu.core.replica import replica_reads_view

from ..io.progress import write_progress
from ..io.scope import XLSX, ScopeError, filename, form_period, resolve_scope
from ..io.statistics import write_statistics

WRITERS = {"statistics": write_statistics, "progress": write_progress}


def _download(request, form: str):
    params = {k: (request.GET.get(k) or "").strip() or None for k in ("county", "township")}
    helper = (request.GET.get("helper") or "").strip() or None
    try:
        period = form_period(request.GET.get("period"))
    except ValueError as exc:
        return render(
            request,
            "assistance_forms/bad_request.html",
            {"message": str(exc), "form": form},
            status=400,
        )
    try:
        scope = resolve_scope(user=request.user, helper=helper, **params)
    except ScopeError as exc:
        raise Http404(str(exc)) from exc
    buffer = io.BytesIO()
    WRITERS[form](buffer, user=request.user, period=period, scope=scope)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    name = filename(form, period, scope)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@require_GET
@capability_required("business.read")
@replica_reads_view
def statistics_xlsx(request):
    """Attachment 7 (帮扶统计表)."""
    return _download(request, "statistics")


@require_GET
@capability_required("business.read")
@replica_reads_view
def progress_xlsx(request):
    """Attachment 6 (村企结对帮扶进度表)."""
    return _download(request, "progress")
