"""Site-visit pages: the list, recording a visit, a visit's files."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bangfu.accounts.decorators import capability_required
from bangfu.accounts.roles import can
from bangfu.core.forms import apply_errors
from bangfu.core.uploads import file_response

from ..forms import SiteVisitForm
from ..models import SiteVisit
from ..selectors.pairings import visits_for_user
from ..services.visits import site_visit_save
from .pairings import village_and_helper_initial
from .shared import page_of


@require_GET
@capability_required("business.read")
def visit_list(request):
    qs = visits_for_user(
        user=request.user,
        filters={k: request.GET.get(k) for k in ("village", "helper", "county")},
    )
    page, query = page_of(request, qs)
    can_add = can(request.user, "pairing.manage") or (
        request.user.role == "helper" and request.user.helper_id
    )
    return render(
        request, "pairing/visits.html", {"page": page, "query": query, "can_add": can_add}
    )


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def visit_create(request):
    if not (can(request.user, "pairing.manage") or request.user.role == "helper"):
        raise PermissionDenied
    initial = village_and_helper_initial(request)
    initial["visited_on"] = initial.pop("start_date")
    form = SiteVisitForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        uploads = data.pop("files")
        try:
            site_visit_save(user=request.user, uploads=uploads, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
            if not form.errors:
                form.add_error("files", exc)
        else:
            messages.success(request, _("The site visit has been recorded."))
            return redirect("pairing:visits")
    return render(
        request,
        "pairing/form.html",
        {
            "form": form,
            "title": _("New site visit"),
            "back": "/pairings/visits/",
            "multipart": True,
        },
    )


@require_GET
@capability_required("business.read")
def visit_file(request, visit_id, key):
    visit = visits_for_user(user=request.user).filter(pk=visit_id).first()
    if visit is None:
        raise Http404("No such visit")
    stored = SiteVisit.files.through.objects.filter(sitevisit=visit, storedfile__key=key).first()
    if stored is None:
        raise Http404("No such file")
    return file_response(stored.storedfile, inline=request.GET.get("inline") == "1")
