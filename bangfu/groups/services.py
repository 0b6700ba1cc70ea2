"""Actions on the leading groups (attachment 3) and demonstration villages (attachment 4).

One function per business action, audited by `BusinessModel`, in a transaction; who may do
what is in `groups.rules`: a county office keeps its own county's roster and enters the
recommendations for its county, the city office may do both for every county and alone
selects the demonstration villages, at most the programme's quota (9).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts.guards import require
from bangfu.core.text import normalize_text
from bangfu.groups.models import DemonstrationRecommendation, GroupRole, LeadingGroupMember
from bangfu.groups.rules import clean_email, clean_phone, may_select, require_county
from bangfu.groups.selectors import selected_count
from bangfu.places.models import Division, Programme, RegionPairing

# --------------------------------------------------------------------------- roster


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
    require_county(user, county, "reporting.roster")
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
    require_county(user, member.county, "reporting.roster")
    with transaction.atomic():
        member.delete()


# --------------------------------------------------------------------------- demonstration


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
    require_county(user, county, "reporting.demonstration")
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
        require_county(user, region_pairing.county, "reporting.demonstration")
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
