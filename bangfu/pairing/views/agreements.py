"""A pairing's agreement and files: the generated document, the signed scan, stored files."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bangfu.accounts.decorators import capability_required
from bangfu.core.forms import apply_errors
from bangfu.core.models import StoredFile
from bangfu.core.uploads import file_response

from ..forms import AgreementForm
from ..models import Agreement, PlanProgress, SiteVisit
from ..selectors.pairings import pairing_get_for_user
from ..services import agreements
from ..services.rules import may_edit_content

log = logging.getLogger(__name__)


@require_GET
@capability_required("business.read")
def agreement_document(request, number, ext):
    """The agreement generated from the pairing: .docx always, PDF where LibreOffice is."""
    from .. import documents

    pairing = pairing_get_for_user(user=request.user, number=number)
    data = documents.agreement_docx(pairing, viewer=request.user)
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if ext == "pdf":
        try:
            data = documents.docx_to_pdf(data)
        except RuntimeError:
            log.exception("agreement %s: PDF conversion failed", pairing.number)
            data = None
        if data is None:
            messages.error(
                request,
                _(
                    "PDF is not available on this server (LibreOffice is not installed); "
                    "download the .docx instead."
                ),
            )
            return redirect(pairing.get_absolute_url())
        content_type = "application/pdf"
    elif ext != "docx":
        raise Http404("No such format")
    from urllib.parse import quote

    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(documents.agreement_filename(pairing, ext))}"
    )
    from bangfu.accounts import audit

    audit.record(event="export", obj=pairing, detail=f"agreement .{ext}")
    return response


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def agreement_upload(request, number):
    pairing = pairing_get_for_user(user=request.user, number=number)
    if not may_edit_content(request.user, pairing):
        raise PermissionDenied
    form = AgreementForm(
        request.POST or None, request.FILES or None, initial={"signed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreements.agreement_upload(
                user=request.user,
                pairing=pairing,
                upload=data["file"],
                signed_on=data["signed_on"],
                helper_signatory=data["helper_signatory"],
                village_signatory=data["village_signatory"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            if not form.errors:
                form.add_error("file", exc)
        else:
            messages.success(request, _("The signed agreement is on file."))
            return redirect(pairing.get_absolute_url())
    return render(
        request,
        "pairing/form.html",
        {
            "form": form,
            "title": _("Signed agreement · %(pairing)s") % {"pairing": pairing},
            "back": pairing.get_absolute_url(),
            "multipart": True,
        },
    )


@require_GET
@capability_required("business.read")
def stored_file(request, number, key):
    """A file kept with a pairing (signed scan, visit photo, progress evidence)."""
    pairing = pairing_get_for_user(user=request.user, number=number)
    stored = StoredFile.objects.filter(key=key).first()
    belongs = stored is not None and (
        Agreement.objects.filter(pairing=pairing, scan=stored).exists()
        or SiteVisit.objects.filter(pairing=pairing, files=stored).exists()
        or PlanProgress.objects.filter(item__pairing=pairing, files=stored).exists()
    )
    if not belongs:
        raise Http404("No such file")
    return file_response(stored, inline=request.GET.get("inline") == "1")
