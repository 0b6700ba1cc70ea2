"""`{% village_pairings_panel %}` and `{% helper_pairings_panel %}`: a village's or a helper's
pairings on the registry's and the helpers' pages, so those lower apps never import pairing."""

from django import template

from bangfu.pairing.selectors.coverage import coverage_gaps
from bangfu.pairing.selectors.pairings import (
    helper_pairings,
    village_pairings,
    village_slots,
    with_plan_summary,
)
from bangfu.pairing.services.rules import helper_load, may_manage

register = template.Library()


@register.inclusion_tag("pairing/_village_panel.html", takes_context=True)
def village_pairings_panel(context, profile):
    """The village's helpers, its free places and its periods without a helper."""
    user = context["request"].user
    village = profile.village
    return {
        "request": context["request"],
        "profile": profile,
        "pairings": with_plan_summary(village_pairings(user=user, village=village)),
        "slots": village_slots(village=village),
        "can_pair": may_manage(user, profile.county_id),
        "gaps": coverage_gaps(village=village),
    }


@register.inclusion_tag("pairing/_helper_panel.html", takes_context=True)
def helper_pairings_panel(context, helper):
    """The helper's villages and its open pairings against its declared capacity."""
    user = context["request"].user
    return {
        "request": context["request"],
        "helper": helper,
        "pairings": with_plan_summary(helper_pairings(user=user, helper=helper)),
        "load": helper_load(helper),
    }
