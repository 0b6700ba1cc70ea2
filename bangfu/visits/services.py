"""Business actions on supervision visits (调研督导), their follow-ups and helpers' problems.

One business action each, keyword-only, checking the permission (permissions.py) and
writing in one audited transaction. Reads are in selectors.py.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts import audit
from bangfu.accounts.guards import require
from bangfu.accounts.roles import Role
from bangfu.accounts.selectors import offices_for
from bangfu.core.models import StaleRecordError
from bangfu.core.notifications import notify
from bangfu.core.uploads import store_evidence
from bangfu.pairing.models import Pairing
from bangfu.places.models import Division
from bangfu.visits.models import FollowUp, Visit
from bangfu.visits.permissions import may_close, may_edit_visit, may_record_visit

# A problem raised by a helper is due this many days after it was raised, unless the county
# office sets another date.
HELPER_PROBLEM_DAYS = 30


def actor(user):
    """The user to record as author of a row: None for a run without an account."""
    return user if getattr(user, "pk", None) else None


# --------------------------------------------------------------------------- visits


def _check_places(county: Division, villages, pairings) -> None:
    errors = {}
    wrong = [v.name for v in villages if v.level != "village" or v.county_id != county.pk]
    if wrong:
        errors["villages"] = _("Not villages of %(county)s: %(names)s.") % {
            "county": county.name,
            "names": "、".join(wrong),
        }
    wrong = [p.number for p in pairings if p.county_id != county.pk]
    if wrong:
        errors["pairings"] = _("Not pairings of %(county)s: %(numbers)s.") % {
            "county": county.name,
            "numbers": "、".join(wrong),
        }
    if errors:
        raise ValidationError(errors)


def visit_record(
    *,
    user,
    county: Division,
    visited_on: dt.date,
    participants: str,
    findings: str,
    problems: str = "",
    villages=(),
    pairings=(),
    uploads=(),
    follow_ups=(),
) -> Visit:
    """Record a supervision visit to one county, with its photos and files and, optionally,
    its follow-ups (dicts of `follow_up_add`'s fields)."""
    require(may_record_visit(user, county), "oversight.visit", county)
    if county.level != "county":
        raise ValidationError({"county": _("Choose a county.")})
    villages, pairings = list(villages), list(pairings)
    _check_places(county, villages, pairings)
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("A visit cannot be dated in the future.")})
    visit = Visit(
        county=county,
        visited_on=visited_on,
        participants=(participants or "").strip(),
        findings=(findings or "").strip(),
        problems=(problems or "").strip(),
        recorded_by=actor(user),
    )
    visit.full_clean(exclude=["villages", "pairings", "files", "recorded_by"])
    with transaction.atomic():
        files = [store_evidence(u, user=user) for u in uploads]
        visit.save()
        visit.villages.set(villages)
        visit.pairings.set(pairings)
        if files:
            visit.files.add(*files)
        for fields in follow_ups:
            follow_up_add(user=user, visit=visit, **fields)
    return visit


def visit_attach(*, user, visit: Visit, uploads) -> Visit:
    """Add photos and files to a recorded visit."""
    require(may_record_visit(user, visit.county_id), "oversight.visit", visit)
    with transaction.atomic():
        files = [store_evidence(u, user=user) for u in uploads]
        if files:
            visit.files.add(*files)
            audit.record(
                event="update", obj=visit, detail=_("%(n)d files added") % {"n": len(files)}
            )
    return visit


# what a correction may change: the county stays (its follow-ups and scope hang on it)
VISIT_EDITABLE = ("visited_on", "participants", "findings", "problems", "villages", "pairings")


def _names(rows, attr: str) -> str:
    return "、".join(sorted(str(getattr(r, attr)) for r in rows))


def _check_date_against_follow_ups(visit: Visit, visited_on: dt.date) -> None:
    """Its follow-ups were raised on the visit's day: the new day may not come after any of
    their due or closing dates."""
    for f in visit.follow_ups.all():
        limit = min(d for d in (f.due_on, f.closed_on) if d is not None)
        if visited_on > limit:
            raise ValidationError(
                {
                    "visited_on": _(
                        "The follow-up “%(problem)s” is due or closed on %(date)s, "
                        "before this date."
                    )
                    % {"problem": f.problem, "date": limit}
                }
            )


