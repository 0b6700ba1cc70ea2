"""The import and export pages of the registries: upload, job progress, template, export."""

import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bangfu.accounts import audit
from bangfu.accounts.decorators import capability_required
from bangfu.accounts.roles import can
from bangfu.core.excel.writing import stream_csv, template_xlsx, write_xlsx
from bangfu.core.models import ImportJob

from . import services
from .forms import FullExportForm, ImportForm
from .kinds import queryset_for, specs

IMPORT_CAPABILITY = {
    "villages": "registry.edit",
    "households": "registry.edit",
    "helpers": "helpers.edit",
    "assistance": "assistance.record",
}
EXPORT_CAPABILITY = {
    "villages": "business.read",
    "households": "personal.read",
    "helpers": "business.read",
    "assistance": "business.read",
}
LIST_URL = {
    "villages": "registry:villages",
    "households": "registry:households",
    "helpers": "helpers:list",
    "assistance": "assistance:list",
}


def _spec_or_404(kind: str):
    spec = specs().get(kind)
    if spec is None:
        raise Http404("No such registry")
    return spec


def _require(request, capability: str) -> None:
    if not can(request.user, capability):
        audit.record(
            event="access_denied",
            object_type="page",
            object_repr=request.path[:200],
            outcome="denied",
            detail=f"needs {capability}",
        )
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def import_start(request, kind):
    spec = _spec_or_404(kind)
    _require(request, IMPORT_CAPABILITY[kind])
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.import_job_start(
            user=request.user,
            kind=kind,
            upload=form.cleaned_data["file"],
            valid_only=form.cleaned_data["valid_only"],
        )
        return redirect("dataio:import_job", job_id=job.public_id)
    recent = ImportJob.objects.filter(user=request.user, kind=kind)[:10]
    return render(
        request,
        "dataio/import_start.html",
        {"form": form, "spec": spec, "kind": kind, "recent": recent},
    )


def _job_for_user(request, job_id) -> ImportJob:
    job = ImportJob.objects.filter(public_id=job_id, user=request.user).first()
    if job is None:
        raise Http404("No such import")
    return job


@require_GET
@capability_required("business.read")
def import_job(request, job_id):
    job = _job_for_user(request, job_id)
    template = "dataio/_import_progress.html" if request.htmx else "dataio/import_job.html"
    return render(request, template, {"job": job, "list_url": LIST_URL[job.kind]})


@require_POST
@capability_required("business.read")
def import_confirm(request, job_id):
    """The user confirms clearing the stored values the check named: import the file."""
    job = _job_for_user(request, job_id)
    _require(request, IMPORT_CAPABILITY[job.kind])
    services.import_job_confirm(user=request.user, job=job)
    return redirect("dataio:import_job", job_id=job.public_id)


@require_POST
@capability_required("business.read")
def import_cancel(request, job_id):
    job = _job_for_user(request, job_id)
    services.import_job_cancel(user=request.user, job=job)
    return redirect("dataio:import_job", job_id=job.public_id)


@require_GET
@capability_required("business.read")
def import_report(request, job_id):
    job = _job_for_user(request, job_id)
    if not job.report_path or not Path(job.report_path).exists():
        raise Http404("No report")
    return FileResponse(
        open(job.report_path, "rb"),
        as_attachment=True,
        filename=f"问题清单-{Path(job.filename).stem}.xlsx",
    )


@require_GET
@capability_required("business.read")
def template_download(request, kind):
    spec = _spec_or_404(kind)
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
        template_xlsx(
            tmp.name,
            headers=[c.header for c in spec.columns],
            example_row=[c.example for c in spec.columns],
            notes=spec.template_notes(),
            title=f"{spec.title}导入模板",
            required=spec.required_headers(),
        )
        data = Path(tmp.name).read_bytes()
    response = FileResponse(
        iter([data]),
        as_attachment=True,
        filename=f"{spec.title}导入模板.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return response


@require_GET
@capability_required("business.read")
def export(request, kind, fmt):
    """The filtered list in the template's columns; masked unless full numbers are justified."""
    spec = _spec_or_404(kind)
    _require(request, EXPORT_CAPABILITY[kind])
    if fmt not in {"xlsx", "csv"}:
        raise Http404
    filters = {k: v for k, v in request.GET.items() if k not in {"full", "reason", "page"} and v}
    full = request.GET.get("full") == "1"
    if full:
        _require(request, "personal.reveal")
        form = FullExportForm(request.GET)
        if not form.is_valid():
            return render(
                request,
                "dataio/export_reason.html",
                {"form": form, "kind": kind, "fmt": fmt},
                status=400,
            )
    qs = queryset_for(kind, user=request.user, filters=filters)
    headers = [c.header for c in spec.columns]
    rows = spec.export_rows(qs, full_numbers=full, viewer=request.user)
    audit.record(
        event="export",
        object_type=f"registry.{kind}",
        detail=f"{fmt}, full numbers: {'yes, ' + request.GET.get('reason', '') if full else 'no'}, filters {filters}",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"{spec.title}-{stamp}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            stream_csv(headers, rows), content_type="text/csv; charset=utf-8"
        )
    else:
        tmp = tempfile.TemporaryFile()  # noqa: SIM115  (closed by FileResponse after streaming)
        write_xlsx(
            tmp,
            title=f"{spec.title}（导出于 {timezone.localtime():%Y-%m-%d %H:%M}）",
            headers=headers,
            rows=rows,
        )
        tmp.seek(0)
        response = FileResponse(
            tmp, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
