"""The annual evaluation (年度考评): checklist, checks, scores, rotation, notices.

The tables keep the names they had in the oversight app (`oversight_evaluation`, …)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import BusinessModel

# Scores carry one decimal place (7.5 of 10 points).
SCORE_DIGITS = {"max_digits": 5, "decimal_places": 1}


class ItemGroup(models.TextChoices):
    """The plan's three self-check questions (自查: 是否健全组织、配备人员，是否按要求签订帮扶协议、
    落实帮扶项目，是否完善资料、做好统计) and a group for the city office's own additions."""

    ORGANISATION = "organisation", _("organisation and staff")
    AGREEMENTS = "agreements", _("agreements and projects")
    MATERIALS = "materials", _("materials and statistics")
    OTHER = "other", _("other")


class EvidenceKey(models.TextChoices):
    """The figures bangfu fills in from its own data (oversight/evidence.py)."""

    ROSTER = "roster", _("leading group roster with a liaison")
    AGREEMENTS = "agreements", _("pairings with a signed agreement")
    PLAN_ITEMS = "plan_items", _("plan items due in the year that are done")
    SUBMISSIONS = "submissions", _("reports submitted on time")
    ASSISTANCE = "assistance", _("assistance records confirmed")
    VISITS = "visits", _("supervision visits in the year")


class ChecklistQuerySet(models.QuerySet):
    def for_user(self, user):
        """The checklist is the programme's: every office reads it; helpers do not."""
        from bangfu.accounts.roles import Role, can

        if not can(user, "business.read") or user.role == Role.HELPER:
            return self.none()
        return self


class Checklist(BusinessModel):
    """The evaluation checklist (考评内容) of one programme and year, set by the city office."""

    programme = models.ForeignKey(
        "places.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    note = models.TextField(_("note"), blank=True)

    objects = ChecklistQuerySet.as_manager()

    class Meta:
        db_table = "oversight_checklist"
        verbose_name = _("evaluation checklist")
        verbose_name_plural = _("evaluation checklists")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="one_checklist_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:checklist", args=[self.year])


class ChecklistItem(BusinessModel):
    """One line of the checklist: what is checked, its points (the most it can score), its
    group, and optionally the figure bangfu fills in as evidence."""

    checklist = models.ForeignKey(
        Checklist, verbose_name=_("checklist"), on_delete=models.CASCADE, related_name="items"
    )
    group = models.CharField(_("group"), max_length=16, choices=ItemGroup.choices)
    title = models.CharField(_("item"), max_length=200)
    points = models.PositiveSmallIntegerField(_("points"))
    evidence_key = models.CharField(
        _("evidence from bangfu"), max_length=16, choices=EvidenceKey.choices, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        db_table = "oversight_checklistitem"
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(points__gt=0, points__lte=100), name="checklist_item_points_1_to_100"
            )
        ]

    def __str__(self) -> str:
        return self.title


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
    rank and grade are set when the city office finalises the year (evaluation.py)."""

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


class CrossCheckAssignment(BusinessModel):
    """Who cross-checks whom in a year (轮换交叉检查): proposed by the rotation
    (oversight/rotation.py), adjustable by the city office. A county never checks itself
    (a database rule) and is checked by exactly one county a year."""

    programme = models.ForeignKey(
        "places.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    checker = models.ForeignKey(
        "places.Division",
        verbose_name=_("checking county"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    checked = models.ForeignKey(
        "places.Division",
        verbose_name=_("checked county"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    adjusted = models.BooleanField(_("adjusted by the city office"), default=False)
    reason = models.CharField(_("reason for the adjustment"), max_length=200, blank=True)

    class Meta:
        db_table = "oversight_crosscheckassignment"
        verbose_name = _("cross-check assignment")
        verbose_name_plural = _("cross-check assignments")
        ordering = ["-year", "checked__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "checked"], name="checked_once_a_year"
            ),
            models.CheckConstraint(
                condition=~Q(checker=F("checked")), name="no_county_checks_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.checker} → {self.checked}"


class NoticeQuerySet(models.QuerySet):
    def for_user(self, user):
        """Issued notices are circulated to every office; drafts only to the city office."""
        from bangfu.accounts.roles import Role, can

        if not can(user, "business.read") or user.role == Role.HELPER:
            return self.none()
        if can(user, "evaluation.manage"):
            return self
        return self.filter(issued_on__isnull=False)


class Notice(BusinessModel):
    """A commendation (表彰通报) or a criticism notice (通报批评), an outcome of the year's
    evaluation: a draft while its entries are listed, then issued (and read-only)."""

    class Kind(models.TextChoices):
        COMMENDATION = "commendation", _("commendation")
        CRITICISM = "criticism", _("criticism")

    programme = models.ForeignKey(
        "places.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year evaluated"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    number = models.CharField(_("document number"), max_length=40, blank=True)
    subject = models.CharField(_("about"), max_length=100)
    intro = models.TextField(_("introduction"), blank=True)
    issuer = models.CharField(_("issuing office"), max_length=100)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    objects = NoticeQuerySet.as_manager()

    class Meta:
        db_table = "oversight_notice"
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-year", "kind", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("evaluation:notice", args=[self.pk])

    @property
    def title(self) -> str:
        """关于……的表彰通报 / 关于……的通报批评 (always Chinese: an official document)."""
        if self.kind == self.Kind.CRITICISM:
            return f"关于{self.subject}的通报批评"
        return f"关于{self.subject}的表彰通报"

    @property
    def is_issued(self) -> bool:
        return self.issued_on is not None


class NoticeEntry(BusinessModel):
    """A unit, helper or person named in a notice, with the reason."""

    class Subject(models.TextChoices):
        UNIT = "unit", _("unit")
        HELPER = "helper", _("helper")
        PERSON = "person", _("person")

    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="entries"
    )
    subject = models.CharField(_("named"), max_length=8, choices=Subject.choices)
    name = models.CharField(_("name"), max_length=100)
    helper = models.ForeignKey(
        "helpers.Helper",
        verbose_name=_("helper"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    county = models.ForeignKey(
        "places.Division",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("evaluation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        db_table = "oversight_noticeentry"
        verbose_name = _("notice entry")
        verbose_name_plural = _("notice entries")
        ordering = ["notice", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(subject="helper") | Q(helper__isnull=False),
                name="notice_entry_helper_named",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="notice_entry_has_reason"),
        ]

    def __str__(self) -> str:
        return self.name