def visit_update(*, user, visit: Visit, version: int | None = None, **fields) -> Visit:
    """Correct a recorded visit: its date, who went, the findings and problems, the villages
    and pairings visited (only the fields given change). `version`, when given, must be the
    version read, or the edit is refused (已被他人修改) and nothing is written. Its
    follow-ups move with its date (they were raised on it); closed ones stay closed. Every
    change is in the visit's history."""
    require(may_edit_visit(user, visit), "oversight.visit", visit)
    unknown = set(fields) - set(VISIT_EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    if version is not None and version != visit.version:
        raise StaleRecordError(visit)
    errors = {}
    for name in ("participants", "findings"):
        if name in fields and not (fields[name] or "").strip():
            errors[name] = _("This field cannot be left empty.")
    visited_on = fields.get("visited_on", visit.visited_on)
    if visited_on is None:
        errors["visited_on"] = _("Give the date of the visit.")
    elif visited_on > timezone.localdate():
        errors["visited_on"] = _("A visit cannot be dated in the future.")
    if errors:
        raise ValidationError(errors)
    villages = list(fields.pop("villages")) if "villages" in fields else None
    pairings = list(fields.pop("pairings")) if "pairings" in fields else None
    _check_places(visit.county, villages or [], pairings or [])
    if visited_on != visit.visited_on:
        _check_date_against_follow_ups(visit, visited_on)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(visit, name, value.strip() if isinstance(value, str) else value)
        visit.full_clean(exclude=["villages", "pairings", "files", "recorded_by"])
        visit.save()  # refused (已被他人修改) when someone saved it since it was read
        changes = {}
        for name, rows, attr in (("villages", villages, "name"), ("pairings", pairings, "number")):
            if rows is None:
                continue
            manager = getattr(visit, name)
            before = list(manager.all())
            if {r.pk for r in before} != {r.pk for r in rows}:
                manager.set(rows)
                changes[name] = [_names(before, attr) or None, _names(rows, attr) or None]
        if changes:
            audit.record(event="update", obj=visit, changes=changes)
        for f in visit.follow_ups.exclude(raised_on=visit.visited_on):
            f.raised_on = visit.visited_on
            f.save(update_fields=["raised_on"])
    return visit


def follow_up_add(
    *,
    user,
    visit: Visit,
    problem: str,
    owner_name: str,
    due_on: dt.date,
    details: str = "",
    owner=None,
    village: Division | None = None,
    pairing: Pairing | None = None,
) -> FollowUp:
    """A problem found on a visit becomes a follow-up with an owner and a due date on or after
    the visit."""
    require(may_record_visit(user, visit.county_id), "oversight.visit", visit)
    errors = {}
    if not (problem or "").strip():
        errors["problem"] = _("Describe the problem.")
    if not (owner_name or "").strip():
        errors["owner_name"] = _("Name who follows it up (a person or a unit).")
    if due_on is None:
        errors["due_on"] = _("Give a due date.")
    elif due_on < visit.visited_on:
        errors["due_on"] = _("Due on %(due)s, before the visit (%(visit)s).") % {
            "due": due_on,
            "visit": visit.visited_on,
        }
    if village is not None and village.county_id != visit.county_id:
        errors["village"] = _("%(village)s is not in %(county)s.") % {
            "village": village.name,
            "county": visit.county.name,
        }
    if pairing is not None and pairing.county_id != visit.county_id:
        errors["pairing"] = _("This pairing is not in %(county)s.") % {"county": visit.county.name}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return FollowUp.objects.create(
            source=FollowUp.Source.VISIT,
            county_id=visit.county_id,
            visit=visit,
            village=village or (pairing.village if pairing else None),
            pairing=pairing,
            helper=pairing.helper if pairing else None,
            problem=problem.strip(),
            details=(details or "").strip(),
            raised_on=visit.visited_on,
            raised_by=actor(user),
            owner_name=owner_name.strip(),
            owner=owner,
            due_on=due_on,
        )


def follow_up_close(*, user, follow_up: FollowUp, note: str, on: dt.date | None = None) -> FollowUp:
    """Close a follow-up with the note of what was done (refused without a note)."""
    require(may_close(user, follow_up), "follow_up.close", follow_up)
    if follow_up.state != FollowUp.State.OPEN:
        raise ValidationError(_("This follow-up is already closed."))
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {"note": _("Say what was done: a follow-up is closed with a note.")}, code="no_note"
        )
    on = on or timezone.localdate()
    if on < follow_up.raised_on:
        raise ValidationError(
            {
                "on": _("A follow-up cannot close before it was raised (%(date)s).")
                % {"date": follow_up.raised_on}
            }
        )
    if on > timezone.localdate():
        raise ValidationError({"on": _("The closing date cannot be in the future.")})
    with transaction.atomic():
        follow_up.state = FollowUp.State.CLOSED
        follow_up.closing_note = note
        follow_up.closed_on = on
        follow_up.closed_by = actor(user)
        follow_up.save(update_fields=["state", "closing_note", "closed_on", "closed_by"])
        if follow_up.source == FollowUp.Source.HELPER:
            from bangfu.accounts.models import User

            notify(
                users=User.objects.filter(
                    role=Role.HELPER, helper_id=follow_up.helper_id, is_active=True
                ),
                kind="helper_problem_answered",
                title=_("The county office answered: %(problem)s") % {"problem": follow_up.problem},
                body=note,
                url=follow_up.get_absolute_url(),
            )
    return follow_up


