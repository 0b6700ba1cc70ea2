"""Who cross-checks whom in a year (轮换交叉检查): the rotation's assignments.

The table keeps the name it had in the oversight app (`oversight_crosscheckassignment`)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import BusinessModel


class CrossCheckAssignment(BusinessModel):
    """Who cross-checks whom in a year (轮换交叉检查): proposed by the rotation
    (evaluation/rotation.py), adjustable by the city office. A county never checks itself
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
        db_table = "oversight_crosscheckassignment"
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
