"""Pairings and their agreements: the pathways, the statuses, the slot rule, the row scope.

The five-helper rule lives in the database: an active (or suspended) pairing holds a slot
1–5 of its village, with a unique index on (village, slot) among pairings that hold one and
a check that the slot is between 1 and 5 — so that no interleaving of requests, on SQLite or
PostgreSQL, can give a village a sixth helper. Services pick the lowest free slot up to the
programme's own limit. A second partial unique index keeps one open pairing per helper and
village.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bangfu.core.models import BusinessModel
from bangfu.places.models import scope_q

MAX_SLOTS = 5  # the programme's ceiling (seed §四(一)); Programme.max_helpers_per_village ≤ 5


class Pathway(models.TextChoices):
    """The six assistance pathways (帮扶途径) of the seed's section 三."""

    CHARITY = "charity", pgettext_lazy("pathway", "charity")
    TECHNOLOGY = "technology", pgettext_lazy("pathway", "technology")
    EMPLOYMENT = "employment", pgettext_lazy("pathway", "employment")
    INDUSTRY = "industry", pgettext_lazy("pathway", "industry")
    COMMERCE = "commerce", pgettext_lazy("pathway", "commerce")
    OTHER = "other", pgettext_lazy("pathway", "other")


class Status(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    AGREED = "agreed", _("agreed")
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("suspended")
    ENDED = "ended", _("ended")
    RELAYED = "relayed", _("relayed")


OPEN_STATUSES = (Status.PROPOSED, Status.AGREED, Status.ACTIVE, Status.SUSPENDED)
SLOT_STATUSES = (Status.ACTIVE, Status.SUSPENDED)
CLOSED_STATUSES = (Status.ENDED, Status.RELAYED)


def own_or_county(qs, user, *, helper_q, county_field: str):
    """The pairing part's row scope: a helper liaison sees its own helper's rows only (never
    other helpers'), everyone else the usual county scope (`places.models.scope_q`)."""
    from bangfu.accounts.roles import Role

    if getattr(user, "role", None) == Role.HELPER and user.is_active:
        return qs.filter(helper_q(user.helper_id)) if user.helper_id else qs.none()
    q = scope_q(user, county_field=county_field, helper_visible=False)
    return qs if q is None else qs.filter(q)


class PairingQuerySet(models.QuerySet):
    def for_user(self, user):
        """Offices by county; a helper liaison its own helper's pairings only."""
        return own_or_county(self, user, helper_q=lambda h: Q(helper_id=h), county_field="county")

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def active(self):
        return self.filter(status=Status.ACTIVE)

    def holding_slot(self):
        return self.filter(status__in=SLOT_STATUSES)


def pathway_list(value: str) -> list[str]:
    return [p for p in (value or "").strip(",").split(",") if p]


def pathway_value(values) -> str:
    ordered = [p for p in Pathway.values if p in set(values or ())]
    return "," + ",".join(ordered) + "," if ordered else ""


class Pairing(BusinessModel):
    """A helper helping a village (结对帮扶), from proposal to end or relay."""

    number = models.CharField(_("agreement number"), max_length=24, unique=True, editable=False)
    programme = models.ForeignKey(
        "places.Programme", verbose_name=_("programme"), on_delete=models.PROTECT
    )
    helper = models.ForeignKey(
        "helpers.Helper",
        verbose_name=_("helper"),
        on_delete=models.PROTECT,
        related_name="pairings",
    )
    village = models.ForeignKey(
        "places.Division",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="pairings",
        limit_choices_to={"level": "village"},
    )
    county = models.ForeignKey(
        "places.Division",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    focus = models.CharField(_("focus"), max_length=100, blank=True)
    content = models.TextField(_("content"), blank=True)
    pathways = models.CharField(_("pathways"), max_length=80, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    slot = models.PositiveSmallIntegerField(_("slot"), null=True, blank=True, editable=False)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("planned end date"), null=True, blank=True)
    activated_on = models.DateField(_("active since"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True)
    predecessor = models.OneToOneField(
        "self",
        verbose_name=_("takes over from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successor",
    )
    capacity_reason = models.TextField(_("reason for going past the helper's capacity"), blank=True)
    eligibility_reason = models.TextField(
        _("reason for pairing a village that is not (or no longer) poor"), blank=True
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    objects = PairingQuerySet.as_manager()

    class Meta:
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        ordering = ["village__code", "slot", "id"]
        indexes = [
            models.Index(fields=["county", "status"]),
            models.Index(fields=["helper", "status"]),
            models.Index(fields=["village", "status"]),
        ]
        constraints = [
            # The five-helper rule (seed §四(一)): one slot 1..5 per pairing that holds one.
            models.UniqueConstraint(
                fields=["village", "slot"],
                condition=Q(slot__isnull=False),
                name="pairing_one_helper_per_slot",
            ),
            models.CheckConstraint(
                condition=Q(slot__isnull=True) | Q(slot__gte=1, slot__lte=MAX_SLOTS),
                name="pairing_slot_1_to_5",
            ),
            models.CheckConstraint(
                condition=(Q(status__in=SLOT_STATUSES) & Q(slot__isnull=False))
                | (~Q(status__in=SLOT_STATUSES) & Q(slot__isnull=True)),
                name="pairing_slot_iff_active",
            ),
            models.UniqueConstraint(
                fields=["helper", "village"],
                condition=Q(status__in=OPEN_STATUSES),
                name="pairing_one_open_per_helper_village",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="pairing_end_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=CLOSED_STATUSES) | Q(ended_on__isnull=False),
                name="pairing_closed_has_end_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.helper} → {self.village}"

    def get_absolute_url(self) -> str:
        return reverse("pairing:detail", args=[self.number])

    @property
    def natural_key_value(self) -> str:
        return self.number

    @property
    def pathway_list(self) -> list[str]:
        return pathway_list(self.pathways)

    @pathway_list.setter
    def pathway_list(self, values) -> None:
        self.pathways = pathway_value(values)

    def pathway_labels(self) -> list[str]:
        return [str(Pathway(p).label) for p in self.pathway_list]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def save(self, *args, **kwargs):
        self.county_id = self.village.county_id
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "county"}
        super().save(*args, **kwargs)


class Agreement(BusinessModel):
    """The written agreement of a pairing (帮扶协议, attachment 1): the signed scan on file."""

    pairing = models.OneToOneField(
        Pairing, verbose_name=_("pairing"), on_delete=models.CASCADE, related_name="agreement"
    )
    signed_on = models.DateField(_("signed on"))
    scan = models.ForeignKey(
        "core.StoredFile",
        verbose_name=_("signed scan"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    helper_signatory = models.CharField(_("signed for the helper by"), max_length=32, blank=True)
    village_signatory = models.CharField(_("signed for the village by"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.pairing.number
