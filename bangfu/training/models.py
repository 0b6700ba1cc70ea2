"""Training sessions (培训班) for village technicians and their trainees (学员花名册).

A session is organised by the institute or by a helper, in a county (a township or a village
of it when it was held there), and may report a training assistance record: the record's
persons trained and poor persons trained are then counts of this roster (services.py).
A trainee's ID number is kept as the registry keeps them: encrypted, with a keyed hash beside
it (exact lookups, one person once per session, the match to a registered poor household)
and shown masked.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangfu.core import crypto
from bangfu.core.fields import EncryptedCharField
from bangfu.core.masking import mask_id
from bangfu.core.models import BusinessModel
from bangfu.pairing.models import own_or_county


class Organiser(models.TextChoices):
    INSTITUTE = "institute", _("the institute")
    HELPER = "helper", _("a helper")


class SessionQuerySet(models.QuerySet):
    def for_user(self, user):
        """Offices by county, the institute and the city office all; a helper liaison the
        sessions its own helper organised."""
        return own_or_county(self, user, helper_q=lambda h: Q(helper_id=h), county_field="county")


class TrainingSession(BusinessModel):
    """A training session (培训班): a course, its dates and place, who organised and taught it."""

    course = models.CharField(_("course"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=100)
    county = models.ForeignKey(
        "places.Division", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        "places.Division",
        verbose_name=_("township"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    village = models.ForeignKey(
        "places.Division",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    organiser = models.CharField(_("organised by"), max_length=10, choices=Organiser.choices)
    helper = models.ForeignKey(
        "helpers.Helper",
        verbose_name=_("helper"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    teacher = models.CharField(_("teacher"), max_length=100, blank=True)
    assistance = models.ForeignKey(
        "assistance.Assistance",
        verbose_name=_("assistance record reported"),
        on_delete=models.PROTECT,
        related_name="training_sessions",
        null=True,
        blank=True,
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="training_session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(organiser="institute", helper__isnull=True)
                | Q(organiser="helper", helper__isnull=False),
                name="training_session_helper_iff_helper_organised",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} ({self.starts_on:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("training:session", args=[self.pk])

    @property
    def organiser_name(self) -> str:
        return self.helper.name if self.helper_id else str(Organiser.INSTITUTE.label)

    @property
    def scope_name(self) -> str:
        """Where the session was held: the village, else the township, else the county."""
        return (self.village or self.township or self.county).name


class TraineeQuerySet(models.QuerySet):
    def for_user(self, user):
        """The trainees of the sessions `user` may see (scoped by the session's county)."""
        return own_or_county(
            self, user, helper_q=lambda h: Q(session__helper_id=h), county_field="session__county"
        )


class Trainee(BusinessModel):
    """A person trained by a session (学员): a village technician in the making."""

    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("training session"),
        on_delete=models.PROTECT,
        related_name="trainees",
    )
    name = models.CharField(_("name"), max_length=32)
    id_number = EncryptedCharField(_("resident ID number"))
    id_hash = models.CharField(max_length=64, editable=False)
    village = models.ForeignKey(
        "places.Division",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "village"},
    )
    certificate_no = models.CharField(_("certificate number"), max_length=40, blank=True)
    # The registered poor household the person belongs to (head or member), found by the ID
    # number's keyed hash; never typed (services.match_household).
    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("registered poor household"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )

    objects = TraineeQuerySet.as_manager()
    audit_redact = frozenset({"id_number", "id_hash"})

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["session", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "id_hash"], name="one_trainee_per_person_and_session"
            )
        ]
        indexes = [models.Index(fields=["id_hash"])]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id_number(self) -> str:
        return mask_id(self.id_number)

    @property
    def is_poor(self) -> bool:
        return self.household_id is not None

    @property
    def has_certificate(self) -> bool:
        return bool(self.certificate_no)

    def save(self, *args, **kwargs):
        if not isinstance(self.id_number, crypto.Undecryptable):
            self.id_hash = crypto.keyed_hash(self.id_number)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "id_hash"}
        super().save(*args, **kwargs)
