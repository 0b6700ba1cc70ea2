"""The admin site's sign-in: the system administrator's tool for accounts, and nothing else.

It takes the password and the second factor (an unverified session is sent to the code page).
"""

from django.shortcuts import redirect
from django.urls import reverse


def restrict_admin_login(site) -> None:
    def has_permission(request):
        user = request.user
        from .second_factor import is_verified

        return bool(
            user.is_active
            and user.is_authenticated
            and user.role == "sysadmin"
            and is_verified(request)
        )

    def login(request, extra_context=None):
        return redirect(f"{reverse('accounts:login')}?next={request.get_full_path()}")

    site.has_permission = has_permission
    site.login = login
    site.site_header = "bangfu"
    site.site_title = "bangfu"
