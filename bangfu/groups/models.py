"""Leading groups (领导小组, attachment 3) and demonstration-village recommendations (示范村).

The recommendations are attachment 4. The tables keep the names they had in the reporting
app (`reporting_leadinggroupmember`, …)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bangfu.core.models import BusinessModel
from bangfu.places.models import scope_q


class GroupRole(models.TextChoices):
    LEADER = "leader", _("leader")
    DEPUTY = "deputy", _("deputy leader")
    MEMBER = "member", _("member")
    LIAISON = "liaison", _("liaison")


class LeadingGroupMemberQuerySet(models.QuerySet):
    def for_user(self, user):
        q = scope_q(user, county_field="county", helper_visible=False)
        return self if q is None else self.filter(q)


class LeadingGroupMember(BusinessModel):
    """A member of a county's leading group (领导小组, attachment 3). These are officials
    acting in office: the liaisons' contacts are published on the public page on purpose."""

    programme = models.ForeignKey(
        "places.Programme", verbose_name=_("programme"), on_delete=models.CASCADE
    )
    county = models.ForeignKey(
        "places.Division",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "county"},
    )
    name = models.CharField(_("name"), max_length=40)
    group_role = models.CharField(_("role in the group"), max_length=8, choices=GroupRole.choices)
    post = models.CharField(_("post"), max_length=60, blank=True)
    unit = models.CharField(_("unit"), max_length=80)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = LeadingGroupMemberQuerySet.as_manager()

    class Meta:
        db_table = "reporting_leadinggroupmember"
        verbose_name = _("leading group member")
        verbose_name_plural = _("leading group members")
        ordering = ["county__code", "order", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_group_role_display()})"


class RecommendationQuerySet(models.QuerySet):
    def for_user(self, user):
        q = scope_q(user, county_field="county", helper_visible=False)
        return self if q is None else self.filter(q)


class DemonstrationRecommendation(BusinessModel):
    """A helping district's recommended demonstration village (示范村, attachment 4) in the
    county it helps; the city office selects at most the programme's quota (9)."""

    programme = models.ForeignKey(
        "places.Programme", verbose_name=_("programme"), on_delete=models.CASCADE
    )
    region_pairing = models.ForeignKey(
        "places.RegionPairing", verbose_name=_("helping district"), on_delete=models.PROTECT
    )
    county = models.ForeignKey(
        "places.Division", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        "places.Division", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    reasons = models.TextField(_("reasons"))
    industry = models.CharField(_("leading industry"), max_length=100, blank=True)
    recommended_by = models.CharField(_("recommended by"), max_length=80, blank=True)
    recommended_on = models.DateField(_("recommended on"))
    selected = models.BooleanField(_("selected"), default=False)
    selected_on = models.DateField(_("selected on"), null=True, blank=True)
    selection_note = models.CharField(_("selection note"), max_length=200, blank=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        db_table = "reporting_demonstrationrecommendation"
        verbose_name = _("demonstration village recommendation")
        verbose_name_plural = _("demonstration village recommendations")
        ordering = ["county__code", "region_pairing__helping_district"]
        constraints = [
            models.UniqueConstraint(
                fields=["region_pairing"], name="one_recommendation_per_helping_district"
            ),
            models.CheckConstraint(
                condition=Q(selected=False) | Q(selected_on__isnull=False),
                name="selected_recommendation_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_pairing.helping_district} → {self.village}"
