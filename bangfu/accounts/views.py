import csv
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bangfu.core.io import Echo, safe_cell

from . import audit, second_factor, selectors, services
from .decorators import capability_required
from .forms import (
    AuditFilterForm,
    CodeForm,
    LoginForm,
    PasswordChangeForm,
    RoleForm,
    UserForm,
)
from .roles import can


def _safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def _next_url(request) -> str:
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
        result = services.login_attempt(
            request=request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if result.user is not None:
            target = _next_url(request)
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
    services.logout_user(request=request)
    messages.info(request, _("You have signed out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


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


@require_GET
@capability_required("accounts.read")
def user_list(request):
    return render(
        request,
        "accounts/user_list.html",
        {"users": selectors.user_list_for_user(user=request.user)},
    )


def _form_errors(form, exc: ValidationError) -> None:
    by_field = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
    for field, errors in by_field.items():
        for err in errors:
            form.add_error(field if field in form.fields else None, err)


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
        _form_errors(form, exc)
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
    locked = services.lockout_until_any_address(username=user.username)
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
            _form_errors(form, exc)
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


# Second factor -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def otp_verify(request):
    """The code page after the password: a code from the authenticator or a recovery code."""
    target = _next_url(request)
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
        result = services.second_factor_verify(request=request, code=form.cleaned_data["code"])
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
            services.logout_user(request=request, reason="logout_locked")
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


@require_http_methods(["GET", "POST"])
@login_required
def otp_enrol(request):
    """Enrol an authenticator: scan the QR (or type the key), confirm with a code, then see
    the ten recovery codes once. Only while the account has no confirmed authenticator, so
    a password alone never replaces an enrolled one."""
    target = _next_url(request)
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


@require_GET
@capability_required("audit.read")
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_events_for_user(user=request.user, filters=filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


AUDIT_COLUMNS = [
    ("id", "编号"),
    ("at", "时间(UTC)"),
    ("actor_name", "操作人"),
    ("role", "角色"),
    ("address", "地址"),
    ("request_id", "请求号"),
    ("channel", "渠道"),
    ("event", "事件"),
    ("object_type", "对象类型"),
    ("object_id", "对象编号"),
    ("object_repr", "对象"),
    ("outcome", "结果"),
    ("changes", "字段变更"),
    ("detail", "说明"),
    ("hash", "哈希"),
]


@require_GET
@capability_required("audit.export")
def audit_export(request):
    """The filtered audit trail as CSV, streamed; the export itself is audited."""
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_events_for_user(user=request.user, filters=filters)
    audit.record(
        event="export",
        object_type="accounts.auditevent",
        detail=json.dumps({k: str(v) for k, v in filters.items() if v}, ensure_ascii=False),
    )
    writer = csv.writer(Echo())

    def rows():
        yield "\ufeff" + writer.writerow([label for _, label in AUDIT_COLUMNS])
        for ev in events.iterator(chunk_size=2000):
            values = []
            for name, _label in AUDIT_COLUMNS:
                value = getattr(ev, name)
                if name == "changes":
                    value = json.dumps(value, ensure_ascii=False)
                elif name == "at":
                    value = value.isoformat()
                values.append(safe_cell(value))
            yield writer.writerow(values)

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit.csv"'
    return response
