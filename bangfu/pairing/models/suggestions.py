"""Pairing suggestions: the fit weights, the runs of the solver, their pairs, opened villages.

A run (`SuggestionRun`) solves the assignment for a county or the whole programme in the
background and keeps its summary (coverage before and after, greedy's figures beside it);
each suggested pair (`Suggestion`) carries its score and reasons and is accepted (it became a
proposed pairing) or rejected with a reason — a rejected pair is left out of later runs.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import BusinessModel
from bangfu.places.models import scope_q


class FitWeights(BusinessModel):
    """The points of each part of the fit, set by the city office (one row; defaults in
    docs/OPERATIONS.md)."""

    industry = models.PositiveSmallIntegerField(_("points per matching industry word"), default=12)
    need = models.PositiveSmallIntegerField(
        _("points per poverty cause the helper answers"), default=8
    )
    same_county = models.PositiveSmallIntegerField(_("points for the same county"), default=15)
    same_township = models.PositiveSmallIntegerField(_("points for the same township"), default=10)
    track_record = models.PositiveSmallIntegerField(
        _("points per earlier pairing that ended well"), default=5
    )
    room = models.PositiveSmallIntegerField(_("points per village of spare capacity"), default=2)

    class Meta:
        verbose_name = _("fit weights")
        verbose_name_plural = _("fit weights")

    FIELDS = ("industry", "need", "same_county", "same_township", "track_record", "room")

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.FIELDS}


class SuggestionRunQuerySet(models.QuerySet):
    def for_user(self, user):
        """The city office and the institute see every run; a county office its county's."""
        q = scope_q(user, county_field="county", helper_visible=False)
        return self if q is None else self.filter(q)


class SuggestionRun(BusinessModel):
    """One run of the solver: who asked, for which county, its progress and its summary."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    county = models.ForeignKey(
        "places.Division",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    widened = models.BooleanField(_("beyond the region pairings"), default=False)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    percent = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=60, blank=True)
    message = models.TextField(blank=True)
    summary = models.JSONField(default=dict, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = SuggestionRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("suggestion run")
        verbose_name_plural = _("suggestion runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return str(self.public_id)

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class SuggestionQuerySet(models.QuerySet):
    def for_user(self, user):
        q = scope_q(user, county_field="county", helper_visible=False)
        return self if q is None else self.filter(q)


class Suggestion(BusinessModel):
    """A suggested pair of a run: helper, village, the focus it would bring, score, reasons."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    run = models.ForeignKey(SuggestionRun, on_delete=models.CASCADE, related_name="suggestions")
    helper = models.ForeignKey(
        "helpers.Helper", verbose_name=_("helper"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        "places.Division", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        "places.Division", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    focus = models.CharField(_("focus"), max_length=100, blank=True)
    score = models.PositiveSmallIntegerField(_("fit"))
    reasons = models.JSONField(_("reasons"), default=list)
    first_helper = models.BooleanField(_("first helper of the village"), default=False)
    in_greedy = models.BooleanField(_("greedy chose it too"), default=False)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)
    reject_reason = models.TextField(_("reason for rejecting"), blank=True)
    pairing = models.ForeignKey(
        "pairing.Pairing", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-first_helper", "county__code", "village__code", "-score", "id"]
        indexes = [models.Index(fields=["helper", "village", "state"])]

    def __str__(self) -> str:
        return f"{self.helper} → {self.village}"

    @property
    def reasons_text(self) -> str:
        return "；".join(self.reasons)


class VillageOpening(BusinessModel):
    """A village the county office opens for suggestions although it is not (or no longer) a
    registered poor village; the reason becomes the pairing's eligibility reason."""

    village = models.OneToOneField(
        "places.Division", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        "places.Division", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    opened_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("village opened for suggestions")
        verbose_name_plural = _("villages opened for suggestions")

    def __str__(self) -> str:
        return str(self.village)
