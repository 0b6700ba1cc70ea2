"""The poverty registry (建档立卡): village profiles, poor households and their members.

ID numbers and phones are stored AES-GCM encrypted with a keyed hash beside them
(`core.crypto`); the hash carries uniqueness and exact lookup. Each household and member
belongs to a village, and carries its county for the one-column scope filter.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bangfu.core import crypto
from bangfu.core.fields import EncryptedCharField
from bangfu.core.masking import mask_id, mask_phone
from bangfu.core.models import BusinessModel
from bangfu.places.models import scope_q


def new_ref() -> str:
    """An opaque public household number for URLs (the ID number never goes in a URL)."""
    return "H" + secrets.token_hex(5).upper()


class Cause(models.TextChoices):
    """Poverty causes (致贫原因) of the national registry."""

    ILLNESS = "illness", _("illness")
    DISABILITY = "disability", _("disability")
    SCHOOLING = "schooling", _("schooling")
    DISASTER = "disaster", _("disaster")
    LAND = "land", _("lack of land")
    WATER = "water", _("lack of water")
    SKILLS = "skills", _("lack of skills")
    LABOUR = "labour", _("lack of labour")
    CAPITAL = "capital", _("lack of capital")
    TRANSPORT = "transport", _("poor transport")
    DRIVE = "drive", _("own lack of drive")
    OTHER = "other", _("other")


class MonitoringStatus(models.TextChoices):
    NONE = "none", _("not monitored")
    UNSTABLE = "unstable", _("unstable exited household")
    MARGINAL = "marginal", _("marginal household at risk")
    SUDDEN = "sudden", _("sudden severe difficulty")
    CLEARED = "cleared", _("risk removed")


class ScopedQuerySet(models.QuerySet):
    """Rows in the user's scope through the `county` column (county officers: theirs)."""

    helper_visible = False

    def for_user(self, user):
        q = scope_q(user, county_field="county", helper_visible=self.helper_visible)
        return self if q is None else self.filter(q)


class VillageProfileQuerySet(ScopedQuerySet):
    helper_visible = True  # public village facts


