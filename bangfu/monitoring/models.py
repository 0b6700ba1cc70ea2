"""Relapse monitoring (防返贫监测): cases, their steps, measures and follow-up visits.

The tables keep the names they had in the registry app (`registry_monitoringcase`, …)."""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import BusinessModel
from bangfu.registry.models import Household, ScopedQuerySet

# ============================================================================================
# Relapse monitoring (防返贫监测)
# ============================================================================================
#
# A household at risk of (falling back into) poverty enters monitoring as a case
# (`MonitoringCase`), is identified through five dated and signed steps, receives measures
# and follow-up visits, and leaves monitoring when its risk is removed (风险消除). The rules
# (poverty lines, thresholds, time limits, monitoring periods) are in monitoring/rules.py.


class MonitoringGroup(models.TextChoices):
    """The three monitored groups of the national practice (监测对象)."""

    UNSTABLE = "unstable", _("unstable exited household")
    MARGINAL = "marginal", _("marginal household at risk")
    SUDDEN = "sudden", _("sudden severe difficulty")


class CaseSource(models.TextChoices):
    """How a household came to monitoring."""

    SELF_REPORT = "self_report", _("self-report by the household")
    VISIT = "visit", _("found on a cadre's visit")
    RULE = "rule", _("flagged by a rule on its data")


class CaseState(models.TextChoices):
    IDENTIFYING = "identifying", _("being identified")
    IDENTIFIED = "identified", _("identified, monitored")
    REMOVED = "removed", _("risk removed")
    DISMISSED = "dismissed", _("not included")


class Step(models.TextChoices):
    """The identification steps, in their required order (识别认定程序)."""

    HOME_VISIT = "home_visit", _("home visit")
    DATA_CHECK = "data_check", _("data comparison")
    PUBLIC_NOTICE = "public_notice", _("village review and public notice")
    TOWNSHIP_REVIEW = "township_review", _("township review")
    COUNTY_APPROVAL = "county_approval", _("county approval")


STEP_ORDER: tuple[str, ...] = tuple(Step.values)
OPEN_STATES = (CaseState.IDENTIFYING, CaseState.IDENTIFIED)


def new_case_number() -> str:
    """An opaque public case number for URLs."""
    return "M" + secrets.token_hex(5).upper()


class MonitoringQuerySet(ScopedQuerySet):
    """Cases and their rows carry personal data: never for helper liaisons."""

    helper_visible = False


class MonitoringCase(BusinessModel):
    """One household's relapse-monitoring case (监测对象): opened, identified through five
    steps, helped, followed up, and closed by risk removal (or not included)."""

    number = models.CharField(
        _("case number"), max_length=12, unique=True, editable=False, default=new_case_number
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="monitoring_cases",
    )
    county = models.ForeignKey(
        "places.Division",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    group = models.CharField(_("monitored group"), max_length=12, choices=MonitoringGroup.choices)
    source = models.CharField(_("source"), max_length=12, choices=CaseSource.choices)
    reason = models.TextField(_("risk found"))
    opened_on = models.DateField(_("opened on"))
    opened_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=CaseState.choices,
        default=CaseState.IDENTIFYING,
        db_index=True,
    )
    # the next identification step and its due date, kept by the services (overdue filter)
    next_step = models.CharField(
        _("next step"), max_length=16, choices=Step.choices, blank=True, default=Step.HOME_VISIT
    )
    next_due = models.DateField(_("next step due"), null=True, blank=True, db_index=True)
    identified_on = models.DateField(_("identified on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    closed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = MonitoringQuerySet.as_manager()

    class Meta:
        db_table = "registry_monitoringcase"
        verbose_name = _("monitoring case")
        verbose_name_plural = _("monitoring cases")
        ordering = ["-opened_on", "-id"]
        indexes = [models.Index(fields=["county", "state", "next_due"])]
        constraints = [
            # one open case per household, under concurrency too
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(state__in=["identifying", "identified"]),
                name="one_open_monitoring_case",
            ),
            models.CheckConstraint(
                condition=Q(identified_on__isnull=True) | Q(identified_on__gte=F("opened_on")),
                name="case_identified_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.household}"

    @property
    def natural_key_value(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("monitoring:case", args=[self.number])

    def save(self, *args, **kwargs):
        self.county_id = self.household.county_id
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "county"}
        super().save(*args, **kwargs)


class MonitoringStep(BusinessModel):
    """One identification step of a case, dated and signed; at most one of each kind.

    The public notice step carries the notice's first and last day (村级评议公示, at least
    5 days counted inclusively)."""

    case = models.ForeignKey(MonitoringCase, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("step"), max_length=16, choices=Step.choices)
    done_on = models.DateField(_("date"))
    passed = models.BooleanField(_("confirmed"), default=True)
    notes = models.TextField(_("findings"), blank=True)
    notice_start = models.DateField(_("notice from"), null=True, blank=True)
    notice_end = models.DateField(_("notice until"), null=True, blank=True)
    signed_name = models.CharField(_("signed by"), max_length=64)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        db_table = "registry_monitoringstep"
        verbose_name = _("identification step")
        verbose_name_plural = _("identification steps")
        ordering = ["case", "done_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "step"], name="one_step_of_each_kind"),
            models.CheckConstraint(
                condition=Q(notice_start__isnull=True) | Q(notice_end__gte=F("notice_start")),
                name="public_notice_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.done_on}"


class MonitoringMeasure(BusinessModel):
    """An assistance measure for an identified case (帮扶措施), optionally linked to a
    recorded act of assistance."""

    class Kind(models.TextChoices):
        INDUSTRY = "industry", _("industry support")
        EMPLOYMENT = "employment", _("employment support")
        HEALTH = "health", _("medical insurance and aid")
        EDUCATION = "education", _("education aid")
        SOCIAL = "social", _("minimum living allowance and social aid")
        HOUSING = "housing", _("housing safety")
        OTHER = "other", _("other")

    case = models.ForeignKey(MonitoringCase, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    description = models.TextField(_("measure"))
    started_on = models.DateField(_("from"))
    assistance = models.ForeignKey(
        "assistance.Assistance",
        verbose_name=_("assistance record"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        db_table = "registry_monitoringmeasure"
        verbose_name = _("monitoring measure")
        verbose_name_plural = _("monitoring measures")
        ordering = ["case", "started_on", "id"]

    def __str__(self) -> str:
        return self.description[:40]


class MonitoringVisit(BusinessModel):
    """A follow-up visit of an identified case (跟踪回访), with the income figure found."""

    case = models.ForeignKey(MonitoringCase, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("visited on"))
    visitor = models.CharField(_("visited by"), max_length=64)
    notes = models.TextField(_("notes"), blank=True)
    per_capita_income = models.DecimalField(
        _("per-capita income, annualised (yuan)"), max_digits=12, decimal_places=2
    )
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        db_table = "registry_monitoringvisit"
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["case", "visited_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(per_capita_income__gte=0), name="visit_income_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.visited_on}: {self.per_capita_income}"
