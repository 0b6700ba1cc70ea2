"""Industry projects (产业项目) with their targets, and what each village reached per period."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import BusinessModel
from bangfu.pairing.models import own_or_county

from .kinds import MAX_YUAN


class Project(BusinessModel):
    """An industry project with targets (产业项目), e.g. the forage-grass project of the seed."""

    programme = models.ForeignKey(
        "places.Programme", verbose_name=_("programme"), on_delete=models.PROTECT
    )
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    target_area_mu = models.DecimalField(
        _("target area (mu)"), max_digits=12, decimal_places=2, default=0
    )
    target_livestock = models.PositiveIntegerField(_("target livestock (head)"), default=0)
    target_revenue_yuan = models.DecimalField(
        _("target profit (yuan)"), max_digits=16, decimal_places=2, default=0
    )

    class Meta:
        verbose_name = _("industry project")
        verbose_name_plural = _("industry projects")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("assistance:project", args=[self.code])


class ProjectProgressQuerySet(models.QuerySet):
    def for_user(self, user):
        return own_or_county(self, user, helper_q=lambda h: Q(pk__in=[]), county_field="county")


class ProjectProgress(BusinessModel):
    """What a project reached in one village (and optionally one household) in one period."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="progress"
    )
    period = models.CharField(_("period"), max_length=6)
    village = models.ForeignKey(
        "places.Division",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "village"},
    )
    county = models.ForeignKey(
        "places.Division", on_delete=models.PROTECT, related_name="+", editable=False
    )
    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    area_mu = models.DecimalField(
        _("area planted (mu)"), max_digits=12, decimal_places=2, default=0
    )
    livestock = models.PositiveIntegerField(_("livestock (head)"), default=0)
    revenue_yuan = models.DecimalField(
        _("profit (yuan)"), max_digits=14, decimal_places=2, default=0
    )

    objects = ProjectProgressQuerySet.as_manager()

    class Meta:
        verbose_name = _("project progress")
        verbose_name_plural = _("project progress")
        ordering = ["project", "period", "village"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "period", "village"],
                condition=Q(household__isnull=True),
                name="one_village_progress_per_period",
            ),
            models.UniqueConstraint(
                fields=["project", "period", "household"],
                condition=Q(household__isnull=False),
                name="one_household_progress_per_period",
            ),
            models.CheckConstraint(
                condition=Q(area_mu__gte=0, revenue_yuan__gte=0, revenue_yuan__lte=MAX_YUAN),
                name="project_progress_amounts_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.period} {self.village}"

    def save(self, *args, **kwargs):
        self.county_id = self.village.county_id
        super().save(*args, **kwargs)
