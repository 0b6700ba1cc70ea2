"""Assistance records (帮扶记录) of the six pathways, industry projects and period locks.

Every act of help is recorded once, with typed measures (money in yuan as Decimal with two
places, counts as integers), and counts only once the county office has confirmed it. The
database refuses negative or absurd amounts, more poor trainees than trainees, more poor
workers than jobs, and a kind that does not belong to its pathway.
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import BusinessModel
from bangfu.pairing.models import Pathway, own_or_county

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


class AssistanceStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("sent back")
    CONFIRMED = "confirmed", _("confirmed")
    SUPERSEDED = "superseded", _("superseded by a correction")


def new_record_no() -> str:
    return "A" + secrets.token_hex(5).upper()


class AssistanceQuerySet(models.QuerySet):
    def for_user(self, user):
        """Offices by county; a helper liaison its own helper's records only."""
        return own_or_county(self, user, helper_q=lambda h: Q(helper_id=h), county_field="county")

    def confirmed(self):
        """The records that count (统计口径: only confirmed records)."""
        return self.filter(status=AssistanceStatus.CONFIRMED)


def _money(verbose: str):
    return models.DecimalField(verbose, max_digits=14, decimal_places=2, default=Decimal("0"))


def _count(verbose: str):
    return models.PositiveIntegerField(verbose, default=0)


