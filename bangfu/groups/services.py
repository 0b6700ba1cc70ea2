"""Leading groups (领导小组, attachment 3) and demonstration villages (示范村, attachment 4).

Services (one function per business action, audited by `BusinessModel`, in a transaction)
and selectors (scoped reads) of the two forms a county files first. Who may write:

- a county office (`reporting.submit`) keeps its own county's roster and enters the
  recommendation of the helping districts that help its county;
- the city office (`reporting.review`) may do both for every county and alone selects the
  demonstration villages, at most the programme's quota (9).

The liaisons' contacts are published on /public/ on purpose (officials acting in office);
`public_liaisons` and `public_seeking_villages` are the only reads that serve anonymous users
and they return public facts only.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts import audit
from bangfu.accounts.guards import require
from bangfu.accounts.roles import Role, can
from bangfu.core.identifiers.mobile import validate_mobile
from bangfu.core.text import normalize_text
from bangfu.groups.models import DemonstrationRecommendation, GroupRole, LeadingGroupMember
from bangfu.places.models import Division, Programme, RegionPairing
from bangfu.places.programme import programme_counties

# --------------------------------------------------------------------------- who may act


def may_edit_county(user, county_id: int | None) -> bool:
    """The city office for every county; a county office for its own county only."""
    if can(user, "reporting.review"):
        return True
    return (
        can(user, "reporting.submit")
        and user.role == Role.COUNTY
        and county_id is not None
        and user.county_id == county_id
    )


def may_select(user) -> bool:
    return can(user, "reporting.review")


def _require_county(user, county: Division, what: str) -> None:
    """Refuse with a clear message a county office writing for another county (it knows the
    other counties exist: they are on the public page); refuse others with 403."""
    if may_edit_county(user, county.pk):
        return
    if can(user, "reporting.submit") and user.role == Role.COUNTY:
        audit.record(event="access_denied", obj=county, outcome="denied", detail=what)
        raise ValidationError(
            _("You keep the records of %(own)s only; %(county)s is another county's.")
            % {"own": user.county.name if user.county_id else "—", "county": county.name},
            code="other_county",
        )
    require(False, what, county)


def _require_county_page(user, county: Division) -> None:
    """A form page of `county`: 403 for a role that may not write it."""
    require(may_edit_county(user, county.pk), "reporting.edit", county)


# --------------------------------------------------------------------------- counties


def counties_for_user(user, programme: Programme) -> list[Division]:
    """The programme's counties `user` may see: all five, or a county office's own."""
    counties = programme_counties(programme)
    if getattr(user, "role", None) == Role.COUNTY:
        return [c for c in counties if c.pk == user.county_id]
    if not can(user, "reporting.read"):
        return []
    return counties


def county_get_for_user(*, user, programme: Programme, code: str) -> Division:
    """A county of the programme in `user`'s scope, by its code; 404 otherwise."""
    for county in counties_for_user(user, programme):
        if county.code == code:
            return county
    raise Http404(_("No such county"))


# --------------------------------------------------------------------------- roster: reads


def roster_for_user(*, user, programme: Programme, county: Division | None = None):
    qs = LeadingGroupMember.objects.for_user(user).filter(programme=programme)
    if county is not None:
        qs = qs.filter(county=county)
    return qs.select_related("county").order_by("county__code", "order", "id")


def member_get_for_user(*, user, pk: int) -> LeadingGroupMember:
    """One member in `user`'s scope; out of scope and missing are the same 404."""
    member = LeadingGroupMember.objects.for_user(user).select_related("county").filter(pk=pk)
    found = member.first()
    if found is None:
        raise Http404(_("No such member"))
    return found


def roster_problems(programme: Programme, county: Division) -> list[str]:
    """What keeps the roster (attachment 3) from being filed, in the user's language: no
    member at all, no leader, no liaison, a liaison with neither a phone nor an e-mail."""
    members = list(
        LeadingGroupMember.objects.filter(programme=programme, county=county).order_by(
            "order", "id"
        )
    )
    return roster_problems_of(county, members)


def roster_problems_of(county: Division, members: list[LeadingGroupMember]) -> list[str]:
    """`roster_problems` for members already read (one county's, in order)."""
    if not members:
        return [_("%(county)s has no leading group roster yet.") % {"county": county.name}]
    problems = []
    roles = {m.group_role for m in members}
    if GroupRole.LEADER not in roles:
        problems.append(_("The leading group has no leader."))
    liaisons = [m for m in members if m.group_role == GroupRole.LIAISON]
    if not liaisons:
        problems.append(_("The leading group has no liaison: name one with a phone number."))
    for m in liaisons:
        if not m.phone:
            problems.append(_("The liaison %(name)s has no phone number.") % {"name": m.name})
    return problems


