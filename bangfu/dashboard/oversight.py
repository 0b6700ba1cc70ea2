"""The oversight overview page: visits, follow-ups, helpers' problems, loans, receipts, tax
benefits, evaluation.

Overdue follow-ups come first; the link to the annual evaluation is the offices'.
"""

from __future__ import annotations

from django.db.models import Count, Sum
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from bangfu.accounts.decorators import capability_required
from bangfu.accounts.roles import can
from bangfu.support import selectors as support
from bangfu.visits import selectors as visits
from bangfu.visits.models import FollowUp, Visit, first_round_deadline
from bangfu.visits.permissions import may_read_oversight


def _evaluation_url() -> str:
    return reverse("evaluation:evaluations")


@require_GET
@capability_required("business.read")
def index(request):
    user = request.user
    today = timezone.localdate()
    office = may_read_oversight(user)
    context = {
        "office": office,
        "evaluation_url": _evaluation_url() if office else None,
        "problems": visits.follow_up_list_for_user(
            user=user, filters={"source": FollowUp.Source.HELPER, "state": "open"}
        ).count(),
        "loans": support.loan_list_for_user(user=user).aggregate(
            n=Count("id"), total=Sum("amount_yuan")
        ),
        "receipts": support.receipt_list_for_user(user=user, filters={"valid": True}).count(),
        "benefits": support.tax_benefit_totals(user=user),
        "can_raise": user.role == "helper" and user.helper_id is not None,
    }
    if office:
        this_year = Visit.objects.for_user(user).filter(visited_on__year=today.year)
        overdue = visits.overdue_for_user(user=user, today=today)
        context.update(
            visits_this_year=this_year.count(),
            deadline=first_round_deadline(today.year),
            first_round=visits.first_round(user=user, years=[today.year]),
            open_follow_ups=visits.follow_up_list_for_user(
                user=user, filters={"state": "open"}
            ).count(),
            overdue_count=overdue.count(),
            overdue=list(overdue[:10]),
            can_record=can(user, "oversight.visit"),
        )
    return render(request, "dashboard/oversight.html", context)
