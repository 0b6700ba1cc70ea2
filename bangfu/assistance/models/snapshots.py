"""Attachment 7's figures of a county's accepted half-year, frozen when the filing is accepted."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodFigures(models.Model):
    """The indicators of one unit (the county, a township or a village of it) for an accepted
    half-year (本期) or cumulatively to its end (累计), as computed at acceptance.

    Derived data, written and deleted only by `services.snapshots` (no audit row of its own:
    the acceptance is audited). A confirmed record saved in the county for the period or an
    earlier one deletes the county's snapshots from that period on, so a snapshot always
    equals what the records give."""

    county = models.ForeignKey(
        "places.Division", verbose_name=_("county"), on_delete=models.CASCADE, related_name="+"
    )
    period = models.CharField(_("period"), max_length=6)
    level = models.CharField(_("level"), max_length=10)  # county | township | village
    unit = models.ForeignKey(
        "places.Division", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    cumulative = models.BooleanField(_("cumulative"))
    figures = models.JSONField(_("figures"))  # indicator code: number (money as a string)
    written_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("frozen period figures")
        verbose_name_plural = _("frozen period figures")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "cumulative"], name="one_snapshot_per_unit_period"
            )
        ]
        indexes = [models.Index(fields=["county", "period"], name="periodfigures_county_period")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period}{' 累计' if self.cumulative else ''}"
