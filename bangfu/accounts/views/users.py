"""The accounts' pages: list, create and edit, role and scope, unlock, reset the second factor."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bangfu.core.forms import apply_errors

from .. import authentication, second_factor, selectors, services
from ..decorators import capability_required
from ..forms import (
    RoleForm,
    UserForm,
)
from ..roles import can


@require_GET
@capability_required("accounts.read")
def user_list(request):
    return render(
        request,
        "accounts/user_list.html",
        {"users": selectors.user_list_for_user(user=request.user)},
    )


def _save_user(request, form, user=None):
    data = dict(form.cleaned_data)
    password = data.pop("password", "")
    try:
        if user is None:
            user = services.user_create(actor=request.user, password=password, **data)
        else:
            data.pop("username", None)
            user = services.user_update(actor=request.user, user=user, **data)
            if password:
                services.user_set_password(actor=request.user, user=user, password=password)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict") and password:
            exc = ValidationError({"password": exc.error_list})
        apply_errors(form, exc)
        return None
    return user


@require_http_methods(["GET", "POST"])
@capability_required("accounts.manage")
def user_create(request):
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _save_user(request, form):
        messages.success(
            request,
            _("The account has been created; the security administrator gives it its role."),
        )
        return redirect("accounts:users")
    return render(request, "accounts/user_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@capability_required("accounts.read")
def user_edit(request, username):
    """The account's page: the system administrator edits it; the security administrator
    sees it with its lock and second factor, and links to the role form."""
    user = selectors.user_get_for_user(user=request.user, username=username)
    may_edit = can(request.user, "accounts.manage")
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    form = UserForm(request.POST or None, instance=user) if may_edit else None
    if request.method == "POST" and form.is_valid() and _save_user(request, form, user):
        messages.success(request, _("The account has been saved."))
        return redirect("accounts:users")
    locked = authentication.lockout_until_any_address(username=user.username)
    return render(
        request,
        "accounts/user_form.html",
        {
            "form": form,
            "account": user,
            "locked": locked,
            "has_factor": second_factor.has_device(user),
            "factor_required": second_factor.required(user),
            "can_assign": can(request.user, "roles.assign"),
            "can_reset": can(request.user, "otp.reset"),
            "can_unlock": can(request.user, "accounts.unlock"),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("roles.assign")
def user_role(request, username):
    """The security administrator gives an account its role and scope (never their own)."""
    user = selectors.user_get_for_user(user=request.user, username=username)
    form = RoleForm(request.POST or None, instance=user)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.user_role_set(actor=request.user, user=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
            status = 403 if isinstance(exc, services.NotPermitted) else 400
        else:
            messages.success(request, _("The role has been saved."))
            return redirect("accounts:user_edit", username=user.username)
    return render(
        request, "accounts/user_role.html", {"form": form, "account": user}, status=status
    )


@require_POST
@capability_required("accounts.unlock")
def user_unlock(request, username):
    user = selectors.user_get_for_user(user=request.user, username=username)
    n = services.account_unlock(actor=request.user, username=user.username)
    messages.success(
        request, _("%(n)d failed sign-ins cleared; the account is unlocked.") % {"n": n}
    )
    return redirect("accounts:user_edit", username=user.username)


@require_POST
@capability_required("otp.reset")
def user_otp_reset(request, username):
    user = selectors.user_get_for_user(user=request.user, username=username)
    try:
        services.second_factor_reset(actor=request.user, user=user)
    except services.NotPermitted as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            _("The second factor has been removed; the account enrols again at its next sign-in."),
        )
    return redirect("accounts:user_edit", username=user.username)
