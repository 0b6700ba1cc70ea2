"""`{% monitoring_panel household %}`: the household's monitoring cases on its page, with
the button that opens a new case for the county office of the household's county."""

from django import template

from bangfu.monitoring import services as monitoring

register = template.Library()


@register.inclusion_tag("monitoring/household_panel.html", takes_context=True)
def monitoring_panel(context, household):
    user = context["request"].user
    cases = list(monitoring.household_cases(household=household)[:20])
    has_open = any(c.state in ("identifying", "identified") for c in cases)
    return {
        "household": household,
        "cases": cases,
        "can_open": monitoring.may_manage(user, household.county_id) and not has_open,
    }
