"""Training sessions: record or change one, and keep the record it reports on its roster.

Every change of a roster behind a training assistance record sets that record's persons
trained and poor persons trained to the roster's counts through the assistance app's
service (`assistance.services.roster`), in the same transaction: if the record refuses (its
half-year locked), the roster change is refused with it and nothing is half-written.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bangfu.accounts.guards import require
from bangfu.assistance.models import Assistance
from bangfu.assistance.services.roster import (
    assistance_roster_released,
    assistance_trained_from_roster,
    check_roster_record,
)
from bangfu.core.text import normalize_text
from bangfu.places.models import Division
from bangfu.training.models import Organiser, TrainingSession
from bangfu.training.rules import may_record, may_record_session
from bangfu.training.selectors import roster_counts


def _actor(user):
    return user if getattr(user, "pk", None) else None


# --------------------------------------------------------------------------- records


def roster_sync(*, user, record: Assistance | None, source: str = "") -> None:
    """The record's two training counts set to its sessions' roster (or released when no
    name is left behind it)."""
    if record is None:
        return
    persons, poor = roster_counts(record.pk)
    if persons:
        assistance_trained_from_roster(
            user=user, record=record, persons=persons, poor=poor, source=source
        )
    else:
        assistance_roster_released(user=user, record=record, source=source)


def _check_record(user, record: Assistance, county: Division, helper) -> None:
    if not Assistance.objects.for_user(user).filter(pk=record.pk).exists():
        raise ValidationError({"assistance": _("No assistance record of yours has this number.")})
    check_roster_record(record)
    if record.county_id != county.pk:
        raise ValidationError(
            {
                "assistance": _(
                    "Record %(number)s is of %(county)s; a session reports a record of its "
                    "own county."
                )
                % {"number": record.number, "county": record.county.name}
            },
            code="other_county",
        )
    if helper is not None and record.helper_id != helper.pk:
        raise ValidationError(
            {
                "assistance": _(
                    "Record %(number)s is %(other)s's; a session organised by %(helper)s "
                    "reports that helper's record."
                )
                % {"number": record.number, "other": record.helper.name, "helper": helper.name}
            },
            code="other_helper",
        )


# --------------------------------------------------------------------------- sessions


def _place(county, township, village) -> tuple[Division, Division | None, Division | None]:
    """The county, township and village of the session, checked to nest."""
    if village is not None:
        if village.level != "village":
            raise ValidationError({"village": _("Choose a village.")})
        if township is not None and township.pk != village.parent_id:
            raise ValidationError(
                {
                    "village": _("%(village)s is not in %(township)s.")
                    % {"village": village.name, "township": township.name}
                }
            )
        township = village.parent
    if township is not None:
        if township.level != "township":
            raise ValidationError({"township": _("Choose a township.")})
        if county is not None and township.county_id != county.pk:
            raise ValidationError(
                {
                    "township": _("%(township)s is not in %(county)s.")
                    % {"township": township.name, "county": county.name}
                }
            )
        county = township.county
    if county is None or county.level != "county":
        raise ValidationError({"county": _("Choose a county.")})
    return county, township, village


def session_save(
    *,
    user,
    course: str,
    starts_on: dt.date,
    ends_on: dt.date,
    place: str,
    county: Division | None = None,
    township: Division | None = None,
    village: Division | None = None,
    organiser: str = Organiser.INSTITUTE,
    helper=None,
    teacher: str = "",
    assistance: Assistance | None = None,
    note: str = "",
    session: TrainingSession | None = None,
) -> TrainingSession:
    """Record a training session, or change one; linking it to a training assistance record
    (or unlinking it) sets that record's training counts from the roster."""
    if session is not None:
        require(may_record_session(user, session), "training.record", session)
    if getattr(user, "role", None) == "helper":  # a liaison's sessions are its helper's
        organiser, helper = Organiser.HELPER, user.helper
    errors = {}
    course = normalize_text(course)[:100]
    place = normalize_text(place)[:100]
    if not course:
        errors["course"] = _("Name the course.")
    if not place:
        errors["place"] = _("Say where the session was held.")
    if starts_on is None:
        errors["starts_on"] = _("Give the first day of the session.")
    if ends_on is None:
        errors["ends_on"] = _("Give the last day of the session.")
    elif starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("The session cannot end before it starts.")
    if organiser not in Organiser.values:
        errors["organiser"] = _("Say who organised the session.")
    elif organiser == Organiser.HELPER and helper is None:
        errors["helper"] = _("Choose the helper that organised the session.")
    if errors:
        raise ValidationError(errors)
    if organiser == Organiser.INSTITUTE:
        helper = None
    county, township, village = _place(county, township, village)
    require(
        may_record(user, county_id=county.pk, helper_id=helper.pk if helper else None),
        "training.record",
        county,
    )
    if assistance is not None:
        _check_record(user, assistance, county, helper)
    with transaction.atomic():
        old_record = session.assistance if session is not None else None
        session = session or TrainingSession(recorded_by=_actor(user))
        for name, value in {
            "course": course,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "place": place,
            "county": county,
            "township": township,
            "village": village,
            "organiser": organiser,
            "helper": helper,
            "teacher": normalize_text(teacher)[:100],
            "assistance": assistance,
            "note": (note or "").strip(),
        }.items():
            setattr(session, name, value)
        session.save()
        source = f"session {session.pk}"
        if old_record is not None and old_record.pk != getattr(assistance, "pk", None):
            roster_sync(user=user, record=old_record, source=source)
        roster_sync(user=user, record=assistance, source=source)
    return session