class VillageProfile(BusinessModel):
    """The registry facts of one village (村情): poor or not, people, land, industries."""

    village = models.OneToOneField(
        "places.Division",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="profile",
        limit_choices_to={"level": "village"},
    )
    county = models.ForeignKey(
        "places.Division",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    is_registered_poor = models.BooleanField(
        _("registered poor village"), default=False, db_index=True
    )
    registered_year = models.PositiveSmallIntegerField(_("year registered"), null=True, blank=True)
    exited_on = models.DateField(_("exited on"), null=True, blank=True)
    households_total = models.PositiveIntegerField(_("households"), default=0)
    households_poor = models.PositiveIntegerField(_("poor households"), default=0)
    people_total = models.PositiveIntegerField(_("people"), default=0)
    people_poor = models.PositiveIntegerField(_("poor people"), default=0)
    labour_force = models.PositiveIntegerField(_("labour force"), default=0)
    arable_mu = models.DecimalField(
        _("arable land (mu)"), max_digits=10, decimal_places=2, default=0
    )
    forest_mu = models.DecimalField(_("forest (mu)"), max_digits=10, decimal_places=2, default=0)
    grassland_mu = models.DecimalField(
        _("grassland (mu)"), max_digits=10, decimal_places=2, default=0
    )
    main_industries = models.CharField(_("main industries"), max_length=200, blank=True)
    resources = models.TextField(_("resources and advantages"), blank=True)
    tags = models.CharField(_("tags"), max_length=200, blank=True, help_text=_("comma-separated"))
    distance_km = models.DecimalField(
        _("distance to the county seat (km)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    has_workstation = models.BooleanField(_("village workstation present"), default=False)
    is_demonstration = models.BooleanField(_("demonstration village"), default=False)

    objects = VillageProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("village profile")
        verbose_name_plural = _("village profiles")
        ordering = ["village__code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(households_poor__lte=F("households_total")),
                name="poor_households_within_total",
            ),
            models.CheckConstraint(
                condition=Q(people_poor__lte=F("people_total")), name="poor_people_within_total"
            ),
            models.CheckConstraint(
                condition=Q(arable_mu__gte=0, forest_mu__gte=0, grassland_mu__gte=0),
                name="land_areas_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(distance_km__isnull=True) | Q(distance_km__gte=0),
                name="distance_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return str(self.village)

    @property
    def natural_key_value(self) -> str:
        return self.village.code

    def get_absolute_url(self) -> str:
        return reverse("registry:village", args=[self.village.code])

    def clean(self):
        errors = {}
        if self.households_poor > self.households_total:
            errors["households_poor"] = _("Poor households cannot outnumber all households.")
        if self.people_poor > self.people_total:
            errors["people_poor"] = _("Poor people cannot outnumber all people.")
        if self.exited_on and self.registered_year and self.exited_on.year < self.registered_year:
            errors["exited_on"] = _("A village exits after it was registered.")
        if self.exited_on and not self.is_registered_poor:
            errors["exited_on"] = _("Only a registered poor village can exit.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.county_id = self.village.county_id
        super().save(*args, **kwargs)


def prefix_q(field: str, text: str) -> Q:
    """`field` starts with `text`, as a range that a B-tree index answers on SQLite and
    PostgreSQL alike (LIKE 'x%' uses no index on either without special collations)."""
    return Q(**{f"{field}__gte": text, f"{field}__lt": text + "\U0010ffff"})


class HouseholdQuerySet(ScopedQuerySet):
    def search(self, text: str):
        """By head's name (prefix), ID number (exact, through the keyed hash), or pinyin
        initials of the head or the village (prefix). Every branch is an indexed lookup, so
        search stays fast at a million households."""
        from bangfu.core.identifiers.resident_id import normalize_id_number
        from bangfu.places.models import Division

        text = (text or "").strip()
        if not text:
            return self
        if len(text) == 18 and text[:17].isdigit():
            return self.filter(id_hash=crypto.keyed_hash(normalize_id_number(text)))
        if text.isascii() and text.isalpha():
            low = text.lower()
            villages = Division.objects.filter(prefix_q("initials", low), level="village").values(
                "id"
            )
            return self.filter(prefix_q("head_initials", low) | Q(village_id__in=villages))
        villages = Division.objects.filter(prefix_q("name", text), level="village").values("id")
        return self.filter(prefix_q("head_name", text) | Q(village_id__in=villages))


class Household(BusinessModel):
    """A registered poor household (建档立卡贫困户), its head's ID as natural key."""

    village = models.ForeignKey(
        "places.Division",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="households",
        limit_choices_to={"level": "village"},
    )
    county = models.ForeignKey(
        "places.Division",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    ref = models.CharField(
        _("household number"), max_length=12, unique=True, editable=False, default=new_ref
    )
    head_name = models.CharField(_("head of household"), max_length=32, db_index=True)
    head_initials = models.CharField(max_length=16, blank=True, db_index=True, editable=False)
    id_number = EncryptedCharField(_("head's resident ID number"))
    id_hash = models.CharField(max_length=64, unique=True, editable=False)
    phone = EncryptedCharField(_("phone"), blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    size = models.PositiveSmallIntegerField(_("household size"), default=1)
    causes = models.CharField(_("poverty causes"), max_length=200, blank=True, db_index=True)
    year_registered = models.PositiveSmallIntegerField(_("year registered"))
    year_exited = models.PositiveSmallIntegerField(_("year exited"), null=True, blank=True)
    tech_help = models.BooleanField(_("selected for tech help"), default=False, db_index=True)
    monitoring = models.CharField(
        _("monitoring status"),
        max_length=12,
        choices=MonitoringStatus.choices,
        default=MonitoringStatus.NONE,
    )

    objects = HouseholdQuerySet.as_manager()
    audit_redact = frozenset({"id_number", "phone", "id_hash", "phone_hash"})

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["village__code", "head_name", "id"]
        indexes = [
            models.Index(fields=["county", "village", "head_name"]),
            models.Index(fields=["head_initials", "id"]),
            models.Index(fields=["size", "id"]),
            models.Index(fields=["year_registered", "id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_exited__isnull=True) | Q(year_exited__gte=F("year_registered")),
                name="household_exit_after_registration",
            ),
            models.CheckConstraint(condition=Q(size__gte=1), name="household_size_positive"),
        ]

    def __str__(self) -> str:
        return self.head_name

    def get_absolute_url(self) -> str:
        return reverse("registry:household", args=[self.ref])

    @property
    def natural_key_value(self) -> str:
        return self.ref

    @property
    def cause_list(self) -> list[str]:
        return [c for c in self.causes.strip(",").split(",") if c]

    @cause_list.setter
    def cause_list(self, values) -> None:
        ordered = [c for c in Cause.values if c in set(values)]
        self.causes = "," + ",".join(ordered) + "," if ordered else ""

    @property
    def masked_id_number(self) -> str:
        return mask_id(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def cause_labels(self) -> list[str]:
        return [str(Cause(c).label) for c in self.cause_list]

    def clean(self):
        if self.year_exited and self.year_exited < self.year_registered:
            raise ValidationError({"year_exited": _("A household exits after it was registered.")})

    def save(self, *args, **kwargs):
        from bangfu.places.services import pinyin_initials

        self.county_id = self.village.county_id
        # an undecryptable value is written back as it was: its hash stays as it was too
        if not isinstance(self.id_number, crypto.Undecryptable):
            self.id_hash = crypto.keyed_hash(self.id_number)
        if not isinstance(self.phone, crypto.Undecryptable):
            self.phone_hash = crypto.keyed_hash(self.phone) if self.phone else ""
        self.head_initials = pinyin_initials(self.head_name)[:16]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "county",
                "id_hash",
                "phone_hash",
                "head_initials",
            }
        super().save(*args, **kwargs)


class Income(BusinessModel):
    """Per-capita net income of a household in one year (人均纯收入), in yuan."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="incomes")
    year = models.PositiveSmallIntegerField(_("year"))
    per_capita = models.DecimalField(
        _("per-capita net income (yuan)"), max_digits=12, decimal_places=2
    )

    class Meta:
        verbose_name = _("income")
        verbose_name_plural = _("incomes")
        ordering = ["household", "year"]
        constraints = [
            models.UniqueConstraint(fields=["household", "year"], name="one_income_per_year"),
            models.CheckConstraint(condition=Q(per_capita__gte=0), name="income_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.per_capita}"


class Member(BusinessModel):
    """A person of a household (家庭成员); a person belongs to one household only."""

    class Relation(models.TextChoices):
        HEAD = "head", _("head of household")
        SPOUSE = "spouse", _("spouse")
        CHILD = "child", _("child")
        PARENT = "parent", pgettext_lazy("relation to the head of household", "parent")
        GRANDCHILD = "grandchild", _("grandchild")
        GRANDPARENT = "grandparent", _("grandparent")
        SIBLING = "sibling", _("sibling")
        CHILD_IN_LAW = "child_in_law", _("son- or daughter-in-law")
        OTHER = "other", _("other")

    class Sex(models.TextChoices):
        MALE = "M", _("male")
        FEMALE = "F", _("female")

    class Education(models.TextChoices):
        NONE = "none", _("illiterate or semi-literate")
        PRIMARY = "primary", _("primary school")
        JUNIOR = "junior", _("junior secondary")
        SENIOR = "senior", _("senior secondary or vocational")
        COLLEGE = "college", _("college or above")
        PRESCHOOL = "preschool", _("preschool")

    class Health(models.TextChoices):
        HEALTHY = "healthy", _("healthy")
        CHRONIC = "chronic", _("long-term illness")
        SERIOUS = "serious", _("serious illness")
        DISABLED = "disabled", _("disabled")

    class Labour(models.TextChoices):
        ABLE = "able", _("able to work")
        WEAK = "weak", _("partly able")
        NONE = "none", _("unable to work")
        NOT_APPLICABLE = "na", _("not of working age")

    class Status(models.TextChoices):
        HOME = "home", _("at home")
        AWAY = "away", _("working away")
        SCHOOL = "school", _("in school")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    county = models.ForeignKey(
        "places.Division",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    name = models.CharField(_("name"), max_length=32)
    id_number = EncryptedCharField(_("resident ID number"))
    id_hash = models.CharField(max_length=64, unique=True, editable=False)
    relation = models.CharField(_("relation to head"), max_length=16, choices=Relation.choices)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, editable=False)
    birth_date = models.DateField(_("birth date"), editable=False)
    education = models.CharField(
        _("education"), max_length=12, choices=Education.choices, blank=True
    )
    health = models.CharField(_("health"), max_length=12, choices=Health.choices, blank=True)
    labour = models.CharField(
        _("labour ability"), max_length=12, choices=Labour.choices, blank=True
    )
    status = models.CharField(
        _("working away or in school"), max_length=12, choices=Status.choices, default=Status.HOME
    )

    objects = ScopedQuerySet.as_manager()
    audit_redact = frozenset({"id_number", "id_hash"})

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["household", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id_number(self) -> str:
        return mask_id(self.id_number)

    def save(self, *args, **kwargs):
        from bangfu.core.identifiers.resident_id import id_birth_date, id_sex

        self.county_id = self.household.county_id
        if not isinstance(self.id_number, crypto.Undecryptable):
            self.id_hash = crypto.keyed_hash(self.id_number)
            self.sex = id_sex(self.id_number)
            self.birth_date = id_birth_date(self.id_number)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "county",
                "id_hash",
                "sex",
                "birth_date",
            }
        super().save(*args, **kwargs)


# ============================================================================================
# Relapse monitoring (防返贫监测)
# ============================================================================================
#
# A household at risk of (falling back into) poverty enters monitoring as a case
# (`MonitoringCase`), is identified through five dated and signed steps, receives measures
# and follow-up visits, and leaves monitoring when its risk is removed (风险消除). The rules
# (poverty lines, thresholds, time limits, monitoring periods) are in registry/monitoring.py.


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
        return reverse("registry:monitoring_case", args=[self.number])

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


class RigidExpense(BusinessModel):
    """A household's large rigid expense in one year (刚性支出: medical, schooling), which
    the monitoring rule compares with its income."""

    class Kind(models.TextChoices):
        MEDICAL = "medical", _("medical")
        EDUCATION = "education", _("education")

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="rigid_expenses"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("rigid expense")
        verbose_name_plural = _("rigid expenses")
        ordering = ["household", "year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "year", "kind"], name="one_rigid_expense_per_kind_year"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="rigid_expense_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()}: {self.amount}"
