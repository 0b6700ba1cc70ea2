"""The admin site's one model: accounts, for the system administrator (roles are not edited)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Accounts only: the system administrator reads no business data here, and gives no
    roles (the security administrator's, on the account pages): role and scope are shown,
    not edited, and new accounts start without a role."""

    list_display = ("username", "full_name", "role", "county", "is_active", "last_login")
    list_filter = ("role", "is_active", "county")
    search_fields = ("username", "full_name")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("full_name", "email")}),
        (_("Role and scope"), {"fields": ("role", "county", "helper", "is_active")}),
        (_("Dates"), {"fields": ("last_login", "date_joined", "password_changed_at")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "fields": (
                    "username",
                    "full_name",
                    "password1",
                    "password2",
                )
            },
        ),
    )
    readonly_fields = (
        "role",
        "county",
        "helper",
        "last_login",
        "date_joined",
        "password_changed_at",
    )

    def has_module_permission(self, request):
        return request.user.role == "sysadmin"

    def has_view_permission(self, request, obj=None):
        return request.user.role == "sysadmin"

    has_change_permission = has_view_permission
    has_add_permission = has_module_permission

    def has_delete_permission(self, request, obj=None):
        return False  # accounts are disabled, never deleted: the audit trail refers to them

    def save_model(self, request, obj, form, change):
        if change and {"role", "county", "helper"} & set(form.changed_data):
            raise PermissionDenied  # read-only above; never through a forged form
        obj.is_staff = obj.role == "sysadmin"
        obj.is_superuser = False
        super().save_model(request, obj, form, change)
