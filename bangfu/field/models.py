"""What a phone has sent and the server saved: the phone's item id and the record it made.

The phone gives every item it records an id of its own (a UUID, made offline). The item is
saved at most once: a second sending of the same id answers with the record made the first
time (`client_id` is unique, so two sendings racing each other make one record too).
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    ASSISTANCE = "assistance", _("assistance record")
    VISIT = "visit", _("supervision visit")
    HOME_VISIT = "home_visit", _("home visit")
    PROGRESS = "progress", _("plan progress")


class SyncedItem(models.Model):
    """One item sent from a phone and saved: its client-made id and the record it became."""

    client_id = models.UUIDField(_("item id from the phone"), unique=True)
    user = models.ForeignKey(
        "accounts.User", verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=40)
    record = GenericForeignKey("content_type", "object_id")
    label = models.CharField(_("record"), max_length=80)
    url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("item synced from a phone")
        verbose_name_plural = _("items synced from phones")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.client_id} → {self.label}"