def follow_up_reassign(
    *, user, follow_up: FollowUp, owner_name: str, due_on: dt.date, owner=None
) -> FollowUp:
    """Change who follows an open problem up and by when."""
    require(may_close(user, follow_up), "follow_up.assign", follow_up)
    if follow_up.state != FollowUp.State.OPEN:
        raise ValidationError(_("This follow-up is already closed."))
    if not (owner_name or "").strip():
        raise ValidationError({"owner_name": _("Name who follows it up (a person or a unit).")})
    if due_on < follow_up.raised_on:
        raise ValidationError(
            {
                "due_on": _("Due on %(due)s, before the problem was raised (%(raised)s).")
                % {"due": due_on, "raised": follow_up.raised_on}
            }
        )
    with transaction.atomic():
        follow_up.owner_name = owner_name.strip()
        follow_up.owner = owner
        follow_up.due_on = due_on
        follow_up.save(update_fields=["owner_name", "owner", "due_on"])
    return follow_up


# --------------------------------------------------------------------------- helper problems


def county_office_name(county: Division) -> str:
    """The name of the county office that owns a helper's problem and issues its receipts."""
    return _("%(county)s poverty alleviation office") % {"county": county.name}


def helper_problem_raise(
    *,
    user,
    problem: str,
    details: str = "",
    county: Division | None = None,
    pairing: Pairing | None = None,
) -> FollowUp:
    """A helper liaison raises a problem with a county office (帮扶主体反映的问题): about one of
    its own pairings, or general (then it names the county). The county office owns it and is
    told in-app."""
    helper_id = getattr(user, "helper_id", None)
    require(
        getattr(user, "role", None) == Role.HELPER and user.is_active and helper_id is not None,
        "helper_problem.raise",
    )
    if pairing is not None:
        if pairing.helper_id != helper_id:
            raise ValidationError({"pairing": _("Choose one of your own pairings.")})
        county = pairing.county
    if county is None or county.level != "county":
        raise ValidationError({"county": _("Choose the county office to raise it with.")})
    if not (problem or "").strip():
        raise ValidationError({"problem": _("Describe the problem.")})
    today = timezone.localdate()
    with transaction.atomic():
        follow_up = FollowUp.objects.create(
            source=FollowUp.Source.HELPER,
            county=county,
            helper_id=helper_id,
            pairing=pairing,
            village=pairing.village if pairing else None,
            problem=problem.strip()[:200],
            details=(details or "").strip(),
            raised_on=today,
            raised_by=actor(user),
            owner_name=county_office_name(county),
            due_on=today + dt.timedelta(days=HELPER_PROBLEM_DAYS),
        )
        notify(
            users=offices_for(county_id=county.pk, roles=("county",)),
            kind="helper_problem",
            title=_("%(helper)s raised a problem: %(problem)s")
            % {"helper": follow_up.helper.name, "problem": follow_up.problem},
            body=follow_up.details,
            url=follow_up.get_absolute_url(),
        )
    return follow_up
