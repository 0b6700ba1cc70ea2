"""Pages of commendation and criticism notices: the list, drafting, naming entries, editing a
draft, issuing, .docx.

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
from bangfu.accounts.history import history_for
from bangfu.core.forms import apply_errors
from bangfu.core.models import StaleRecordError
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
    entries = list(notice.entries.select_related("helper", "county").order_by("order", "id"))
    return render(
        request,
        "evaluation/notice_detail.html",
        {
            "notice": notice,
            "entries": entries,
            "may_edit": permissions.may_manage(request.user) and not notice.is_issued,
            "today": timezone.localdate(),
            "history": _history(request.user, notice, entries),
        },
    )


def _history(user, notice, entries) -> list:
    """The notice's history and its entries', newest first (an entry's names who it is)."""
    rows = history_for(obj=notice, user=user)
    for entry in entries:
        for row in history_for(obj=entry, user=user):
            row.summary = f"{row.summary}（{entry.name}）"
            rows.append(row)
    return sorted(rows, key=lambda row: row.event.pk, reverse=True)


def _posted_version(request) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


def _edit_page(request, form, obj, title, back, save):
    """An edit of a draft: refused (back to the notice, with the reason) once issued; a stale
    page keeps what was typed and moves the version on, so that a second save is deliberate."""
    version = obj.version
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data, _posted_version(request))
        except StaleRecordError as exc:
            apply_errors(form, exc)
            form.add_error(None, _("Your changes are kept below, not saved yet."))
        except ValidationError as exc:
            if exc.code == "issued":
                errors_to_messages(request, exc)
                return redirect(back)
            apply_errors(form, exc)
            version = _posted_version(request) or version
        else:
            messages.success(request, _("The notice has been changed."))
            return redirect(back)
    elif request.method == "POST":
        version = _posted_version(request) or version
    return render(
        request,
        "evaluation/notice_edit.html",
        {"form": form, "title": title, "back": back, "version": version},
    )


def _refuse_if_issued(request, notice):
    """An issued notice no longer changes: back to it with the reason (None when a draft)."""
    if notice.is_issued:
        messages.error(
            request,
            _("The notice was issued on %(date)s: it can no longer be changed.")
            % {"date": notice.issued_on},
        )
        return redirect(notice.get_absolute_url())
    return None


@require_http_methods(["GET", "POST"])
@capability_required("evaluation.manage")
def notice_edit(request, pk):
    notice = selectors.notice_get_for_user(user=request.user, pk=pk)
    refused = _refuse_if_issued(request, notice)
    if refused:
        return refused
    form = NoticeForm(
        request.POST or None,
        initial={f: getattr(notice, f) for f in services.NOTICE_EDITABLE},
    )

    def save(data, version):
        services.notice_update(user=request.user, notice=notice, version=version, **data)

    return _edit_page(request, form, notice, notice.title, notice.get_absolute_url(), save)


@require_http_methods(["GET", "POST"])
@capability_required("evaluation.manage")
def notice_entry_edit(request, pk, entry_pk):
    notice = selectors.notice_get_for_user(user=request.user, pk=pk)
    entry = selectors.notice_entry_get(notice=notice, pk=entry_pk)
    refused = _refuse_if_issued(request, notice)
    if refused:
        return refused
    form = NoticeEntryForm(
        request.POST or None,
        initial={f: getattr(entry, f) for f in ("subject", "helper", "name", "county", "reason")},
    )

    def save(data, version):
        services.notice_entry_update(user=request.user, entry=entry, version=version, **data)

    title = _("%(notice)s · %(name)s") % {"notice": notice.title, "name": entry.name}
    return _edit_page(request, form, entry, title, notice.get_absolute_url(), save)


@require_POST
@capability_required("evaluation.manage")
def notice_entry_remove(request, pk, entry_pk):
    notice = selectors.notice_get_for_user(user=request.user, pk=pk)
    entry = selectors.notice_entry_get(notice=notice, pk=entry_pk)
    try:
        services.notice_entry_remove(user=request.user, entry=entry)
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(
            request, _("%(name)s has been taken off the notice.") % {"name": entry.name}
        )
    return redirect(notice.get_absolute_url())


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
