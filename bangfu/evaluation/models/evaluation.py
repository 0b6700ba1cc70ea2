"""A county's annual evaluation (年度考评) and its three checks: score sheets and scores.

The tables keep the names they had in the oversight app (`oversight_evaluation`, …)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import BusinessModel
from bangfu.evaluation.models.checklist import Checklist, ChecklistItem
from bangfu.evaluation.models.cross_checks import CrossCheckAssignment

# Scores carry one decimal place (7.5 of 10 points).
SCORE_DIGITS = {"max_digits": 5, "decimal_places": 1}


class EvaluationQuerySet(models.QuerySet):
    def for_user(self, user):
        """Programme-wide roles all; a county office its own county's evaluation and those it
        cross-checks by the rotation; helper liaisons, the auditor and the admin none."""
        from bangfu.accounts.roles import PROGRAMME_WIDE, Role, can

        if not can(user, "business.read") or user.role == Role.HELPER:
            return self.none()
        if user.role in PROGRAMME_WIDE:
            return self
        if user.role == Role.COUNTY:
            checks = CrossCheckAssignment.objects.filter(
                programme_id=models.OuterRef("checklist__programme_id"),
                year=models.OuterRef("checklist__year"),
                checker_id=user.county_id,
                checked_id=models.OuterRef("county_id"),
            )
            return self.filter(Q(county_id=user.county_id) | Q(models.Exists(checks)))
        return self.none()


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("excellent")
    GOOD = "good", _("good")
    PASS = "pass", _("pass")
    FAIL = "fail", _("fail")


class Evaluation(BusinessModel):
    """One county's annual evaluation (考评) against the year's checklist. The final score,
    rank and grade are set when the city office finalises the year (services/outcome.py)."""

    checklist = models.ForeignKey(
        Checklist,
        verbose_name=_("checklist"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    county = models.ForeignKey(
        "places.Division",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "county"},
    )
    final_score = models.DecimalField(_("final score"), null=True, blank=True, **SCORE_DIGITS)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices, blank=True)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        db_table = "oversight_evaluation"
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["checklist", "rank", "county__code"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "county"], name="one_evaluation_per_year"),
            models.CheckConstraint(
                condition=Q(final_score__isnull=True) | Q(final_score__gte=0),
                name="evaluation_final_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.checklist.year} {self.county}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:evaluation", args=[self.pk])

    @property
    def year(self) -> int:
        return self.checklist.year

    @property
    def is_final(self) -> bool:
        return self.finalised_at is not None


class SheetKind(models.TextChoices):
    SELF = "self", _("self-check")
    SPOT = "spot", _("spot check")
    CROSS = "cross", _("cross-check")


class ScoreSheet(BusinessModel):
    """One of the three checks of an evaluation: every checklist item scored with a note.
    Draft while being filled in; submitted (and then read-only) once every item is scored."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="sheets"
    )
    kind = models.CharField(_("check"), max_length=8, choices=SheetKind.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    checker_county = models.ForeignKey(
        "places.Division",
        verbose_name=_("checking county"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    total = models.DecimalField(_("total"), null=True, blank=True, **SCORE_DIGITS)
    note = models.TextField(_("overall note"), blank=True)
    scored_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        db_table = "oversight_scoresheet"
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["evaluation", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "kind"], name="one_sheet_per_check"),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(submitted_at__isnull=False, total__isnull=False),
                name="sheet_submitted_has_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation} {self.get_kind_display()}"


class Score(BusinessModel):
    """The score of one checklist item in one check: between 0 and the item's points (the
    upper bound is the service's and `clean()`'s rule: it reads the item)."""

    sheet = models.ForeignKey(
        ScoreSheet, verbose_name=_("score sheet"), on_delete=models.CASCADE, related_name="scores"
    )
    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("checklist item"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField(_("score"), **SCORE_DIGITS)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        db_table = "oversight_score"
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["sheet", "item__order", "item_id"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "item"], name="one_score_per_item"),
            models.CheckConstraint(condition=Q(score__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.score}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.score is not None and self.item_id and self.score > self.item.points:
            raise ValidationError(
                {"score": _("At most %(points)d points.") % {"points": self.item.points}}
            )
