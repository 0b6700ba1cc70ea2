"""Persons trained drawn from names: the training roster sets a record's two training counts.

A training record (kind "training") that a training session reports takes its
`persons_trained` and `poor_trained` from the roster of its sessions (bangfu.training): the
training app calls `assistance_trained_from_roster` after every change of such a roster, and
`assistance_roster_released` when no named trainee is left behind the record. While the flag
is set, the record form shows the two counts as drawn from the roster, and `assistance_save`
refuses other values for them (docs/DECISIONS.md, issue 18).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bangfu.accounts import audit
from bangfu.accounts.guards import require

from ..models import Assistance, AssistanceStatus, Kind
from .rules import check_not_locked

ROSTER_FIELDS = ("persons_trained", "poor_trained")


def check_roster_record(record: Assistance) -> None:
    """A roster may feed only a training record that still counts or may still count."""
    if record.kind != Kind.TRAINING:
        raise ValidationError(
            {
                "assistance": _(
                    "Record %(number)s is not a training record; a training session reports "
                    "a record of the kind “training”."
                )
                % {"number": record.number}
            },
            code="not_training",
        )
    if record.status == AssistanceStatus.SUPERSEDED:
        raise ValidationError(
            {
                "assistance": _(
                    "Record %(number)s has been superseded by a correction; link the "
                    "correcting record instead."
                )
                % {"number": record.number}
            },
            code="superseded",
        )


def _lock(user, record: Assistance) -> Assistance:
    require(
        Assistance.objects.for_user(user).filter(pk=record.pk).exists(),
        "assistance.roster",
        record,
    )
    return Assistance.objects.select_for_update().select_related("county").get(pk=record.pk)


def assistance_trained_from_roster(
    *, user, record: Assistance, persons: int, poor: int, source: str = ""
) -> Assistance:
    """Set the record's persons trained and poor persons trained to the roster's counts
    (`persons` names, `poor` of them matched to registered poor households), and mark them as
    drawn from the roster. Audited (field changes, and the source). Refused in a half-year
    whose filing was accepted (locked), as every change of a record is."""
    if poor > persons or persons < 0 or poor < 0:
        raise ValueError("poor trainees outnumber trainees")
    with transaction.atomic():
        fresh = _lock(user, record)
        check_roster_record(fresh)
        unchanged = (
            fresh.trained_from_roster
            and fresh.persons_trained == persons
            and fresh.poor_trained == poor
        )
        if unchanged:
            return fresh
        check_not_locked(fresh.county, fresh.on)
        fresh.persons_trained = persons
        fresh.poor_trained = poor
        fresh.trained_from_roster = True
        fresh.save(update_fields=[*ROSTER_FIELDS, "trained_from_roster"])
        audit.record(
            event="trained_from_roster",
            obj=fresh,
            detail=f"{persons} trained, {poor} poor; {source}"[:200],
        )
    record.refresh_from_db()
    return fresh


def assistance_roster_released(*, user, record: Assistance, source: str = "") -> Assistance:
    """No named trainee is left behind the record: its two counts go back to 0 and may be
    typed again. Audited; refused in a locked half-year."""
    with transaction.atomic():
        fresh = _lock(user, record)
        if not fresh.trained_from_roster:
            return fresh
        check_not_locked(fresh.county, fresh.on)
        fresh.persons_trained = 0
        fresh.poor_trained = 0
        fresh.trained_from_roster = False
        fresh.save(update_fields=[*ROSTER_FIELDS, "trained_from_roster"])
        audit.record(event="roster_released", obj=fresh, detail=source[:200])
    record.refresh_from_db()
    return fresh


def check_roster_counts(record: Assistance | None, values: dict, kind: str) -> None:
    """An edit of a record whose counts come from a roster keeps them and its kind."""
    if record is None or not record.trained_from_roster:
        return
    errors = {}
    for name in ROSTER_FIELDS:
        if values.get(name) != getattr(record, name):
            errors[name] = _(
                "This count is drawn from the training roster (%(n)d names); change the "
                "roster, not the figure."
            ) % {"n": getattr(record, name)}
    if kind != record.kind:
        errors["kind"] = _(
            "A training session's roster feeds this record: it stays a training record."
        )
    if errors:
        raise ValidationError(errors, code="from_roster")
