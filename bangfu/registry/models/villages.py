"""The village profile (村情): the registry facts of one village, public to helpers."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import BusinessModel

from .scoping import ScopedQuerySet


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
