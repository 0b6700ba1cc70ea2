"""Assistance records (帮扶记录), their beneficiary households, and locked half-years.

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

from .kinds import (
    COUNT_FIELDS,
    KINDS_BY_PATHWAY,
    MAX_COUNT,
    MAX_YUAN,
    MONEY_FIELDS,
    AssistanceStatus,
    Kind,
)


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
    # Set by the training roster (services.roster): persons_trained and poor_trained are then
    # counts of the trainees' names and cannot be typed (docs/DECISIONS.md, issue 18).
    trained_from_roster = models.BooleanField(
        _("persons trained drawn from the training roster"), default=False, editable=False
    )
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
        if self.status in (AssistanceStatus.CONFIRMED, AssistanceStatus.SUPERSEDED):
            # a counted record changed: the county's frozen figures from its period on no
            # longer equal the records (services.snapshots writes them again on acceptance)
            from .snapshots import PeriodFigures

            PeriodFigures.objects.filter(county_id=self.county_id, period__gte=self.period).delete()


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
