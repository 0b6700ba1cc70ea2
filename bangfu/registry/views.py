"""Pages of the registry: villages and their profiles, households, members, revealing a number."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bangfu.accounts.decorators import capability_required
from bangfu.accounts.history import history_for
from bangfu.accounts.roles import can
from bangfu.core import crypto
from bangfu.core.caching import KeptCountPaginator
from bangfu.core.forms import apply_errors
from bangfu.core.identifiers.resident_id import normalize_id_number

from . import selectors, services
from .forms import (
    HouseholdFilterForm,
    HouseholdForm,
    MemberForm,
    RevealForm,
    VillageFilterForm,
    VillageProfileForm,
)
from .models import Household

PAGE_SIZE = 50


def _page(request, qs):
    query = request.GET.copy()
    query.pop("page", None)
    return KeptCountPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page")), query.urlencode()


@require_GET
@capability_required("business.read")
def village_list(request):
    form = VillageFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    page, query = _page(
        request, selectors.village_profile_list_for_user(user=request.user, filters=filters)
    )
    return render(
        request, "registry/village_list.html", {"form": form, "page": page, "query": query}
    )


@require_GET
@capability_required("business.read")
def village_detail(request, code):
    profile = selectors.village_profile_get_for_user(user=request.user, code=code)
    households = None
    if can(request.user, "personal.read"):
        households = selectors.household_list_for_user(
            user=request.user, filters={"village": code}
        )[:200]
    return render(
        request,
        "registry/village_detail.html",
        {
            "profile": profile,
            "households": households,
            "history": history_for(obj=profile, user=request.user),
            "can_edit": can(request.user, "registry.edit"),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("registry.edit")
def village_edit(request, code):
    profile = selectors.village_profile_get_for_user(user=request.user, code=code)
    form = VillageProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.village_profile_save(user=request.user, profile=profile, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The village profile has been saved."))
            return redirect(profile.get_absolute_url())
    return render(
        request,
        "registry/form.html",
        {"form": form, "title": profile.village.name, "back": profile.get_absolute_url()},
    )


@require_GET
@capability_required("personal.read")
def household_list(request):
    form = HouseholdFilterForm(request.GET or None, user=request.user)
    filters = dict(form.cleaned_data) if form.is_valid() else {}
    if getattr(form, "masked_query", None):
        filters["q"] = form.masked_query  # searched in full, shown masked
    if request.GET.get("id_hash"):
        filters["id_hash"] = request.GET["id_hash"][:64]
    page, query = _page(
        request, selectors.household_list_for_user(user=request.user, filters=filters)
    )
    if getattr(form, "masked_query", None):
        # links (pages, exports) carry the keyed hash of a searched ID number, never the number
        params = request.GET.copy()
        params.pop("page", None)
        params.pop("q", None)
        params["id_hash"] = crypto.keyed_hash(normalize_id_number(form.masked_query))
        query = params.urlencode()
    return render(
        request,
        "registry/household_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "can_edit": can(request.user, "registry.edit"),
        },
    )


def _household_context(request, household, **extra):
    return {
        "household": household,
        "members": selectors.household_members(household=household),
        "incomes": list(household.incomes.order_by("year")),
        "history": history_for(obj=household, user=request.user),
        "can_edit": can(request.user, "registry.edit"),
        "can_reveal": can(request.user, "personal.reveal"),
        "reveal_form": RevealForm(),
        **extra,
    }


@require_GET
@capability_required("personal.read")
def household_detail(request, ref):
    household = selectors.household_get_for_user(user=request.user, ref=ref)
    return render(request, "registry/household_detail.html", _household_context(request, household))


@require_POST
@capability_required("personal.reveal")
def household_reveal(request, ref):
    """Show one full number once, after the user gives a reason; audited."""
    household = selectors.household_get_for_user(user=request.user, ref=ref)
    form = RevealForm(request.POST)
    revealed = None
    if form.is_valid():
        try:
            value = services.personal_reveal(
                user=request.user,
                obj=household,
                field=form.cleaned_data["field"],
                reason=form.cleaned_data["reason"],
            )
            revealed = {"field": form.cleaned_data["field"], "value": value}
        except ValidationError as exc:
            apply_errors(form, exc)
    return render(
        request,
        "registry/household_detail.html",
        _household_context(request, household, revealed=revealed, reveal_form=form),
    )


@require_http_methods(["GET", "POST"])
@capability_required("registry.edit")
def household_edit(request, ref=None):
    household = selectors.household_get_for_user(user=request.user, ref=ref) if ref else Household()
    form = HouseholdForm(request.POST or None, instance=household, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            household = services.household_save(
                user=request.user, household=household, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The household has been saved."))
            return redirect(household.get_absolute_url())
    title = household.head_name if household.pk else _("New household")
    back = household.get_absolute_url() if household.pk else "/registry/households/"
    return render(request, "registry/form.html", {"form": form, "title": title, "back": back})


@require_http_methods(["GET", "POST"])
@capability_required("registry.edit")
def member_edit(request, ref, member_id=None):
    household = selectors.household_get_for_user(user=request.user, ref=ref)
    member = household.members.filter(pk=member_id).first() if member_id else None
    if member_id and member is None:
        from django.http import Http404

        raise Http404
    form = MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_save(
                user=request.user, household=household, member=member, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The member has been saved."))
            return redirect(household.get_absolute_url())
    return render(
        request,
        "registry/form.html",
        {"form": form, "title": household.head_name, "back": household.get_absolute_url()},
    )
