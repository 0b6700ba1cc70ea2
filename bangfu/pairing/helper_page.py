"""The pairing app's section of a helper's page: the villages it is paired with, and its load."""

from . import selectors
from .services import helper_load


def villages_section(*, request, helper) -> tuple[str, dict]:
    return "pairing/_helper_villages.html", {
        "pairings": selectors.with_plan_summary(
            selectors.helper_pairings(user=request.user, helper=helper)
        ),
        "load": helper_load(helper),
    }
