"""Site visits (考察调研): a helper's visit to a village before (or while) pairing."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import BusinessModel

from .pairings import Pairing, own_or_county


class SiteVisitQuerySet(models.QuerySet):
    def for_user(self, user):
        return own_or_county(self, user, helper_q=lambda h: Q(helper_id=h), county_field="county")


class SiteVisit(BusinessModel):
    """A visit to a village before (or while) pairing (考察调研)."""

    helper = models.ForeignKey(
        "helpers.Helper", verbose_name=_("helper"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        "places.Division",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="site_visits",
        limit_choices_to={"level": "village"},
    )
    county = models.ForeignKey(
        "places.Division", on_delete=models.PROTECT, related_name="+", editable=False
    )
    pairing = models.ForeignKey(
        Pairing,
        verbose_name=_("pairing"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
    )
    visited_on = models.DateField(_("visited on"))
    participants = models.CharField(_("who went"), max_length=200)
    findings = models.TextField(_("what they found"))
    files = models.ManyToManyField("core.StoredFile", verbose_name=_("files"), blank=True)

    objects = SiteVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("site visit")
        verbose_name_plural = _("site visits")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.village}"

    def save(self, *args, **kwargs):
        self.county_id = self.village.county_id
        super().save(*args, **kwargs)
