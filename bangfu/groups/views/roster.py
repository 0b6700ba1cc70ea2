"""Pages of the leading groups (attachment 3): each county's roster, its members, the form.

Thin: each view finds its rows through the scoped selectors of `groups` (out of scope: 404),
parses a form, calls a service and redirects, or renders.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bangfu.accounts.decorators import capability_required
from bangfu.core.forms import apply_errors
from bangfu.groups import io as group_io
from bangfu.groups import selectors
from bangfu.groups.forms import MemberForm
from bangfu.groups.rules import may_edit_county, require_county_page
from bangfu.groups.services import member_remove, member_save
from bangfu.places.programme import programme_or_404

from .common import group_links, xlsx_response


@require_GET
@capability_required("reporting.read")
def roster(request):
    """Each county's leading group with what is missing; the city office sees all five."""
    programme = programme_or_404()
    counties = selectors.counties_for_user(request.user, programme)
    code = request.GET.get("county", "").strip()
    if code:
        counties = [
            selectors.county_get_for_user(user=request.user, programme=programme, code=code)
        ]
    members = list(
        selectors.roster_for_user(user=request.user, programme=programme).filter(
            county__in=[c.pk for c in counties]
        )
    )
    blocks = []
    for county in counties:
        mine = [m for m in members if m.county_id == county.pk]
        blocks.append(
            {
                "county": county,
                "members": mine,
                "problems": selectors.roster_problems_of(county, mine),
                "may_edit": may_edit_county(request.user, county.pk),
            }
        )
    return render(
        request,
        "groups/roster.html",
        {
            "programme": programme,
            "blocks": blocks,
            "all_counties": selectors.counties_for_user(request.user, programme),
            "county_code": code,
            "group_links": group_links(),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("reporting.read")
def roster_member_create(request, county):
    programme = programme_or_404()
    county_obj = selectors.county_get_for_user(user=request.user, programme=programme, code=county)
    require_county_page(request.user, county_obj)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member_save(
                user=request.user, programme=programme, county=county_obj, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Member added."))
            return redirect(f"{reverse('groups:roster')}?county={county_obj.code}")
    return render(
        request,
        "groups/roster_form.html",
        {
            "form": form,
            "county": county_obj,
            "title": _("Add a member to the leading group of %(county)s")
            % {"county": county_obj.name},
            "back": f"{reverse('groups:roster')}?county={county_obj.code}",
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("reporting.read")
def roster_member_edit(request, pk):
    member = selectors.member_get_for_user(user=request.user, pk=pk)
    require_county_page(request.user, member.county)
    initial = {
        "name": member.name,
        "group_role": member.group_role,
        "post": member.post,
        "unit": member.unit,
        "phone": member.phone,
        "email": member.email,
        "order": member.order,
    }
    form = MemberForm(request.POST or None, initial=initial)
    back = f"{reverse('groups:roster')}?county={member.county.code}"
    if request.method == "POST" and form.is_valid():
        try:
            member_save(
                user=request.user,
                programme=member.programme,
                county=member.county,
                member=member,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(back)
    return render(
        request,
        "groups/roster_form.html",
        {
            "form": form,
            "county": member.county,
            "member": member,
            "title": _("Edit %(name)s (%(county)s)")
            % {"name": member.name, "county": member.county.name},
            "back": back,
        },
    )


@require_POST
@capability_required("reporting.read")
def roster_member_remove(request, pk):
    member = selectors.member_get_for_user(user=request.user, pk=pk)
    code = member.county.code
    try:
        member_remove(user=request.user, member=member)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(name)s taken off the roster.") % {"name": member.name})
    return redirect(f"{reverse('groups:roster')}?county={code}")


@require_GET
@capability_required("reporting.read")
def roster_download(request, county):
    """Attachment 3 of one county as .xlsx."""
    programme = programme_or_404()
    county_obj = selectors.county_get_for_user(user=request.user, programme=programme, code=county)
    table = group_io.roster_table(programme, county_obj, viewer=request.user)
    name = f"附件3-领导小组名单及联络人-{county_obj.name}-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(table, name, what="roster")
