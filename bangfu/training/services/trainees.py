"""The roster of a session: add, change or remove trainees, match them to the poor registry.

Each action ends with `roster_sync`, so that the record the session reports counts the
roster (sessions.py).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from bangfu.accounts.guards import require
from bangfu.core import crypto
from bangfu.core.identifiers.resident_id import validate_id_number
from bangfu.core.text import normalize_text
from bangfu.places.models import Division
from bangfu.registry.models import Household, Member
from bangfu.training.models import Trainee, TrainingSession
from bangfu.training.rules import may_record_session

from .sessions import roster_sync


def match_household(id_hash: str) -> Household | None:
    """The registered poor household whose head or member has this ID number (keyed hash)."""
    household = Household.objects.filter(id_hash=id_hash).first()
    if household is not None:
        return household
    member = Member.objects.filter(id_hash=id_hash).select_related("household").first()
    return member.household if member is not None else None


def clean_trainee(session: TrainingSession, *, name, id_number, village, today=None) -> dict:
    """A trainee's values checked (name, ID number, a village of the session's county)."""
    errors = {}
    name = normalize_text(name)[:32]
    if not name:
        errors["name"] = _("Write the trainee's name.")
    try:
        number = validate_id_number(id_number, today=today)
    except ValidationError as exc:
        errors["id_number"] = exc.messages
        number = ""
    if village is None or village.level != "village":
        errors["village"] = _("Choose the trainee's village.")
    elif village.county_id != session.county_id:
        errors["village"] = _(
            "%(village)s is not in %(county)s: a session's trainees come from the county "
            "it was held for."
        ) % {"village": village.name, "county": session.county.name}
    if errors:
        raise ValidationError(errors)
    return {"name": name, "id_number": number, "village": village}


def _duplicate(session, id_hash, exclude=None):
    qs = Trainee.objects.filter(session=session, id_hash=id_hash)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.first()


def trainee_save(
    *,
    user,
    session: TrainingSession,
    name: str,
    id_number: str,
    village: Division | None,
    certificate_no: str = "",
    trainee: Trainee | None = None,
) -> Trainee:
    """Add a trainee to a session's roster, or change one; the record the session reports
    follows the roster's counts."""
    if trainee is not None:
        session = trainee.session
    require(may_record_session(user, session), "training.record", session)
    values = clean_trainee(session, name=name, id_number=id_number, village=village)
    id_hash = crypto.keyed_hash(values["id_number"])
    other = _duplicate(session, id_hash, exclude=trainee)
    if other is not None:
        raise ValidationError(
            {
                "id_number": _("%(name)s with this ID number is already on this roster.")
                % {"name": other.name}
            },
            code="duplicate",
        )
    with transaction.atomic():
        trainee = trainee or Trainee(session=session)
        trainee.name = values["name"]
        trainee.id_number = values["id_number"]
        trainee.village = values["village"]
        trainee.certificate_no = normalize_text(certificate_no)[:40]
        trainee.household = match_household(id_hash)
        try:
            with transaction.atomic():
                trainee.save()
        except IntegrityError:
            raise ValidationError(
                {"id_number": _("This person is already on this roster.")}, code="duplicate"
            ) from None
        roster_sync(user=user, record=session.assistance, source=f"trainee {trainee.pk}")
    return trainee


def trainee_remove(*, user, trainee: Trainee) -> None:
    """Take a trainee off the roster (audited); the record follows the roster's counts."""
    session = trainee.session
    require(may_record_session(user, session), "training.record", trainee)
    with transaction.atomic():
        pk = trainee.pk
        trainee.delete()
        roster_sync(user=user, record=session.assistance, source=f"trainee {pk} removed")


def session_rematch(*, user, session: TrainingSession) -> int:
    """Match the roster to the poor registry again (households registered since): returns
    how many trainees changed; the record follows."""
    require(may_record_session(user, session), "training.record", session)
    changed = 0
    with transaction.atomic():
        for trainee in session.trainees.all():
            household = match_household(trainee.id_hash)
            if trainee.household_id != getattr(household, "pk", None):
                trainee.household = household
                trainee.save(update_fields=["household"])
                changed += 1
        roster_sync(user=user, record=session.assistance, source=f"session {session.pk} rematch")
    return changed


def roster_add(*, user, session: TrainingSession, people: list[dict]) -> list[Trainee]:
    """Add many trainees to a session at once (name, id_number, village, certificate_no
    each), all or none: the first bad one refuses the lot, naming it. One sync of the record
    at the end."""
    require(may_record_session(user, session), "training.record", session)
    added: list[Trainee] = []
    seen: set[str] = set()
    with transaction.atomic():
        for i, person in enumerate(people, start=1):
            try:
                values = clean_trainee(
                    session,
                    name=person.get("name", ""),
                    id_number=person.get("id_number", ""),
                    village=person.get("village"),
                )
            except ValidationError as exc:
                raise ValidationError(
                    _("Person %(i)d: %(problem)s") % {"i": i, "problem": "；".join(exc.messages)}
                ) from None
            id_hash = crypto.keyed_hash(values["id_number"])
            if id_hash in seen or _duplicate(session, id_hash) is not None:
                raise ValidationError(
                    _("Person %(i)d (%(name)s) is already on this roster.")
                    % {"i": i, "name": values["name"]},
                    code="duplicate",
                )
            seen.add(id_hash)
            trainee = Trainee(
                session=session,
                certificate_no=normalize_text(person.get("certificate_no", ""))[:40],
                household=match_household(id_hash),
                **values,
            )
            trainee.save()
            added.append(trainee)
        roster_sync(user=user, record=session.assistance, source=f"session {session.pk} roster")
    return added
