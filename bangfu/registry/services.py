"""Registry actions: one function per business action, each in one audited transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bangfu.accounts import audit
from bangfu.core import crypto
from bangfu.core.identifiers.mobile import validate_mobile
from bangfu.core.identifiers.resident_id import id_birth_date, id_sex, validate_id_number

from .models import Household, Member, VillageProfile


@transaction.atomic
def village_profile_save(*, user, profile: VillageProfile, **fields) -> VillageProfile:
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean(exclude=["county"])
    profile.save()
    return profile


def refuse_undecryptable(obj, *names: str) -> None:
    """A value the configured keys cannot open is never saved over (nor as the placeholder):
    the change is refused with the key id, and the stored value stays as it was."""
    errors = {
        name: _(
            "The stored value cannot be decrypted with the configured keys (key id %(kid)s), "
            "so this record cannot be saved; ask the system administrator to restore the key."
        )
        % {"kid": getattr(obj, name).key_id or "-"}
        for name in names
        if isinstance(getattr(obj, name), crypto.Undecryptable)
    }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def household_save(*, user, household: Household, **fields) -> Household:
    """Create or update a household; the head's ID and phone are validated and normalised."""
    for name, value in fields.items():
        setattr(household, name, value)
    refuse_undecryptable(household, "id_number", "phone")
    household.id_number = validate_id_number(household.id_number)
    household.phone = validate_mobile(household.phone) if household.phone else ""
    h = crypto.keyed_hash(household.id_number)
    clash = Household.objects.filter(id_hash=h).exclude(pk=household.pk).first()
    if clash is not None:
        raise ValidationError(
            {
                "id_number": _("Another household (%(ref)s) has this head's ID number.")
                % {"ref": clash.ref}
            }
        )
    household.full_clean(
        exclude=["county", "id_hash", "phone_hash", "head_initials", "id_number", "phone", "ref"]
    )
    household.save()
    return household


@transaction.atomic
def member_save(*, user, household: Household, member: Member | None = None, **fields) -> Member:
    member = member or Member(household=household)
    for name, value in fields.items():
        setattr(member, name, value)
    member.household = household
    refuse_undecryptable(member, "id_number")
    member.id_number = validate_id_number(member.id_number)
    # a person belongs to one household only (the hash column is unique too)
    clash = (
        Member.objects.filter(id_hash=crypto.keyed_hash(member.id_number))
        .exclude(pk=member.pk)
        .select_related("household")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {
                "id_number": _("This person is already a member of household %(ref)s.")
                % {"ref": clash.household.ref}
            }
        )
    member.sex = id_sex(member.id_number)
    member.birth_date = id_birth_date(member.id_number)
    member.full_clean(exclude=["county", "id_hash", "id_number", "sex", "birth_date", "household"])
    member.save()
    return member


def personal_reveal(*, user, obj, field: str, reason: str) -> str:
    """Return the full value of a sensitive field; needs a reason, and is audited."""
    from bangfu.accounts.roles import can

    reason = (reason or "").strip()
    if not can(user, "personal.reveal"):
        audit.record(event="reveal", obj=obj, outcome="denied", detail=field)
        raise PermissionError("not allowed to reveal personal data")
    if len(reason) < 4:
        raise ValidationError(
            {"reason": _("Give a reason (at least 4 characters) for seeing the full number.")}
        )
    audit.record(event="reveal", obj=obj, detail=f"{field}: {reason}"[:500])
    return getattr(obj, field) or ""
