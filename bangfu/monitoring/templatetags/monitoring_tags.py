"""`{% monitoring_panel household %}`: the household's monitoring cases, on its page.

With the button that opens a new case, for the county office of the household's county."""

from django import template

from bangfu.monitoring.rules import may_manage
from bangfu.monitoring.selectors import household_cases

register = template.Library()


@register.inclusion_tag("monitoring/household_panel.html", takes_context=True)
def monitoring_panel(context, household):
    user = context["request"].user
    cases = list(household_cases(household=household)[:20])
    has_open = any(c.state in ("identifying", "identified") for c in cases)
    return {
        "household": household,
        "cases": cases,
        "can_open": may_manage(user, household.county_id) and not has_open,
    }
