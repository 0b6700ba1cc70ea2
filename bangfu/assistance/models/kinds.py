"""What a record says: the kinds of help by pathway, its measures and their limits, statuses."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from bangfu.pairing.models import Pathway

# The largest single amount a record may carry: 1 billion yuan (10亿元). The whole programme's
# lead project expects 210 million yuan; anything above this is a typing error.
MAX_YUAN = Decimal("1000000000")
MAX_COUNT = 1_000_000  # persons, jobs, hours, households in one record


class Kind(models.TextChoices):
    """The kinds of help within each pathway (seed §三)."""

    MONEY_DONATION = "money_donation", _("money donation")
    GOODS_DONATION = "goods_donation", _("goods donation")
    SCHOOLING = "schooling", _("help with schooling")
    ELDERLY = "elderly", _("help for the elderly")
    DISABLED = "disabled", _("help for the disabled")
    MEDICAL = "medical", _("medical help")
    TRAINING = "training", _("training")
    JOBS = "jobs", _("jobs")
    INVESTMENT = "investment", _("investment")
    NEW_BUSINESS = "new_business", _("new business")
    PURCHASE = "purchase", _("purchase")
    CONSIGNMENT = "consignment", _("consignment sale")
    PROCESSING = "processing", _("contract processing")
    DIRECT_CHANNEL = "direct_channel", _("farm-to-business direct channel")
    PPP = "ppp", _("public-private partnership")
    COOPERATIVE = "cooperative", _("co-operative")
    ENTREPRENEUR = "entrepreneur", _("support to a local entrepreneur")
    STATIONED_STAFF = "stationed_staff", _("staff stationed in the village")
    ECOMMERCE = "ecommerce", _("e-commerce")
    VOLUNTEERS = "volunteers", _("volunteers")
    LOAN = "loan", _("loan")
    FUND = "fund", _("assistance fund")


KINDS_BY_PATHWAY: dict[str, tuple[str, ...]] = {
    Pathway.CHARITY: (
        "money_donation",
        "goods_donation",
        "schooling",
        "elderly",
        "disabled",
        "medical",
    ),
    Pathway.TECHNOLOGY: ("training",),
    Pathway.EMPLOYMENT: ("jobs", "training"),
    Pathway.INDUSTRY: ("investment", "new_business"),
    Pathway.COMMERCE: ("purchase", "consignment", "processing", "direct_channel"),
    Pathway.OTHER: (
        "ppp",
        "cooperative",
        "entrepreneur",
        "stationed_staff",
        "ecommerce",
        "volunteers",
        "loan",
        "fund",
    ),
}

MONEY_FIELDS = (
    "money_yuan",
    "goods_yuan",
    "wages_yuan",
    "investment_yuan",
    "purchase_yuan",
    "loan_yuan",
)
COUNT_FIELDS = (
    "persons_trained",
    "poor_trained",
    "jobs",
    "poor_jobs",
    "volunteer_hours",
    "households_reached",
)


# Every measure a record carries: the amounts, the counts and the loan rate.
MEASURE_FIELDS = (*MONEY_FIELDS, *COUNT_FIELDS, "loan_rate")


class AssistanceStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("sent back")
    CONFIRMED = "confirmed", _("confirmed")
    SUPERSEDED = "superseded", _("superseded by a correction")
