"""The evaluation checklist of a year: its items, their groups and the evidence bangfu fills in.

The tables keep the names they had in the oversight app (`oversight_checklist`, …)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import BusinessModel


class ItemGroup(models.TextChoices):
    """The plan's three self-check questions (自查: 是否健全组织、配备人员，是否按要求签订帮扶协议、
    落实帮扶项目，是否完善资料、做好统计) and a group for the city office's own additions."""

    ORGANISATION = "organisation", _("organisation and staff")
    AGREEMENTS = "agreements", _("agreements and projects")
    MATERIALS = "materials", _("materials and statistics")
    OTHER = "other", _("other")


class EvidenceKey(models.TextChoices):
    """The figures bangfu fills in from its own data (evaluation/evidence.py)."""

    ROSTER = "roster", _("leading group roster with a liaison")
    AGREEMENTS = "agreements", _("pairings with a signed agreement")
    PLAN_ITEMS = "plan_items", _("plan items due in the year that are done")
    SUBMISSIONS = "submissions", _("reports submitted on time")
    ASSISTANCE = "assistance", _("assistance records confirmed")
    VISITS = "visits", _("supervision visits in the year")


class ChecklistQuerySet(models.QuerySet):
    def for_user(self, user):
        """The checklist is the programme's: every office reads it; helpers do not."""
        from bangfu.accounts.roles import Role, can

        if not can(user, "business.read") or user.role == Role.HELPER:
            return self.none()
        return self


class Checklist(BusinessModel):
    """The evaluation checklist (考评内容) of one programme and year, set by the city office."""

    programme = models.ForeignKey(
        "places.Programme", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    note = models.TextField(_("note"), blank=True)

    objects = ChecklistQuerySet.as_manager()

    class Meta:
        db_table = "oversight_checklist"
        verbose_name = _("evaluation checklist")
        verbose_name_plural = _("evaluation checklists")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="one_checklist_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:checklist", args=[self.year])


class ChecklistItem(BusinessModel):
    """One line of the checklist: what is checked, its points (the most it can score), its
    group, and optionally the figure bangfu fills in as evidence."""

    checklist = models.ForeignKey(
        Checklist, verbose_name=_("checklist"), on_delete=models.CASCADE, related_name="items"
    )
    group = models.CharField(_("group"), max_length=16, choices=ItemGroup.choices)
    title = models.CharField(_("item"), max_length=200)
    points = models.PositiveSmallIntegerField(_("points"))
    evidence_key = models.CharField(
        _("evidence from bangfu"), max_length=16, choices=EvidenceKey.choices, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        db_table = "oversight_checklistitem"
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(points__gt=0, points__lte=100), name="checklist_item_points_1_to_100"
            )
        ]

    def __str__(self) -> str:
        return self.title
