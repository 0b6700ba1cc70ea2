"""A pairing's plan (帮扶规划): its items, their states, and the progress reported on them."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import BusinessModel

from .pairings import Pairing


class ItemState(models.TextChoices):
    NOT_DUE = "not_due", _("not due")
    ON_TRACK = "on_track", _("on track")
    LATE = "late", _("late")
    DONE = "done", _("done")


class PlanItem(BusinessModel):
    """One line of a pairing's plan (帮扶规划): what, how, target, due date.

    `achieved` is the latest reported value (progress updates report the value reached so
    far), kept here so that lists and counts compute states in SQL.
    """

    pairing = models.ForeignKey(
        Pairing, verbose_name=_("pairing"), on_delete=models.CASCADE, related_name="plan_items"
    )
    what = models.CharField(_("what"), max_length=200)
    how = models.TextField(_("how"), blank=True)
    indicator = models.CharField(_("target indicator"), max_length=100)
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=16)
    due_date = models.DateField(_("due date"))
    achieved = models.DecimalField(_("achieved"), max_digits=14, decimal_places=2, default=0)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    inherited_from = models.ForeignKey(
        "self",
        verbose_name=_("inherited from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_value__gt=0), name="plan_item_target_positive"
            ),
            models.CheckConstraint(
                condition=Q(achieved__gte=0), name="plan_item_achieved_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.what

    def state(self, today: dt.date | None = None) -> str:
        """not due (no progress yet, due date ahead), on track (progress, due date ahead),
        late (due date passed, target not reached), done (target reached)."""
        from django.utils import timezone

        today = today or timezone.localdate()
        if self.done_on is not None or self.achieved >= self.target_value:
            return ItemState.DONE
        if self.due_date < today:
            return ItemState.LATE
        return ItemState.ON_TRACK if self.achieved > 0 else ItemState.NOT_DUE

    @property
    def state_label(self) -> str:
        return str(ItemState(self.state()).label)

    @property
    def percent(self) -> int:
        return min(100, int(self.achieved * 100 / self.target_value)) if self.target_value else 0


def item_state_q(state: str, today: dt.date) -> Q:
    """The SQL filter for plan items in `state` on `today` (the same rule as PlanItem.state)."""
    done = Q(done_on__isnull=False) | Q(achieved__gte=F("target_value"))
    if state == ItemState.DONE:
        return done
    if state == ItemState.LATE:
        return ~done & Q(due_date__lt=today)
    if state == ItemState.ON_TRACK:
        return ~done & Q(due_date__gte=today, achieved__gt=0)
    return ~done & Q(due_date__gte=today, achieved=0)


class PlanProgress(BusinessModel):
    """A progress report on a plan item: the value reached so far, a note, evidence."""

    item = models.ForeignKey(
        PlanItem, verbose_name=_("plan item"), on_delete=models.CASCADE, related_name="progress"
    )
    reported_on = models.DateField(_("reported on"))
    value = models.DecimalField(_("value reached"), max_digits=14, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    files = models.ManyToManyField("core.StoredFile", verbose_name=_("evidence"), blank=True)
    reported_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-reported_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="plan_progress_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.value}"
