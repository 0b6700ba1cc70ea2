"""Relays (接力帮扶): a helper that cannot go on, and the hand-over to its successor."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import BusinessModel

from .pairings import Pairing, own_or_county


class RelayQuerySet(models.QuerySet):
    def for_user(self, user):
        return own_or_county(
            self,
            user,
            helper_q=lambda h: Q(pairing__helper_id=h) | Q(successor__helper_id=h),
            county_field="pairing__county",
        )


class Relay(BusinessModel):
    """A helper cannot go on (接力帮扶): the case, the chosen successor, the hand-over.

    open → handing over (successor chosen, its pairing waits for a signed agreement) →
    done (the successor's pairing became active and the old one ended the same day, so the
    village's coverage has no gap) or cancelled.
    """

    class State(models.TextChoices):
        OPEN = "open", _("open")
        HANDING_OVER = "handing_over", _("handing over")
        DONE = "done", _("handed over")
        CANCELLED = "cancelled", _("cancelled")

    pairing = models.ForeignKey(
        Pairing, verbose_name=_("pairing"), on_delete=models.PROTECT, related_name="relays"
    )
    reason = models.TextField(_("why the helper cannot continue"))
    reported_on = models.DateField(_("reported on"))
    reported_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    state = models.CharField(_("state"), max_length=14, choices=State.choices, default=State.OPEN)
    successor = models.OneToOneField(
        Pairing,
        verbose_name=_("successor pairing"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="relay_in",
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = RelayQuerySet.as_manager()

    class Meta:
        verbose_name = _("relay")
        verbose_name_plural = _("relays")
        ordering = ["-reported_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pairing"],
                condition=Q(state__in=["open", "handing_over"]),
                name="relay_one_open_per_pairing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pairing} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse("pairing:relay", args=[self.pk])