# --------------------------------------------------------------------------- roster: writes

_LANDLINE = re.compile(r"^(0\d{2,3})[- ]?(\d{7,8})(?:[- ]?(?:转|ext\.?|x)?\s*(\d{1,6}))?$")


def clean_phone(value: str) -> str:
    """A mainland mobile number (11 digits) or an office landline with its area code
    (“0314-2023456”, an extension allowed). Empty stays empty."""
    text = normalize_text(value)
    if not text:
        return ""
    compact = text.replace("（", "(").replace("）", ")").replace("(", "").replace(")", "")
    landline = _LANDLINE.match(compact)
    if landline:
        area, number, ext = landline.groups()
        return f"{area}-{number}" + (f"-{ext}" if ext else "")
    try:
        return validate_mobile(text)
    except ValidationError:
        raise ValidationError(
            {
                "phone": _(
                    "“%(value)s” is not a phone number: write a mobile number (11 digits) or "
                    "an office number with its area code, e.g. 0314-2023456."
                )
                % {"value": text}
            },
            code="phone",
        ) from None


def clean_email(value: str) -> str:
    text = normalize_text(value)
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError:
        raise ValidationError(
            {"email": _("“%(value)s” is not an e-mail address.") % {"value": text}},
            code="email",
        ) from None
    return text


def _fill_member(member: LeadingGroupMember, data: dict) -> None:
    errors: dict[str, list] = {}
    member.name = normalize_text(data.get("name", member.name))[:40]
    member.unit = normalize_text(data.get("unit", member.unit))[:80]
    member.post = normalize_text(data.get("post", member.post))[:60]
    member.group_role = data.get("group_role", member.group_role) or ""
    member.order = int(data.get("order", member.order) or 0)
    if not member.name:
        errors.setdefault("name", []).append(_("Write the member's name."))
    if not member.unit:
        errors.setdefault("unit", []).append(_("Write the member's unit."))
    if member.group_role not in GroupRole.values:
        errors.setdefault("group_role", []).append(_("Choose the role in the group."))
    for name, clean in (("phone", clean_phone), ("email", clean_email)):
        try:
            setattr(member, name, clean(data.get(name, getattr(member, name))))
        except ValidationError as exc:
            for message in exc.message_dict[name]:
                errors.setdefault(name, []).append(message)
    if member.group_role == GroupRole.LIAISON and not member.phone and "phone" not in errors:
        errors.setdefault("phone", []).append(
            _("A liaison is published for enterprises: give a phone number.")
        )
    if errors:
        raise ValidationError(errors)


def member_save(
    *,
    user,
    programme: Programme,
    county: Division,
    member: LeadingGroupMember | None = None,
    **data,
) -> LeadingGroupMember:
    """Add a member to a county's leading group, or change one (name, role in the group,
    post, unit, phone, e-mail, order). Phone: mobile or office landline; e-mail checked."""
    if member is not None:
        county = member.county
    _require_county(user, county, "reporting.roster")
    if county.level != "county":
        raise ValidationError(_("A leading group belongs to a county."))
    if member is None:
        member = LeadingGroupMember(programme=programme, county=county)
        if "order" not in data or data.get("order") in (None, ""):
            last = (
                LeadingGroupMember.objects.filter(programme=programme, county=county)
                .order_by("-order")
                .values_list("order", flat=True)
                .first()
            )
            data["order"] = (last or 0) + 1
    _fill_member(member, data)
    with transaction.atomic():
        member.save()
    return member


def member_remove(*, user, member: LeadingGroupMember) -> None:
    """Take a member off the roster (audited with the values removed)."""
    _require_county(user, member.county, "reporting.roster")
    with transaction.atomic():
        member.delete()


# --------------------------------------------------------------------------- demonstration


def recommendations_for_user(
    *, user, programme: Programme, county: Division | None = None, selected_only: bool = False
):
    qs = DemonstrationRecommendation.objects.for_user(user).filter(programme=programme)
    if county is not None:
        qs = qs.filter(county=county)
    if selected_only:
        qs = qs.filter(selected=True)
    return qs.select_related("county", "village", "village__parent", "region_pairing").order_by(
        "county__code", "region_pairing__helping_district"
    )


