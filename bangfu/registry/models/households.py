"""Poor households (建档立卡贫困户): the household, its causes, incomes and rigid expenses."""

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

from .scoping import ScopedQuerySet


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


_CAUSE_ORDER = tuple(Cause.values)


def causes_text(values) -> str:
    """The stored form of a list of causes: ",illness,skills," in the vocabulary's order."""
    chosen = set(values)
    ordered = [c for c in _CAUSE_ORDER if c in chosen]
    return "," + ",".join(ordered) + "," if ordered else ""


class MonitoringStatus(models.TextChoices):
    NONE = "none", _("not monitored")
    UNSTABLE = "unstable", _("unstable exited household")
    MARGINAL = "marginal", _("marginal household at risk")
    SUDDEN = "sudden", _("sudden severe difficulty")
    CLEARED = "cleared", _("risk removed")


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
        self.causes = causes_text(values)

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


class RigidExpense(BusinessModel):
    """A household's large rigid expense in one year (刚性支出: medical, schooling), which
    the monitoring rule compares with its income."""

    class Kind(models.TextChoices):
        MEDICAL = "medical", pgettext_lazy("rigid expense", "medical")
        EDUCATION = "education", pgettext_lazy("rigid expense", "education")

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
