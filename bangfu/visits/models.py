"""Supervision visits (调研督导), their follow-ups (helpers' problems too), inspectors' counties.

The tables keep the names they had in the oversight app (`oversight_visit`, …)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import BusinessModel
from bangfu.pairing.models import own_or_county
from bangfu.places.models import scope_q

# --- supervision visits and follow-ups ---

# The plan's third step (督导跟进) ends on 20 October: the first round of visits of a year
# counts when it took place on or before this day of that year.
FIRST_ROUND_DEADLINE = (10, 20)  # (month, day)


def first_round_deadline(year: int) -> dt.date:
    return dt.date(year, *FIRST_ROUND_DEADLINE)


def _offices_only(qs, user, county_field: str):
    """Offices, the institute and inspectors by county; helper liaisons see none."""
    q = scope_q(user, county_field=county_field, helper_visible=False)
    return qs if q is None else qs.filter(q)


class VisitQuerySet(models.QuerySet):
    def for_user(self, user):
        return _offices_only(self, user, "county")


class Visit(BusinessModel):
    """A supervision visit (调研督导) to paired villages of one county: who went, what they
    found, the problems and difficulties; each problem is followed up as a `FollowUp`."""

    county = models.ForeignKey(
        "places.Division",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "county"},
    )
    visited_on = models.DateField(_("visited on"), db_index=True)
    villages = models.ManyToManyField(
        "places.Division", verbose_name=_("villages visited"), blank=True, related_name="+"
    )
    pairings = models.ManyToManyField(
        "pairing.Pairing", verbose_name=_("pairings visited"), blank=True, related_name="+"
    )
    participants = models.CharField(_("who went"), max_length=200)
    findings = models.TextField(_("findings"))
    problems = models.TextField(_("problems and difficulties found"), blank=True)
    files = models.ManyToManyField(
        "core.StoredFile", verbose_name=_("photos and files"), blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    objects = VisitQuerySet.as_manager()

    class Meta:
        db_table = "oversight_visit"
        verbose_name = _("supervision visit")
        verbose_name_plural = _("supervision visits")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["county", "visited_on"])]

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d} {self.county}"

    def get_absolute_url(self) -> str:
        return reverse("visits:visit", args=[self.pk])

    @property
    def before_deadline(self) -> bool:
        return self.visited_on <= first_round_deadline(self.visited_on.year)


class FollowUpQuerySet(models.QuerySet):
    def for_user(self, user):
        """Offices by county; a helper liaison the problems its own helper raised."""
        return own_or_county(
            self,
            user,
            helper_q=lambda h: Q(helper_id=h, source=FollowUp.Source.HELPER),
            county_field="county",
        )

    def open(self):
        return self.filter(state=FollowUp.State.OPEN)

    def overdue(self, today: dt.date):
        return self.filter(state=FollowUp.State.OPEN, due_on__lt=today)


class FollowUp(BusinessModel):
    """A problem to follow up until it is closed with a note: found on a supervision visit
    (source “visit”) or raised by a helper with its county office (帮扶主体反映的问题, source
    “helper”). Overdue: open and past its due date."""

    class Source(models.TextChoices):
        VISIT = "visit", _("supervision visit")
        HELPER = "helper", _("raised by a helper")

    class State(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    county = models.ForeignKey(
        "places.Division", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    visit = models.ForeignKey(
        Visit,
        verbose_name=_("supervision visit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    helper = models.ForeignKey(
        "helpers.Helper",
        verbose_name=_("helper"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    pairing = models.ForeignKey(
        "pairing.Pairing",
        verbose_name=_("pairing"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    village = models.ForeignKey(
        "places.Division",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    problem = models.CharField(_("problem"), max_length=200)
    details = models.TextField(_("details"), blank=True)
    raised_on = models.DateField(_("raised on"))
    raised_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    owner_name = models.CharField(_("owner"), max_length=100)
    owner = models.ForeignKey(
        "accounts.User",
        verbose_name=_("owner's account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("due on"), db_index=True)
    state = models.CharField(
        _("state"), max_length=8, choices=State.choices, default=State.OPEN, db_index=True
    )
    closing_note = models.TextField(_("closing note"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        db_table = "oversight_followup"
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["state", "due_on", "id"]
        indexes = [models.Index(fields=["county", "state", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("raised_on")), name="follow_up_due_after_raised"
            ),
            models.CheckConstraint(
                condition=(Q(state="open") & Q(closed_on__isnull=True))
                | (Q(state="closed") & Q(closed_on__isnull=False) & ~Q(closing_note="")),
                name="follow_up_closed_with_note",
            ),
            models.CheckConstraint(
                condition=(Q(source="visit") & Q(visit__isnull=False))
                | (Q(source="helper") & Q(helper__isnull=False)),
                name="follow_up_source_has_origin",
            ),
        ]

    def __str__(self) -> str:
        return self.problem

    def get_absolute_url(self) -> str:
        return reverse("visits:followup", args=[self.pk])

    def is_overdue(self, today: dt.date | None = None) -> bool:
        from django.utils import timezone

        today = today or timezone.localdate()
        return self.state == self.State.OPEN and self.due_on < today


# --- inspectors' assignments ---
# Read by `may_record_visit` (an inspector records visits in the counties assigned to them),
# set by the city office with the year's cross-check rotation (evaluation app).


class InspectorAssignment(BusinessModel):
    """An inspector (督导员) assigned to cross-check a county in a year: an inspector scores
    the cross-check of the counties assigned to them, and of no other."""

    programme = models.ForeignKey(
        "places.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    inspector = models.ForeignKey(
        "accounts.User",
        verbose_name=_("inspector"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"role": "inspector"},
    )
    county = models.ForeignKey(
        "places.Division", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        db_table = "oversight_inspectorassignment"
        verbose_name = _("inspector assignment")
        verbose_name_plural = _("inspector assignments")
        ordering = ["-year", "inspector__username", "county__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "inspector", "county"], name="one_inspector_assignment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.inspector} → {self.county}"
