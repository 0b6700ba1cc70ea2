"""One's own second factor: enrolling an authenticator, its QR code, recovery codes."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import second_factor, services
from ..forms import (
    CodeForm,
)
from .sign_in import next_url


@require_http_methods(["GET", "POST"])
@login_required
def otp_enrol(request):
    """Enrol an authenticator: scan the QR (or type the key), confirm with a code, then see
    the ten recovery codes once. Only while the account has no confirmed authenticator, so
    a password alone never replaces an enrolled one."""
    target = next_url(request)
    if second_factor.has_device(request.user):
        return redirect(target if second_factor.is_verified(request) else "accounts:otp")
    device = second_factor.pending_device(request.user, create=True)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        codes = services.second_factor_enrol(request=request, code=form.cleaned_data["code"])
        if codes is not None:
            return render(
                request, "accounts/otp_recovery_codes.html", {"codes": codes, "next": target}
            )
        form.add_error("code", _("The code is not correct. Check the time on your phone."))
        status = 401
    return render(
        request,
        "accounts/otp_enrol.html",
        {
            "form": form,
            "secret": second_factor.secret_for_display(device),
            "next": target,
            "required": second_factor.required(request.user),
        },
        status=status,
    )


@require_GET
@login_required
def otp_qr(request):
    """The QR of the authenticator being enrolled, as SVG (404 when none is)."""
    device = second_factor.pending_device(request.user)
    if device is None:
        raise Http404("No authenticator is being enrolled")
    response = HttpResponse(second_factor.qr_svg(device), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
def otp_manage(request):
    """The user's own second factor: enrolled or not, recovery codes left."""
    return render(
        request,
        "accounts/otp_manage.html",
        {
            "has_factor": second_factor.has_device(request.user),
            "required": second_factor.required(request.user),
            "codes_left": second_factor.recovery_codes_left(request.user),
        },
    )


@require_POST
@login_required
def otp_recovery(request):
    """New recovery codes, shown once; the old ones stop working."""
    if not second_factor.has_device(request.user):
        return redirect("accounts:otp_manage")
    codes = services.second_factor_recovery_renew(user=request.user)
    return render(
        request,
        "accounts/otp_recovery_codes.html",
        {"codes": codes, "next": reverse("accounts:otp_manage")},
    )
