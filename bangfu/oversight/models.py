"""Oversight: supervision visits, follow-ups, the annual evaluation and its outcomes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

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
        verbose_name = _("supervision visit")
        verbose_name_plural = _("supervision visits")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["county", "visited_on"])]

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d} {self.county}"

    def get_absolute_url(self) -> str:
        return reverse("oversight:visit", args=[self.pk])

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
        return reverse("oversight:followup", args=[self.pk])

    def is_overdue(self, today: dt.date | None = None) -> bool:
        from django.utils import timezone

        today = today or timezone.localdate()
        return self.state == self.State.OPEN and self.due_on < today


# --- support owed to helpers ---

# A single loan above 1 billion yuan (10亿元) is a typing error, as for assistance records.
MAX_LOAN_YUAN = Decimal("1000000000")
MAX_RATE = Decimal("36")  # % a year: the legal ceiling of private lending
MAX_TERM_MONTHS = 360


class LoanQuerySet(models.QuerySet):
    def for_user(self, user):
        """Offices by county; a helper liaison its own helper's loans."""
        return own_or_county(self, user, helper_q=lambda h: Q(helper_id=h), county_field="county")


class Loan(BusinessModel):
    """A subsidised poverty-alleviation loan (扶贫贴息贷款) granted to a paired helper.

    The subsidy is a rate (贴息率, percentage points a year) no higher than the loan's rate;
    the yearly subsidy in yuan follows from the amount.
    """

    helper = models.ForeignKey(
        "helpers.Helper", verbose_name=_("helper"), on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        "places.Division", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    bank = models.CharField(_("bank"), max_length=100)
    amount_yuan = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2)
    interest_rate = models.DecimalField(
        _("interest rate (% a year)"), max_digits=5, decimal_places=2
    )
    subsidy_rate = models.DecimalField(
        _("interest subsidy (% a year)"), max_digits=5, decimal_places=2
    )
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    granted_on = models.DateField(_("granted on"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    objects = LoanQuerySet.as_manager()

    class Meta:
        verbose_name = _("subsidised loan")
        verbose_name_plural = _("subsidised loans")
        ordering = ["-granted_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_yuan__gt=0, amount_yuan__lte=MAX_LOAN_YUAN),
                name="loan_amount_in_range",
            ),
            models.CheckConstraint(
                condition=Q(interest_rate__gte=0, interest_rate__lte=MAX_RATE),
                name="loan_rate_in_range",
            ),
            models.CheckConstraint(
                condition=Q(subsidy_rate__gte=0, subsidy_rate__lte=F("interest_rate")),
                name="loan_subsidy_within_rate",
            ),
            models.CheckConstraint(
                condition=Q(term_months__gte=1, term_months__lte=MAX_TERM_MONTHS),
                name="loan_term_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.helper} · {self.bank} · {self.amount_yuan}"

    def get_absolute_url(self) -> str:
        return reverse("oversight:loan", args=[self.pk])

    @property
    def yearly_subsidy_yuan(self) -> Decimal:
        return (self.amount_yuan * self.subsidy_rate / 100).quantize(Decimal("0.01"))


class DonationReceiptQuerySet(models.QuerySet):
    def for_user(self, user):
        return own_or_county(self, user, helper_q=lambda h: Q(helper_id=h), county_field="county")

    def valid(self):
        return self.filter(voided_on__isnull=True)


class DonationReceipt(BusinessModel):
    """A donation receipt for tax purposes (捐赠票据) of one helper, county and year: the sum
    of the helper's confirmed charity-pathway records (money and goods) of that year in that
    county, frozen when issued. At most one valid receipt per helper, county and year; a
    reissue needs the earlier one voided with a reason."""

    number = models.CharField(_("receipt number"), max_length=20, unique=True, editable=False)
    helper = models.ForeignKey(
        "helpers.Helper", verbose_name=_("helper"), on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        "places.Division", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    money_yuan = models.DecimalField(_("money (yuan)"), max_digits=16, decimal_places=2)
    goods_yuan = models.DecimalField(_("value of goods (yuan)"), max_digits=16, decimal_places=2)
    amount_yuan = models.DecimalField(_("amount (yuan)"), max_digits=16, decimal_places=2)
    records = models.PositiveIntegerField(_("records counted"))
    issued_on = models.DateField(_("issued on"))
    issuer = models.CharField(_("issued by"), max_length=100)
    issued_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    document = models.ForeignKey(
        "core.StoredFile",
        verbose_name=_("receipt document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    voided_on = models.DateField(_("voided on"), null=True, blank=True)
    void_reason = models.TextField(_("reason for voiding"), blank=True)
    voided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    objects = DonationReceiptQuerySet.as_manager()

    class Meta:
        verbose_name = _("donation receipt")
        verbose_name_plural = _("donation receipts")
        ordering = ["-year", "-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["helper", "county", "year"],
                condition=Q(voided_on__isnull=True),
                name="one_valid_receipt_per_helper_county_year",
            ),
            models.CheckConstraint(
                condition=Q(amount_yuan__gt=0) & Q(amount_yuan=F("money_yuan") + F("goods_yuan")),
                name="receipt_amount_is_money_plus_goods",
            ),
            models.CheckConstraint(
                condition=Q(voided_on__isnull=True) | ~Q(void_reason=""),
                name="receipt_voided_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("oversight:receipt", args=[self.pk])

    @property
    def natural_key_value(self) -> str:
        return self.number

    @property
    def is_void(self) -> bool:
        return self.voided_on is not None


# --- annual evaluation ---
# The annual evaluation (年度考评, seed §五(四)): a checklist set by the city office per
# programme and year; per county a self-check, a spot check by the city office and a
# cross-check by the county the rotation assigns; the final score, ranking and outcome;
# commendation and criticism notices. Services and selectors: evaluation.py.

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
        verbose_name = _("evaluation checklist")
        verbose_name_plural = _("evaluation checklists")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="one_checklist_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}"

    def get_absolute_url(self) -> str:
        return reverse("oversight:checklist", args=[self.year])


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
        return reverse("oversight:evaluation", args=[self.pk])

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
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-year", "kind", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("oversight:notice", args=[self.pk])

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
