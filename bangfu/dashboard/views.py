from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from bangfu.accounts.roles import can
from bangfu.helpers.models import Helper
from bangfu.places import selectors as places
from bangfu.registry.selectors import registry_totals


def _coverage(user):
    from bangfu.pairing import selectors as pairing

    if user.role == "helper":
        return None
    return pairing.coverage_totals(pairing.coverage_by_county(user=user))


@require_GET
@login_required
def home(request):
    """The start page: the user's scope in figures; non-business roles go to their tool."""
    user = request.user
    if not can(user, "business.read"):
        if can(user, "audit.read"):
            return redirect("accounts:audit")
        if can(user, "accounts.manage"):
            return redirect("accounts:users")
        return render(request, "dashboard/no_role.html", status=403)
    return render(
        request,
        "dashboard/home.html",
        {
            "totals": places.scope_totals(user=user),
            "registry": registry_totals(user=user),
            "helpers": Helper.objects.for_user(user).count(),
            "counties": places.division_tree_roots(user=user),
            "coverage": _coverage(user),
        },
    )


@require_GET
@login_required
def notifications(request):
    """The user's in-app notifications, newest first (站内通知)."""
    from django.core.paginator import Paginator

    from bangfu.core.models import Notification

    qs = Notification.objects.filter(recipient=request.user)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "dashboard/notifications.html", {"page": page, "query": ""})


@require_POST
@login_required
def notifications_read(request):
    """Mark all of the user's notifications read."""
    from django.utils import timezone

    from bangfu.core.models import Notification

    Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("dashboard:notifications")
