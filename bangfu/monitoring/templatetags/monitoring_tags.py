"""`{% monitoring_panel household %}`: the household's monitoring cases and rigid expenses.

On its page, with the buttons that open a new case and add or correct an expense, for the
county office of the household's county."""

from django import template

from bangfu.monitoring.rules import may_manage
from bangfu.monitoring.selectors import household_cases, household_expenses

register = template.Library()


@register.inclusion_tag("monitoring/household_panel.html", takes_context=True)
def monitoring_panel(context, household):
    user = context["request"].user
    cases = list(household_cases(household=household)[:20])
    has_open = any(c.state in ("identifying", "identified") for c in cases)
    manage = may_manage(user, household.county_id)
    return {
        "household": household,
        "cases": cases,
        "expenses": list(household_expenses(household=household)),
        "can_open": manage and not has_open,
        "can_manage": manage,
    }
