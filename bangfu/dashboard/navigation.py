"""The site's navigation: every part of the programme a role may open (a context processor)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangfu.accounts.roles import can
from bangfu.core.notifications import unread_count

# (label, url name or None while the part is not yet open, path prefix, capability)
SECTIONS = [
    (_("Home"), "dashboard:home", "/", "business.read"),
    (_("Places"), "places:index", "/places/", "business.read"),
    (_("Villages"), "registry:villages", "/registry/villages/", "business.read"),
    (_("Households"), "registry:households", "/registry/households/", "personal.read"),
    (_("Monitoring"), "monitoring:cases", "/registry/monitoring/", "personal.read"),
    (_("Helpers"), "helpers:list", "/helpers/", "business.read"),
    (_("Pairings"), "pairing:list", "/pairings/", "business.read"),
    (_("Assistance"), "assistance:list", "/assistance/", "business.read"),
    (_("Reporting"), "reporting:index", "/reporting/", "reporting.read"),
    (_("Oversight"), "dashboard:oversight", "/oversight/", "business.read"),
    (_("Dashboard"), "dashboard:overview", "/dashboard/", "business.read"),
    (_("Audit trail"), "accounts:audit", "/accounts/audit/", "audit.read"),
    (_("Accounts"), "accounts:users", "/accounts/users/", "accounts.read"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if (
        user is None
        or not user.is_authenticated
        or getattr(request, "second_factor_pending", False)
    ):
        return {"nav_sections": []}
    items = []
    path = request.path
    for label, url_name, prefix, capability in SECTIONS:
        if not can(user, capability):
            continue
        url = reverse(url_name) if url_name else None
        active = path == "/" if prefix == "/" else path.startswith(prefix)
        items.append({"label": label, "url": url, "active": active and url is not None})
    return {"nav_sections": items, "unread_notifications": unread_count(user)}
