"""Places: divisions, the programme, region pairings, service centres and workstations."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import CharField, Q
from django.db.models.functions import Length
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bangfu.core.models import BusinessModel

CharField.register_lookup(Length)


class Level(models.TextChoices):
    CITY = "city", _("city")
    COUNTY = "county", _("county")
    TOWNSHIP = "township", _("township")
    VILLAGE = "village", _("village")


CODE_LENGTH = {Level.CITY: 4, Level.COUNTY: 6, Level.TOWNSHIP: 9, Level.VILLAGE: 12}
PARENT_LEVEL = {
    Level.COUNTY: Level.CITY,
    Level.TOWNSHIP: Level.COUNTY,
    Level.VILLAGE: Level.TOWNSHIP,
}


def scope_q(user, *, county_field: str, helper_visible: bool = True) -> Q | None:
    """The row filter for `user` on a model whose county is reached by `county_field`.

    Returns None for "everything", Q(pk__in=[]) for "nothing". One place for the rule:
    programme-wide roles see all five counties, a county officer sees its own county,
    helper liaisons see public place facts, the auditor and the system administrator
    see no business data.
    """
    from bangfu.accounts.roles import PROGRAMME_WIDE, Role, can

    if not can(user, "business.read"):
        return Q(pk__in=[])
    if user.role in PROGRAMME_WIDE:
        return None
    if user.role == Role.COUNTY:
        return Q(**{county_field: user.county_id})
    if user.role == Role.HELPER and helper_visible:
        return None
    return Q(pk__in=[])


class DivisionQuerySet(models.QuerySet):
    def for_user(self, user):
        """Divisions `user` may see: a county officer its county and everything below it."""
        q = scope_q(user, county_field="county")
        if q is None:
            return self
        if getattr(user, "role", None) == "county":
            q = q | Q(pk=user.county_id)
        return self.filter(q)

    def search(self, text: str):
        """By name, by pinyin initials (“xbc” finds 下板城镇) or by code prefix."""
        text = (text or "").strip()
        if not text:
            return self.none()
        if text.isdigit():
            return self.filter(code__startswith=text)
        if text.isascii():
            return self.filter(initials__startswith=text.lower())
        return self.filter(name__contains=text)


class Division(BusinessModel):
    """A unit of the statistical division list (统计用区划代码): city, county, township, village.

    The code is the natural key: 4 digits for the city, 6 for a county, 9 for a township,
    12 for a village; each code starts with its parent's. `county` points at the county
    above (itself for a county) so that every scope filter is one indexed column.
    """

    code = models.CharField(_("code"), max_length=12, unique=True)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices, db_index=True)
    name = models.CharField(_("name"), max_length=64, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    county = models.ForeignKey(
        "self",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    initials = models.CharField(_("pinyin initials"), max_length=32, db_index=True, blank=True)

    objects = DivisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(level="city", code__length=4)
                    | Q(level="county", code__length=6)
                    | Q(level="township", code__length=9)
                    | Q(level="village", code__length=12)
                ),
                name="division_code_matches_level",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("places:division", args=[self.code])

    @property
    def natural_key_value(self) -> str:
        return self.code

    def clean(self):
        expected = CODE_LENGTH.get(self.level)
        if expected and (len(self.code or "") != expected or not (self.code or "").isdigit()):
            raise ValidationError(
                {
                    "code": _("A %(level)s code has %(n)d digits.")
                    % {"level": self.get_level_display(), "n": expected}
                }
            )
        if self.parent_id and not self.code.startswith(self.parent.code):
            raise ValidationError({"code": _("The code must start with the parent's code.")})


class Programme(BusinessModel):
    """A pairing-assistance action (科企帮万村) and the rules later parts read from it."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    max_helpers_per_village = models.PositiveSmallIntegerField(
        _("most helpers a village"), default=5, validators=[MinValueValidator(1)]
    )
    demonstration_quota = models.PositiveSmallIntegerField(_("demonstration villages"), default=9)
    # The plan's figures for the institute's line of work (seed §一): 122 township service
    # centres, 1,619 village workstations, 4,858 households selected for technical help.
    service_centres_target = models.PositiveIntegerField(
        _("township service centres (target)"), default=122
    )
    workstations_target = models.PositiveIntegerField(
        _("village workstations (target)"), default=1619
    )
    tech_help_target = models.PositiveIntegerField(_("tech-help households (target)"), default=4858)
    is_current = models.BooleanField(_("current"), default=False)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="programme_years_ordered"
            ),
            models.CheckConstraint(
                condition=Q(max_helpers_per_village__gte=1, max_helpers_per_village__lte=5),
                name="programme_helpers_1_to_5",
            ),
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_programme"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RegionPairingQuerySet(models.QuerySet):
    def for_user(self, user):
        q = scope_q(user, county_field="county")
        return self if q is None else self.filter(q)


class RegionPairing(BusinessModel):
    """A helping district (对口帮扶方, e.g. a Tianjin district) assigned to a helped county."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="region_pairings",
    )
    helping_district = models.CharField(_("helping district"), max_length=64)
    county = models.ForeignKey(
        Division,
        verbose_name=_("helped county"),
        on_delete=models.PROTECT,
        related_name="region_pairings",
        limit_choices_to={"level": "county"},
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = RegionPairingQuerySet.as_manager()

    class Meta:
        verbose_name = _("region pairing")
        verbose_name_plural = _("region pairings")
        ordering = ["county__code", "helping_district"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "helping_district", "county"], name="unique_region_pairing"
            )
        ]

    def __str__(self) -> str:
        return f"{self.helping_district} → {self.county}"


class ServicePointQuerySet(models.QuerySet):
    def for_user(self, user):
        q = scope_q(user, county_field="division__county")
        return self if q is None else self.filter(q)


class ServicePoint(BusinessModel):
    """The institute's township service centre (乡镇科技服务中心) or village workstation
    (村级科技服务工作站), attached to its division; kept by the institute (bangfu.institute)."""

    class Kind(models.TextChoices):
        CENTRE = "centre", _("township service centre")
        WORKSTATION = "workstation", _("village workstation")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("service point", "open")
        SUSPENDED = "suspended", pgettext_lazy("service point", "suspended")
        CLOSED = "closed", pgettext_lazy("service point", "closed")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    division = models.ForeignKey(
        Division,
        verbose_name=_("division"),
        on_delete=models.PROTECT,
        related_name="service_points",
    )
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    status_note = models.CharField(_("status note"), max_length=200, blank=True)

    objects = ServicePointQuerySet.as_manager()

    class Meta:
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        ordering = ["division__code", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["division", "kind"], name="one_point_per_division")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        wanted = Level.TOWNSHIP if self.kind == self.Kind.CENTRE else Level.VILLAGE
        if self.division_id and self.division.level != wanted:
            raise ValidationError(
                {
                    "division": _("A %(kind)s belongs to a %(level)s.")
                    % {"kind": self.get_kind_display(), "level": Level(wanted).label}
                }
            )


class ServiceStaff(BusinessModel):
    """A staff contact of a service point, published for helpers and villages."""

    point = models.ForeignKey(
        ServicePoint,
        verbose_name=_("service point"),
        on_delete=models.CASCADE,
        related_name="staff",
    )
    name = models.CharField(_("name"), max_length=32)
    post = models.CharField(_("post"), max_length=32, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_master = models.BooleanField(_("station master"), default=False)

    class Meta:
        verbose_name = _("service staff")
        verbose_name_plural = _("service staff")
        ordering = ["point", "-is_master", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["point"], condition=Q(is_master=True), name="one_master_per_point"
            )
        ]

    def __str__(self) -> str:
        return self.name
