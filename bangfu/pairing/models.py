"""Pairings (结对帮扶): a helper and a poor village, their agreement, plan, visits and relays.

The five-helper rule lives in the database: an active (or suspended) pairing holds a slot
1–5 of its village, with a unique index on (village, slot) among pairings that hold one and
a check that the slot is between 1 and 5 — so that no interleaving of requests, on SQLite or
PostgreSQL, can give a village a sixth helper. Services pick the lowest free slot up to the
programme's own limit. A second partial unique index keeps one open pairing per helper and
village.
"""

from __future__ import annotations

import datetime as dt

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
