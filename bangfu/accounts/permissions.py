"""The API's permission classes, by role: business readers, the auditor, any signed-in account."""

from rest_framework.permissions import BasePermission

from bangfu.core import context

from .roles import can


class IsActiveBusinessUser(BasePermission):
    """API default: a signed-in account whose role reads business data."""

    def has_permission(self, request, view):
        user = request.user
        if user and user.is_authenticated:
            context.update(user_id=user.pk, username=user.username, role=user.role)
        return can(user, "business.read")


class IsAuditor(BasePermission):
    def has_permission(self, request, view):
        user = request.user
        if user and user.is_authenticated:
            context.update(user_id=user.pk, username=user.username, role=user.role)
        return can(user, "audit.read")


class IsAuthenticatedAccount(BasePermission):
    def has_permission(self, request, view):
        user = request.user
        if user and user.is_authenticated:
            context.update(user_id=user.pk, username=user.username, role=user.role)
        return bool(user and user.is_authenticated and user.is_active)


class ReadsReporting(BasePermission):
    """The reporting calendar: the offices, the institute and inspectors (not helpers)."""

    def has_permission(self, request, view):
        user = request.user
        if user and user.is_authenticated:
            context.update(user_id=user.pk, username=user.username, role=user.role)
        return can(user, "reporting.read")
