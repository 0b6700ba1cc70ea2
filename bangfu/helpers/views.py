"""The helpers' pages: the register, a helper's page, creating and editing a helper."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bangfu.accounts.decorators import capability_required
from bangfu.accounts.history import history_for
from bangfu.accounts.roles import can
from bangfu.core.forms import apply_errors

from . import selectors, services
from .forms import HelperFilterForm, HelperForm
from .models import Helper


@require_GET
@capability_required("business.read")
def helper_options(request):
    """A helper chooser's options on demand (JSON): `?q=` a name, initials or credit code."""
    return JsonResponse(
        {"options": selectors.helper_options(user=request.user, text=request.GET.get("q", ""))}
    )


@require_GET
@capability_required("business.read")
def helper_list(request):
    form = HelperFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(
        selectors.helper_list_for_user(user=request.user, filters=filters), 50
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "helpers/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_create": can(request.user, "helpers.edit"),
        },
    )


@require_GET
@capability_required("business.read")
def helper_detail(request, uscc):

    helper = selectors.helper_get_for_user(user=request.user, uscc=uscc)
    return render(
        request,
        "helpers/detail.html",
        {
            "helper": helper,
            "history": history_for(obj=helper, user=request.user),
            "can_edit": selectors.helper_may_edit(user=request.user, helper=helper),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def helper_edit(request, uscc=None):
    helper = selectors.helper_get_for_user(user=request.user, uscc=uscc) if uscc else Helper()
    allowed = (
        selectors.helper_may_edit(user=request.user, helper=helper)
        if uscc
        else can(request.user, "helpers.edit")
    )
    if not allowed:
        raise PermissionDenied
    form = HelperForm(request.POST or None, instance=helper, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            helper = services.helper_save(user=request.user, helper=helper, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The helper has been saved."))
            return redirect(helper.get_absolute_url())
    return render(
        request,
        "registry/form.html",
        {
            "form": form,
            "title": helper.name if helper.pk else _("New helper"),
            "back": helper.get_absolute_url() if helper.pk else "/helpers/",
        },
    )
