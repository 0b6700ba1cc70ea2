"""Signing in and out: the password, the code of the second factor, changing one's password."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import authentication, second_factor, services
from ..forms import (
    CodeForm,
    LoginForm,
    PasswordChangeForm,
)


def _safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def next_url(request) -> str:
    """Where to go after signing in: `next` when it is on this site, else the start page."""
    return resolve_url(_safe_next(request, settings.LOGIN_REDIRECT_URL))


def lock_message(result) -> str:
    """The lockout message, saying until when (local time)."""
    time = date_format(timezone.localtime(result.locked_until), "Y-m-d H:i")
    if result.address_locked:
        return _(
            "Too many failed sign-ins from this address: sign-in from here is paused until "
            "%(time)s. If you share this address with colleagues, wait until then or ask the "
            "security administrator."
        ) % {"time": time}
    return _(
        "Too many failed sign-ins: this account is locked from this address until %(time)s."
    ) % {"time": time}


@require_http_methods(["GET", "POST"])
def login_view(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        result = authentication.login_attempt(
            request=request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if result.user is not None:
            target = next_url(request)
            if request.session.get(second_factor.SESSION_NEEDED):
                return redirect(f"{reverse('accounts:otp')}?{urlencode({'next': target})}")
            return redirect(target)
        if result.locked_until:
            form.add_error(None, lock_message(result))
            status = 429
        else:
            form.add_error(None, _("The username or password is not correct."))
            status = 401
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": _safe_next(request, "")},
        status=status,
    )


@require_POST
def logout_view(request):
    authentication.logout_user(request=request)
    messages.info(request, _("You have signed out."))
    response = redirect(settings.LOGOUT_REDIRECT_URL)
    # the phone's offline store (field capture): its queue, lists and cached pages go too
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_set_password(
            actor=request.user, user=request.user, password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password has been changed."))
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/password_change.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def otp_verify(request):
    """The code page after the password: a code from the authenticator or a recovery code."""
    target = next_url(request)
    if second_factor.is_verified(request):
        return redirect(target)
    if not second_factor.has_device(request.user):
        if second_factor.required(request.user):
            return redirect(f"{reverse('accounts:otp_enrol')}?{urlencode({'next': target})}")
        request.session[second_factor.SESSION_NEEDED] = False
        return redirect(target)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        result = authentication.second_factor_verify(
            request=request, code=form.cleaned_data["code"]
        )
        if result.user is not None:
            left = second_factor.recovery_codes_left(request.user)
            if left <= 3:
                messages.warning(
                    request,
                    _("%(n)d recovery codes left: make new ones on your account's security page.")
                    % {"n": left},
                )
            return redirect(target)
        if result.locked_until:
            username = request.user.username
            authentication.logout_user(request=request, reason="logout_locked")
            form = LoginForm({"username": username, "password": "-"})
            form.is_valid()
            form.add_error(None, lock_message(result))
            return render(request, "accounts/login.html", {"form": form, "next": ""}, status=429)
        form.add_error(
            "code",
            _(
                "The code is not correct. After a wrong code, wait a few seconds before "
                "trying again."
            ),
        )
        status = 401
    return render(
        request, "accounts/otp_verify.html", {"form": form, "next": target}, status=status
    )
