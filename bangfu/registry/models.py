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
