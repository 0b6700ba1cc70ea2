"""The county office's review pages: the queue, confirming or sending back, re-opening."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bangfu.accounts.decorators import capability_required
from bangfu.pairing.views.shared import page_of, run_action

from ..forms.records import NoteForm
from ..selectors import records as record_selectors
from ..selectors.records import assistance_get_for_user, locked_waiting
from ..services.records import assistance_submit
from ..services.review import (
    assistance_confirm,
    assistance_confirm_many,
    assistance_reopen,
    assistance_return,
    assistance_return_many,
)
from ..services.rules import is_county_office


@require_GET
@capability_required("assistance.confirm")
def confirmation_queue(request):
    """The county office's submitted records it can confirm or send back, one at a time or
    many at once (tick them, then one action)."""
    page, query = page_of(request, record_selectors.confirmation_queue(user=request.user))
    return render(
        request,
        "assistance/queue.html",
        {
            "page": page,
            "query": query,
            "note_form": NoteForm(),
            "select_all": request.GET.get("select") == "all",
            "select_query": query + ("&" if query else "") + "select=all",
            "locked_waiting": locked_waiting(user=request.user),
        },
    )


@require_POST
@capability_required("assistance.confirm")
def confirmation_bulk(request):
    """Confirm, or send back with one note, every ticked record of the queue: all or none."""
    numbers = request.POST.getlist("numbers")
    action = request.POST.get("action")
    try:
        if action == "confirm":
            done = assistance_confirm_many(user=request.user, numbers=numbers)
        elif action == "return":
            done = assistance_return_many(
                user=request.user, numbers=numbers, note=request.POST.get("note", "")
            )
        else:
            raise ValidationError(_("Choose confirm or send back."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        n = len(done)
        if action == "confirm":
            text = ngettext(
                "%(n)d record confirmed: it now counts.",
                "%(n)d records confirmed: they now count.",
                n,
            )
        else:
            text = ngettext(
                "%(n)d record sent back with your note.",
                "%(n)d records sent back with your note.",
                n,
            )
        messages.success(request, text % {"n": n})
    return redirect("assistance:queue")


def _back(request, record):
    if request.POST.get("next") == "queue":
        return redirect("assistance:queue")
    return redirect(record.get_absolute_url())


ACTIONS = {
    "submit": (assistance_submit, _("Submitted to the county office.")),
    "confirm": (assistance_confirm, _("Confirmed: the record now counts.")),
}


@require_POST
@capability_required("business.read")
def assistance_action(request, number, action):
    record = assistance_get_for_user(user=request.user, number=number)
    if action not in ACTIONS:
        raise Http404("No such action")
    service, done = ACTIONS[action]
    run_action(request, service, f"{record.number}: {done}", record=record)
    return _back(request, record)


NOTE_ACTIONS = {
    "return": (
        _("Send back to the recorder"),
        _("What needs fixing"),
        _("Sent back with your note."),
    ),
    "reopen": (
        _("Re-open a confirmed record"),
        _("Reason for re-opening"),
        _("Re-opened: the record is a draft again and no longer counts."),
    ),
}


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def assistance_note_action(request, number, action):
    """Send back (with a note) or re-open (with a reason): the county office of the county."""
    record = assistance_get_for_user(user=request.user, number=number)
    if action not in NOTE_ACTIONS:
        raise Http404("No such action")
    if not is_county_office(request.user, record.county_id):
        raise PermissionDenied
    title, label, done = NOTE_ACTIONS[action]
    form = NoteForm(request.POST or None)
    form.fields["note"].label = label
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        try:
            if action == "return":
                assistance_return(user=request.user, record=record, note=note)
            else:
                assistance_reopen(user=request.user, record=record, reason=note)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for messages_ in exc.message_dict.values():
                    for message in messages_:
                        form.add_error("note", message)
            else:
                for message in exc.messages:
                    form.add_error(None, message)
        else:
            messages.success(request, f"{record.number}: {done}")
            return _back(request, record)
    return render(
        request,
        "assistance/note.html",
        {"form": form, "title": f"{title} · {record.number}", "record": record},
    )
