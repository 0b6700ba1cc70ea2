from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from bangfu.accounts.roles import can
from bangfu.helpers.models import Helper
from bangfu.places import selectors as places
from bangfu.registry.selectors import registry_totals


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
        },
    )