class Assistance(BusinessModel):
    """One act of help: what, when, by which helper, for which village and households."""

    number = models.CharField(
        _("record number"), max_length=12, unique=True, editable=False, default=new_record_no
    )
    on = models.DateField(_("date"), db_index=True)
    period = models.CharField(_("period"), max_length=6, editable=False, db_index=True)
    pairing = models.ForeignKey(
        "pairing.Pairing",
        verbose_name=_("pairing"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assistance",
    )
    helper = models.ForeignKey(
        "helpers.Helper", verbose_name=_("helper"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        "places.Division",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="assistance",
        limit_choices_to={"level": "village"},
    )
    county = models.ForeignKey(
        "places.Division", on_delete=models.PROTECT, related_name="+", editable=False
    )
    township = models.ForeignKey(
        "places.Division", on_delete=models.PROTECT, related_name="+", editable=False
    )
    pathway = models.CharField(_("pathway"), max_length=12, choices=Pathway.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    description = models.TextField(_("what was done"))
    money_yuan = _money(_("money (yuan)"))
    goods_yuan = _money(_("value of goods (yuan)"))
    persons_trained = _count(_("persons trained"))
    poor_trained = _count(_("of them poor"))
    jobs = _count(_("jobs found"))
    poor_jobs = _count(_("of them for poor persons"))
    wages_yuan = _money(_("wages paid (yuan)"))
    investment_yuan = _money(_("investment (yuan)"))
    purchase_yuan = _money(_("purchases (yuan)"))
    loan_yuan = _money(_("loans (yuan)"))
    loan_rate = models.DecimalField(
        _("loan rate (% a year)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    volunteer_hours = _count(_("volunteer hours"))
    households_reached = _count(_("households reached"))
    beneficiaries = models.ManyToManyField(
        "registry.Household",
        verbose_name=_("beneficiary households"),
        through="Beneficiary",
        blank=True,
        related_name="assistance",
    )
    evidence = models.ManyToManyField("core.StoredFile", verbose_name=_("evidence"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AssistanceStatus.choices,
        default=AssistanceStatus.DRAFT,
        db_index=True,
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    submitted_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("note from the county office"), blank=True)

    objects = AssistanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("assistance record")
        verbose_name_plural = _("assistance records")
        ordering = ["-on", "-id"]
        indexes = [
            models.Index(fields=["status", "period", "county"]),
            models.Index(fields=["county", "status", "on"]),
            models.Index(fields=["helper", "status"]),
            # the distinct helpers of a date range read from the index alone (bench/statistics)
            models.Index(fields=["status", "on", "helper"]),
            models.Index(fields=["village", "status"]),
        ]
        constraints = [
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{f}__gte": 0, f"{f}__lte": MAX_YUAN}),
                    name=f"assistance_{f}_in_range",
                )
                for f in MONEY_FIELDS
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{f}__lte": MAX_COUNT}), name=f"assistance_{f}_in_range"
                )
                for f in COUNT_FIELDS
            ),
            models.CheckConstraint(
                condition=Q(poor_trained__lte=F("persons_trained")),
                name="assistance_poor_trained_within_trained",
            ),
            models.CheckConstraint(
                condition=Q(poor_jobs__lte=F("jobs")), name="assistance_poor_jobs_within_jobs"
            ),
            models.CheckConstraint(
                condition=Q(loan_rate__isnull=True) | Q(loan_rate__gte=0, loan_rate__lte=36),
                name="assistance_loan_rate_in_range",
            ),
            models.CheckConstraint(
                condition=(
                    Q(pathway="charity", kind__in=KINDS_BY_PATHWAY["charity"])
                    | Q(pathway="technology", kind__in=KINDS_BY_PATHWAY["technology"])
                    | Q(pathway="employment", kind__in=KINDS_BY_PATHWAY["employment"])
                    | Q(pathway="industry", kind__in=KINDS_BY_PATHWAY["industry"])
                    | Q(pathway="commerce", kind__in=KINDS_BY_PATHWAY["commerce"])
                    | Q(pathway="other", kind__in=KINDS_BY_PATHWAY["other"])
                ),
                name="assistance_kind_of_its_pathway",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("assistance:detail", args=[self.number])

    @property
    def natural_key_value(self) -> str:
        return self.number

    @property
    def is_locked(self) -> bool:
        return self.status in (AssistanceStatus.CONFIRMED, AssistanceStatus.SUPERSEDED)

    def save(self, *args, **kwargs):
        from bangfu.core.periods import period_of

        self.county_id = self.village.county_id
        self.township_id = self.village.parent_id
        self.period = period_of(self.on).code
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "county", "township", "period"}
        super().save(*args, **kwargs)


class Beneficiary(models.Model):
    """A registered household reached by a record (受益户)."""

    assistance = models.ForeignKey(Assistance, on_delete=models.CASCADE)
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assistance", "household"], name="one_beneficiary_row_per_household"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assistance_id}:{self.household_id}"


class PeriodLock(BusinessModel):
    """A county's half-year closed for changes once its filing was accepted (reporting)."""

    county = models.ForeignKey(
        "places.Division", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("period"), max_length=6)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("period lock")
        verbose_name_plural = _("period locks")
        constraints = [
            models.UniqueConstraint(fields=["county", "period"], name="one_lock_per_county_period")
        ]

    def __str__(self) -> str:
        return f"{self.county} {self.period}"


class Project(BusinessModel):
    """An industry project with targets (产业项目), e.g. the forage-grass project of the seed."""

    programme = models.ForeignKey(
        "places.Programme", verbose_name=_("programme"), on_delete=models.PROTECT
    )
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    target_area_mu = models.DecimalField(
        _("target area (mu)"), max_digits=12, decimal_places=2, default=0
    )
    target_livestock = models.PositiveIntegerField(_("target livestock (head)"), default=0)
    target_revenue_yuan = models.DecimalField(
        _("target profit (yuan)"), max_digits=16, decimal_places=2, default=0
    )

    class Meta:
        verbose_name = _("industry project")
        verbose_name_plural = _("industry projects")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("assistance:project", args=[self.code])


class ProjectProgressQuerySet(models.QuerySet):
    def for_user(self, user):
        return own_or_county(self, user, helper_q=lambda h: Q(pk__in=[]), county_field="county")


class ProjectProgress(BusinessModel):
    """What a project reached in one village (and optionally one household) in one period."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="progress"
    )
    period = models.CharField(_("period"), max_length=6)
    village = models.ForeignKey(
        "places.Division",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "village"},
    )
    county = models.ForeignKey(
        "places.Division", on_delete=models.PROTECT, related_name="+", editable=False
    )
    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    area_mu = models.DecimalField(
        _("area planted (mu)"), max_digits=12, decimal_places=2, default=0
    )
    livestock = models.PositiveIntegerField(_("livestock (head)"), default=0)
    revenue_yuan = models.DecimalField(
        _("profit (yuan)"), max_digits=14, decimal_places=2, default=0
    )

    objects = ProjectProgressQuerySet.as_manager()

    class Meta:
        verbose_name = _("project progress")
        verbose_name_plural = _("project progress")
        ordering = ["project", "period", "village"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "period", "village"],
                condition=Q(household__isnull=True),
                name="one_village_progress_per_period",
            ),
            models.UniqueConstraint(
                fields=["project", "period", "household"],
                condition=Q(household__isnull=False),
                name="one_household_progress_per_period",
            ),
            models.CheckConstraint(
                condition=Q(area_mu__gte=0, revenue_yuan__gte=0, revenue_yuan__lte=MAX_YUAN),
                name="project_progress_amounts_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.period} {self.village}"

    def save(self, *args, **kwargs):
        self.county_id = self.village.county_id
        super().save(*args, **kwargs)