def recommendation_get_for_user(*, user, pk: int) -> DemonstrationRecommendation:
    found = (
        DemonstrationRecommendation.objects.for_user(user)
        .select_related("county", "village", "region_pairing", "programme")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404(_("No such recommendation"))
    return found


def region_pairing_get_for_user(*, user, programme: Programme, pk: int) -> RegionPairing:
    found = (
        RegionPairing.objects.for_user(user)
        .select_related("county")
        .filter(programme=programme, pk=pk)
        .first()
    )
    if found is None or not can(user, "reporting.read"):
        raise Http404(_("No such helping district"))
    return found


def selected_count(programme: Programme) -> int:
    return DemonstrationRecommendation.objects.filter(programme=programme, selected=True).count()


def _check_village(region_pairing: RegionPairing, village: Division | None) -> None:
    from bangfu.registry.models import VillageProfile

    if village is None or village.level != "village":
        raise ValidationError({"village": _("Choose a village.")}, code="village")
    if village.county_id != region_pairing.county_id:
        raise ValidationError(
            {
                "village": _(
                    "%(village)s is not in %(county)s: %(district)s recommends a village of "
                    "the county it helps."
                )
                % {
                    "village": village.name,
                    "county": region_pairing.county.name,
                    "district": region_pairing.helping_district,
                }
            },
            code="other_county",
        )
    if not VillageProfile.objects.filter(village=village, is_registered_poor=True).exists():
        raise ValidationError(
            {
                "village": _(
                    "%(village)s is not a registered poor village; a demonstration village is "
                    "chosen among the county's poor villages."
                )
                % {"village": village.name}
            },
            code="not_poor",
        )


def recommendation_save(
    *,
    user,
    programme: Programme,
    region_pairing: RegionPairing,
    village: Division | None,
    reasons: str,
    industry: str = "",
    recommended_by: str = "",
    recommended_on: dt.date | None = None,
) -> DemonstrationRecommendation:
    """The helping district's recommended demonstration village (attachment 4): a registered
    poor village of the county it helps, with the reasons. One per helping district: saving
    again changes it; a selected village stays until the city office unselects it."""
    county = region_pairing.county
    _require_county(user, county, "reporting.demonstration")
    if region_pairing.programme_id != programme.pk:
        raise ValidationError(_("This helping district belongs to another programme."))
    errors = {}
    reasons = (reasons or "").strip()
    if not reasons:
        errors["reasons"] = _("Give the reasons for recommending this village.")
    recommended_on = recommended_on or timezone.localdate()
    if recommended_on > timezone.localdate():
        errors["recommended_on"] = _("The date of the recommendation cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    _check_village(region_pairing, village)
    with transaction.atomic():
        RegionPairing.objects.select_for_update().filter(pk=region_pairing.pk).first()
        rec = DemonstrationRecommendation.objects.filter(region_pairing=region_pairing).first()
        if rec is None:
            rec = DemonstrationRecommendation(programme=programme, region_pairing=region_pairing)
        elif rec.selected and rec.village_id != village.pk:
            raise ValidationError(
                {
                    "village": _(
                        "%(village)s has been selected as a demonstration village; the city "
                        "office must unselect it before another village is recommended."
                    )
                    % {"village": rec.village.name}
                },
                code="selected",
            )
        rec.county = county
        rec.village = village
        rec.reasons = reasons
        rec.industry = normalize_text(industry)[:100]
        rec.recommended_by = normalize_text(recommended_by)[:80]
        rec.recommended_on = recommended_on
        try:
            with transaction.atomic():
                rec.save()
        except IntegrityError:
            raise ValidationError(
                _("%(district)s has already recommended a village; change that recommendation.")
                % {"district": region_pairing.helping_district},
                code="one_per_district",
            ) from None
    return rec


def recommendation_create(
    *, user, programme: Programme, region_pairing: RegionPairing, **data
) -> DemonstrationRecommendation:
    """A new recommendation: refused with a clear message when the helping district has
    one already (one per helping district)."""
    existing = DemonstrationRecommendation.objects.filter(region_pairing=region_pairing).first()
    if existing is not None:
        _require_county(user, region_pairing.county, "reporting.demonstration")
        raise ValidationError(
            _(
                "%(district)s has already recommended %(village)s; a helping district "
                "recommends one village: change that recommendation instead."
            )
            % {"district": region_pairing.helping_district, "village": existing.village.name},
            code="one_per_district",
        )
    return recommendation_save(
        user=user, programme=programme, region_pairing=region_pairing, **data
    )


def _mark_profile(village_id: int, value: bool) -> None:
    from bangfu.registry.models import VillageProfile

    profile = VillageProfile.objects.filter(village_id=village_id).first()
    if profile is not None and profile.is_demonstration != value:
        profile.is_demonstration = value
        profile.save(update_fields=["is_demonstration"])


def recommendation_select(
    *, user, recommendation: DemonstrationRecommendation, note: str = "", on: dt.date | None = None
) -> DemonstrationRecommendation:
    """The city office selects a recommended village as a demonstration village: at most the
    programme's quota (9) are selected at a time; the tenth is refused."""
    require(may_select(user), "reporting.review", recommendation)
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=recommendation.programme_id)
        rec = DemonstrationRecommendation.objects.select_related("village").get(
            pk=recommendation.pk
        )
        if rec.selected:
            raise ValidationError(
                _("%(village)s is already selected.") % {"village": rec.village.name},
                code="already",
            )
        taken = selected_count(programme)
        if taken >= programme.demonstration_quota:
            raise ValidationError(
                _(
                    "%(n)d demonstration villages are already selected, the programme's "
                    "quota; unselect one before selecting %(village)s."
                )
                % {"n": taken, "village": rec.village.name},
                code="quota",
            )
        rec.selected = True
        rec.selected_on = on or timezone.localdate()
        rec.selection_note = (note or "").strip()[:200]
        rec.save(update_fields=["selected", "selected_on", "selection_note"])
        _mark_profile(rec.village_id, True)
    recommendation.refresh_from_db()
    return rec


def recommendation_unselect(
    *, user, recommendation: DemonstrationRecommendation, note: str = ""
) -> DemonstrationRecommendation:
    """The city office takes a village off the selected demonstration villages (with a note)."""
    require(may_select(user), "reporting.review", recommendation)
    with transaction.atomic():
        rec = (
            DemonstrationRecommendation.objects.select_for_update()
            .select_related("village")
            .get(pk=recommendation.pk)
        )
        if not rec.selected:
            raise ValidationError(
                _("%(village)s is not selected.") % {"village": rec.village.name}, code="not"
            )
        rec.selected = False
        rec.selected_on = None
        rec.selection_note = (note or "").strip()[:200]
        rec.save(update_fields=["selected", "selected_on", "selection_note"])
        still = DemonstrationRecommendation.objects.filter(
            village_id=rec.village_id, selected=True
        ).exists()
        if not still:
            _mark_profile(rec.village_id, False)
    recommendation.refresh_from_db()
    return rec


# --------------------------------------------------------------------------- public page


@dataclass(frozen=True)
class SeekingVillage:
    """Public facts of a poor village still seeking helpers: no household data at all."""

    county: str
    township: str
    village: str
    industries: str
    resources: str
    places_free: int


def public_liaisons(programme: Programme) -> list[tuple[Division, list[LeadingGroupMember]]]:
    """Each county of the programme with its liaison persons (published on purpose)."""
    members = (
        LeadingGroupMember.objects.filter(programme=programme, group_role=GroupRole.LIAISON)
        .select_related("county")
        .order_by("county__code", "order", "id")
    )
    by_county: dict[int, list[LeadingGroupMember]] = {}
    for m in members:
        by_county.setdefault(m.county_id, []).append(m)
    return [(c, by_county.get(c.pk, [])) for c in programme_counties(programme)]


def public_seeking_villages(programme: Programme) -> list[SeekingVillage]:
    """Registered poor villages not exited with no active pairing, in the programme's
    counties, with the helper places still free (the programme's maximum minus the pairings
    holding a place). Only the village profile's public facts are read."""
    from bangfu.pairing.models import SLOT_STATUSES, Pairing, Status
    from bangfu.registry.models import VillageProfile

    counties = [c.pk for c in programme_counties(programme)]
    rows = (
        VillageProfile.objects.filter(
            is_registered_poor=True, exited_on__isnull=True, county_id__in=counties
        )
        .annotate(
            covered=Exists(
                Pairing.objects.filter(village_id=OuterRef("village_id"), status=Status.ACTIVE)
            ),
            holding=Count(
                "village__pairings", filter=Q(village__pairings__status__in=SLOT_STATUSES)
            ),
        )
        .filter(covered=False)
        .order_by("village__code")
        .values_list(
            "county__name",
            "village__parent__name",
            "village__name",
            "main_industries",
            "resources",
            "holding",
        )
    )
    limit = programme.max_helpers_per_village
    return [
        SeekingVillage(
            county=county,
            township=township or "",
            village=village,
            industries=industries or "",
            resources=resources or "",
            places_free=max(limit - holding, 0),
        )
        for county, township, village, industries, resources, holding in rows
    ]
