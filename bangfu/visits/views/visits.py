"""Pages of supervision visits: the list, the first round by county, recording, its page, editing.

Thin views: parse a form (forms.py), call a service or a selector, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bangfu.accounts.decorators import capability_required
from bangfu.accounts.history import history_for
from bangfu.accounts.roles import Role, can
from bangfu.core.forms import apply_errors
from bangfu.core.models import StaleRecordError
from bangfu.core.uploads import file_response
from bangfu.pairing.forms import MultipleFileField
from bangfu.visits import permissions, selectors, services
from bangfu.visits.forms import (
    FollowUpForm,
    VisitEditForm,
    VisitForm,
    posted_version,
    visit_initial,
)
from bangfu.visits.models import FollowUp
from bangfu.visits.views.common import page_of, require_reader


@require_GET
@capability_required("business.read")
def visit_list(request):
    require_reader(request.user)
    filters = {k: request.GET.get(k) for k in ("county", "year") if request.GET.get(k)}
    if filters.get("year") and not filters["year"].isdigit():
        filters.pop("year")
    page, query = page_of(
        request, selectors.visit_list_for_user(user=request.user, filters=filters)
    )
    return render(
        request,
        "visits/visit_list.html",
        {
            "page": page,
            "query": query,
            "counties": selectors.counties_in_scope(request.user),
            "years": selectors.visit_years(user=request.user),
            "filters": filters,
            "can_record": can(request.user, "oversight.visit"),
        },
    )


@require_GET
@capability_required("business.read")
def first_round(request):
    require_reader(request.user)
    years = selectors.visit_years(user=request.user)
    rows = selectors.first_round(user=request.user, years=years)
    by_year = {}
    for row in rows:
        by_year.setdefault(row.year, []).append(row)
    return render(
        request,
        "visits/visit_first_round.html",
        {"by_year": sorted(by_year.items(), reverse=True)},
    )


@require_http_methods(["GET", "POST"])
@capability_required("oversight.visit")
def visit_create(request):
    user = request.user
    counties = [
        c for c in selectors.counties_in_scope(user) if permissions.may_record_visit(user, c)
    ]
    code = request.GET.get("county") or (user.county.code if user.role == Role.COUNTY else "")
    county = next((c for c in counties if c.code == code), None)
    if county is None:
        return render(request, "visits/visit_county.html", {"counties": counties})
    form = VisitForm(
        request.POST or None,
        request.FILES or None,
        county=county,
        initial={"visited_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        uploads = data.pop("files")
        try:
            visit = services.visit_record(user=user, county=county, uploads=uploads, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
            if not form.errors:
                form.add_error("files", exc)
        else:
            messages.success(
                request, _("The visit has been recorded; add the problems to follow up.")
            )
            return redirect(visit.get_absolute_url())
    return render(
        request,
        "visits/visit_form.html",
        {
            "form": form,
            "title": _("New supervision visit · %(county)s") % {"county": county.name},
            "back": "/oversight/visits/",
            "multipart": True,
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def visit_detail(request, pk):
    require_reader(request.user)
    visit = selectors.visit_get_for_user(user=request.user, pk=pk)
    may_record = permissions.may_record_visit(request.user, visit.county_id)
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied
        field = MultipleFileField()
        try:
            uploads = field.clean(request.FILES.getlist("files"))
            services.visit_attach(user=request.user, visit=visit, uploads=uploads)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The files have been added."))
        return redirect(visit.get_absolute_url())
    today = timezone.localdate()
    follow_ups = list(visit.follow_ups.select_related("village", "pairing", "owner"))
    for f in follow_ups:
        f.overdue = f.is_overdue(today)
    return render(
        request,
        "visits/visit_detail.html",
        {
            "visit": visit,
            "villages": visit.villages.select_related("parent").order_by("code"),
            "pairings": visit.pairings.select_related("helper", "village"),
            "files": visit.files.all(),
            "follow_ups": follow_ups,
            "may_record": may_record,
            "may_edit": permissions.may_edit_visit(request.user, visit),
            "history": history_for(obj=visit, user=request.user),
        },
    )


@require_GET
@capability_required("business.read")
def visit_file(request, pk, key):
    require_reader(request.user)
    visit = selectors.visit_get_for_user(user=request.user, pk=pk)
    stored = selectors.visit_file_get(visit=visit, key=key)
    return file_response(stored, inline=request.GET.get("inline") == "1")


@require_http_methods(["GET", "POST"])
@capability_required("oversight.visit")
def followup_create(request, pk):
    visit = selectors.visit_get_for_user(user=request.user, pk=pk)
    if not permissions.may_record_visit(request.user, visit.county_id):
        raise PermissionDenied
    form = FollowUpForm(request.POST or None, county=visit.county)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_add(user=request.user, visit=visit, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The follow-up has been added."))
            if request.POST.get("another"):
                return redirect("visits:followup_create", pk=visit.pk)
            return redirect(visit.get_absolute_url())
    return render(
        request,
        "visits/followup_form.html",
        {
            "form": form,
            "title": _("Problem to follow up · %(visit)s") % {"visit": visit},
            "back": visit.get_absolute_url(),
            "another": True,
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("oversight.visit")
def visit_edit(request, pk):
    """Correct a recorded visit; a stale page (saved by someone else since it was opened) is
    refused with the form kept as typed and the version moved on, so a second save is a
    deliberate choice."""
    visit = selectors.visit_get_for_user(user=request.user, pk=pk)
    if not permissions.may_edit_visit(request.user, visit):
        raise PermissionDenied
    form = VisitEditForm(request.POST or None, visit=visit, initial=visit_initial(visit))
    version = visit.version
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_update(
                user=request.user,
                visit=visit,
                version=posted_version(request),
                **form.cleaned_data,
            )
        except StaleRecordError as exc:
            apply_errors(form, exc)
            form.add_error(None, _("Your changes are kept below, not saved yet."))
        except ValidationError as exc:
            apply_errors(form, exc)
            version = posted_version(request) or version
        else:
            messages.success(request, _("The visit has been corrected."))
            return redirect(visit.get_absolute_url())
    elif request.method == "POST":
        version = posted_version(request) or version
    closed = not visit.follow_ups.filter(state=FollowUp.State.OPEN).exists()
    return render(
        request,
        "visits/visit_edit.html",
        {
            "form": form,
            "version": version,
            "title": _("Correct the visit · %(visit)s") % {"visit": visit},
            "back": visit.get_absolute_url(),
            "all_closed": closed and visit.follow_ups.exists(),
        },
    )
