"""Commendation and criticism notices (表彰通报 / 通报批评) and the entries they name.

The tables keep the names they had in the oversight app (`oversight_notice`, …)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import BusinessModel
from bangfu.evaluation.models.evaluation import Evaluation


class NoticeQuerySet(models.QuerySet):
    def for_user(self, user):
        """Issued notices are circulated to every office; drafts only to the city office."""
        from bangfu.accounts.roles import Role, can

        if not can(user, "business.read") or user.role == Role.HELPER:
            return self.none()
        if can(user, "evaluation.manage"):
            return self
        return self.filter(issued_on__isnull=False)


class Notice(BusinessModel):
    """A commendation (表彰通报) or a criticism notice (通报批评), an outcome of the year's
    evaluation: a draft while its entries are listed, then issued (and read-only)."""

    class Kind(models.TextChoices):
        COMMENDATION = "commendation", _("commendation")
        CRITICISM = "criticism", _("criticism")

    programme = models.ForeignKey(
        "places.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year evaluated"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    number = models.CharField(_("document number"), max_length=40, blank=True)
    subject = models.CharField(_("about"), max_length=100)
    intro = models.TextField(_("introduction"), blank=True)
    issuer = models.CharField(_("issuing office"), max_length=100)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    objects = NoticeQuerySet.as_manager()

    class Meta:
        db_table = "oversight_notice"
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-year", "kind", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("evaluation:notice", args=[self.pk])

    @property
    def title(self) -> str:
        """关于……的表彰通报 / 关于……的通报批评 (always Chinese: an official document)."""
        if self.kind == self.Kind.CRITICISM:
            return f"关于{self.subject}的通报批评"
        return f"关于{self.subject}的表彰通报"

    @property
    def is_issued(self) -> bool:
        return self.issued_on is not None


class NoticeEntry(BusinessModel):
    """A unit, helper or person named in a notice, with the reason."""

    class Subject(models.TextChoices):
        UNIT = "unit", _("unit")
        HELPER = "helper", _("helper")
        PERSON = "person", _("person")

    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="entries"
    )
    subject = models.CharField(_("named"), max_length=8, choices=Subject.choices)
    name = models.CharField(_("name"), max_length=100)
    helper = models.ForeignKey(
        "helpers.Helper",
        verbose_name=_("helper"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    county = models.ForeignKey(
        "places.Division",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("evaluation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        db_table = "oversight_noticeentry"
        verbose_name = _("notice entry")
        verbose_name_plural = _("notice entries")
        ordering = ["notice", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(subject="helper") | Q(helper__isnull=False),
                name="notice_entry_helper_named",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="notice_entry_has_reason"),
        ]

    def __str__(self) -> str:
        return self.name
