"""Helpers (帮扶主体): enterprises and other organisations that help poor villages."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import BusinessModel
from bangfu.core.validators import MobileValidator, UsccValidator


class HelperQuerySet(models.QuerySet):
    def for_user(self, user):
        """Helpers are public programme facts for every business role; a liaison edits its own."""
        from bangfu.accounts.roles import can

        return self if can(user, "business.read") else self.none()

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        if text.isascii() and text.isalpha():
            return self.filter(Q(initials__startswith=text.lower()) | Q(uscc__istartswith=text))
        return self.filter(Q(name__contains=text) | Q(uscc__startswith=text.upper()))


class Helper(BusinessModel):
    """An organisation that helps villages: research collective, enterprise, association …

    The USCC (统一社会信用代码, GB 32100) is the natural key. Capacity is how many villages it
    means to help; pairing past it asks for a reason (pairing issue).
    """

    class Kind(models.TextChoices):
        RESEARCH = "research", _("research collective enterprise")
        PRIVATE = "private", _("private enterprise")
        ASSOCIATION = "association", _("industry association")
        CHAMBER = "chamber", _("chamber of commerce")
        COOPERATIVE = "cooperative", _("farmers' association or co-operative")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=100)
    uscc = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[UsccValidator()]
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    industry = models.CharField(_("industry"), max_length=64, blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("villages it means to help"), default=1)
    liaison_name = models.CharField(_("liaison"), max_length=32, blank=True)
    liaison_phone = models.CharField(
        _("liaison phone"), max_length=11, blank=True, validators=[MobileValidator()]
    )
    initials = models.CharField(_("pinyin initials"), max_length=32, blank=True, db_index=True)

    objects = HelperQuerySet.as_manager()

    class Meta:
        verbose_name = _("helper")
        verbose_name_plural = _("helpers")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="helper_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("helpers:detail", args=[self.uscc])

    @property
    def natural_key_value(self) -> str:
        return self.uscc

    def save(self, *args, **kwargs):
        from bangfu.places.services import pinyin_initials

        self.initials = pinyin_initials(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "initials"}
        super().save(*args, **kwargs)
