"""Members of a household (家庭成员): one person, in one household only."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bangfu.core import crypto
from bangfu.core.fields import EncryptedCharField
from bangfu.core.masking import mask_id
from bangfu.core.models import BusinessModel

from .households import Household
from .scoping import ScopedQuerySet


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
