import csv
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bangfu.core.io import Echo, safe_cell

from . import audit, selectors, services
from .decorators import capability_required
from .forms import AuditFilterForm, LoginForm, PasswordChangeForm, UserForm


def _safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


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
            return redirect(_safe_next(request, settings.LOGIN_REDIRECT_URL))
        if result.locked_until:
            local = timezone.localtime(result.locked_until)
            form.add_error(
                None,
                _(
                    "Too many failed sign-ins: this account is locked from this address until %(time)s."
                )
                % {"time": date_format(local, "Y-m-d H:i")},
            )
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
@capability_required("accounts.manage")
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
        by_field = exc.error_dict if hasattr(exc, "error_dict") else {"password": exc.error_list}
        for field, errors in by_field.items():
            for err in errors:
                form.add_error(field if field in form.fields else None, err)
        return None
    return user


@require_http_methods(["GET", "POST"])
@capability_required("accounts.manage")
def user_create(request):
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _save_user(request, form):
        messages.success(request, _("The account has been created."))
        return redirect("accounts:users")
    return render(request, "accounts/user_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@capability_required("accounts.manage")
def user_edit(request, username):
    user = selectors.user_get_for_user(user=request.user, username=username)
    form = UserForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid() and _save_user(request, form, user):
        messages.success(request, _("The account has been saved."))
        return redirect("accounts:users")
    locked = services.lockout_until_any_address(username=user.username)
    return render(
        request, "accounts/user_form.html", {"form": form, "account": user, "locked": locked}
    )


@require_POST
@capability_required("accounts.manage")
def user_unlock(request, username):
    user = selectors.user_get_for_user(user=request.user, username=username)
    n = services.account_unlock(actor=request.user, username=user.username)
    messages.success(
        request, _("%(n)d failed sign-ins cleared; the account is unlocked.") % {"n": n}
    )
    return redirect("accounts:user_edit", username=user.username)


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
