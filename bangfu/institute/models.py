"""The institute's technical help (科技帮扶) to the households selected for it.

A `TechVisit` is one visit or service by the institute's staff to a tech-help household
(`registry.Household.tech_help`): when, what service, which crop or livestock, the result,
and the township service centre or village workstation it came from. The service network
itself (centres, workstations, their staff) lives in `places.ServicePoint` / `ServiceStaff`
and is kept through this app's services.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import BusinessModel
from bangfu.places.models import scope_q


class Service(models.TextChoices):
    """What the institute did for the household."""

    GUIDANCE = "guidance", _("on-site technical guidance")
    TRAINING = "training", _("training at home or in the field")
    INPUTS = "inputs", _("improved seeds, breeds or inputs")
    PROTECTION = "protection", _("pest, disease or epidemic control")
    MARKETING = "marketing", _("linking production to buyers")
    OTHER = "other", _("other service")


class SubjectKind(models.TextChoices):
    CROP = "crop", _("crop")
    LIVESTOCK = "livestock", _("livestock")
    OTHER = "other", _("other")


class TechVisitQuerySet(models.QuerySet):
    def for_user(self, user):
        """Programme-wide roles see all, a county office its county, helper liaisons none."""
        q = scope_q(user, county_field="county", helper_visible=False)
        return self if q is None else self.filter(q)


class TechVisit(BusinessModel):
    """One visit or service of the institute to a tech-help household (科技帮扶服务记录)."""

    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="tech_visits",
    )
    point = models.ForeignKey(
        "places.ServicePoint",
        verbose_name=_("service centre or workstation"),
        on_delete=models.PROTECT,
        related_name="tech_visits",
    )
    # the household's places, copied on save: every scope and grouping is one column
    county = models.ForeignKey(
        "places.Division", on_delete=models.PROTECT, related_name="+", editable=False
    )
    township = models.ForeignKey(
        "places.Division", on_delete=models.PROTECT, related_name="+", editable=False
    )
    visited_on = models.DateField(_("visited on"), db_index=True)
    service = models.CharField(_("service"), max_length=12, choices=Service.choices)
    subject_kind = models.CharField(
        _("crop or livestock"), max_length=10, choices=SubjectKind.choices
    )
    subject = models.CharField(_("which crop or livestock"), max_length=40)
    description = models.TextField(_("what was done"))
    result = models.TextField(_("result"), blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )

    objects = TechVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("tech-help visit")
        verbose_name_plural = _("tech-help visits")
        ordering = ["-visited_on", "-id"]
        indexes = [
            models.Index(fields=["county", "visited_on"]),
            models.Index(fields=["household", "visited_on"]),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(subject=""), name="tech_visit_has_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.household} · {self.visited_on} · {self.get_service_display()}"

    def get_absolute_url(self) -> str:
        return reverse("institute:visit", args=[self.pk])

    def save(self, *args, **kwargs):
        village = self.household.village
        self.county_id = self.household.county_id
        self.township_id = village.parent_id
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "county", "township"}
        super().save(*args, **kwargs)
