"""Pages of commendation and criticism notices: the list, drafting, naming entries, issuing, .docx.

Thin: parse, call a service or a selector, render.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bangfu.accounts.decorators import capability_required
from bangfu.core.forms import apply_errors
from bangfu.evaluation import permissions, selectors
from bangfu.evaluation.documents import notice_docx, notice_filename
from bangfu.evaluation.forms import NoticeEntryForm, NoticeForm
from bangfu.evaluation.services import notices as services
from bangfu.evaluation.views.common import errors_to_messages, require_reader
from bangfu.places.programme import programme_or_404


@require_GET
@capability_required("business.read")
def notice_list(request):
    require_reader(request.user)
    return render(
        request,
        "evaluation/notice_list.html",
        {
            "notices": selectors.notice_list_for_user(user=request.user),
            "may_manage": permissions.may_manage(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("evaluation.manage")
def notice_create(request):
    programme = programme_or_404()
    form = NoticeForm(
        request.POST or None,
        initial={"year": timezone.localdate().year - 1, "issuer": "市人民政府合作交流办公室"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.notice_create(
                user=request.user, programme=programme, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The notice has been drafted: name who it is about."))
            return redirect(notice.get_absolute_url())
    return render(
        request,
        "evaluation/notice_form.html",
        {"form": form, "title": _("New notice"), "back": "/oversight/notices/"},
    )


@require_GET
@capability_required("business.read")
def notice_detail(request, pk):
    require_reader(request.user)
    notice = selectors.notice_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "evaluation/notice_detail.html",
        {
            "notice": notice,
            "entries": notice.entries.select_related("helper", "county").order_by("order", "id"),
            "may_edit": permissions.may_manage(request.user) and not notice.is_issued,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("evaluation.manage")
def notice_entry_create(request, pk):
    notice = selectors.notice_get_for_user(user=request.user, pk=pk)
    form = NoticeEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.notice_entry_add(user=request.user, notice=notice, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Added to the notice."))
            if request.POST.get("another"):
                return redirect("evaluation:notice_entry_create", pk=notice.pk)
            return redirect(notice.get_absolute_url())
    return render(
        request,
        "evaluation/notice_form.html",
        {
            "form": form,
            "title": notice.title,
            "back": notice.get_absolute_url(),
            "another": True,
        },
    )


@require_POST
@capability_required("evaluation.manage")
def notice_issue(request, pk):
    notice = selectors.notice_get_for_user(user=request.user, pk=pk)
    issued_on = forms.DateField(required=False).clean(request.POST.get("issued_on") or None)
    try:
        services.notice_issue(user=request.user, notice=notice, issued_on=issued_on)
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(request, _("The notice has been issued."))
    return redirect(notice.get_absolute_url())


@require_GET
@capability_required("business.read")
def notice_document(request, pk):
    require_reader(request.user)
    notice = selectors.notice_get_for_user(user=request.user, pk=pk)
    from urllib.parse import quote

    response = HttpResponse(
        notice_docx(notice),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="notice-{notice.pk}.docx"; '
        f"filename*=UTF-8''{quote(notice_filename(notice))}"
    )
    return response
