"""The start page, one's notifications, the dashboard and a county's township table."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from bangfu.accounts.decorators import capability_required
from bangfu.accounts.roles import PROGRAMME_WIDE, can
from bangfu.core.replica import replica_reads_view
from bangfu.helpers.models import Helper
from bangfu.places import selectors as places
from bangfu.registry.selectors import registry_totals

from . import breakdown, filtering, queues, selectors


def _coverage(user):
    from bangfu.pairing.selectors import coverage as pairing

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
        if can(user, "accounts.read"):
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
            "reporting_todo": _reporting_todo(user),
            "review_queue": queues.review_queue(user),
            "confirmation_queue": queues.confirmation_queue(user),
            "liaison": queues.liaison_start(user),
            "tech_help": _tech_help(user),
        },
    )


def _tech_help(user) -> dict | None:
    """Tech-help households reached so far against the plan (the institute's figure)."""
    if not can(user, "personal.read"):
        return None
    from bangfu.institute import indicators

    figures = indicators.figures(user=user)
    return {**figures, "link": indicators.households_link()}


def _reporting_todo(user) -> list:
    """What a county office owes next in the reporting calendar (empty for other roles)."""
    if not can(user, "reporting.submit"):
        return []
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from bangfu.places.programme import current_programme
    from bangfu.reporting.selectors import todo

    try:
        programme = current_programme()
    except ValidationError:
        return []
    today = timezone.localdate()
    return [(s, s.status_on(today)) for s in todo(user=user, programme=programme, today=today)]


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


@require_GET
@capability_required("business.read")
@replica_reads_view
def overview(request):
    """The dashboard (数据看板): the indicators of the user's scope for a half-year (default:
    the latest closed one) or for all periods, with charts and the map of the counties."""
    user = request.user
    context = {
        "period_choices": filtering.period_choices(),
        "counties": (
            places.division_list_for_user(user=user, level="county").order_by("code")
            if user.role in PROGRAMME_WIDE
            else None
        ),
        "columns": breakdown.columns(),
        "summary_columns": breakdown.columns(breakdown.SUMMARY),
    }
    try:
        page = selectors.page(
            user=user, period=request.GET.get("period"), county=request.GET.get("county")
        )
    except ValueError as exc:
        context.update(error=str(exc), period_value=filtering.parse_dashboard_period("").code)
        return render(request, "dashboard/overview.html", context, status=400)
    filters, ov = page.filters, page.ov
    in_county = filters.county is not None
    context.update(
        filters=filters,
        period_value=filters.period_code,
        ov=ov,
        data=page.data,
        scope_label=filtering.scope_label(filters),
        period_label=filtering.period_label(filters),
        show_coverage=ov.coverage is not None,
        county=filters.county,
        county_total=breakdown.UnitRow(filters.county, ov.figures, ov.coverage)
        if in_county
        else None,
        township_rows=ov.units if in_county else None,
        tech=page.tech,
    )
    return render(request, "dashboard/overview.html", context)


@require_GET
@capability_required("business.read")
@replica_reads_view
def county(request, code: str):
    """A county's townships with their figures and coverage (the map's drill-down, a partial
    for htmx). Out of the user's scope: 404."""
    try:
        filters, total, rows = selectors.county_page(
            user=request.user, period=request.GET.get("period"), county=code
        )
    except ValueError as exc:
        return render(request, "dashboard/_townships.html", {"error": str(exc)}, status=400)
    return render(
        request,
        "dashboard/_townships.html",
        {
            "county": filters.county,
            "filters": filters,
            "columns": breakdown.columns(),
            "show_coverage": total.coverage is not None,
            "county_total": total,
            "township_rows": rows,
            "period_label": filtering.period_label(filters),
        },
    )
