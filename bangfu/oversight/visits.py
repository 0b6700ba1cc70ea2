"""Supervision visits (调研督导), their follow-ups, and problems raised by helpers.

Services (one business action each, keyword-only, in one audited transaction) and scoped
selectors. Who may record a visit is one function, `may_record_visit`, so that the
per-county assignment of inspectors (evaluation part) can narrow it in one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Min, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts import audit
from bangfu.accounts.guards import require
from bangfu.accounts.roles import Role, can
from bangfu.accounts.selectors import offices_for
from bangfu.core.notifications import notify
from bangfu.core.uploads import store_evidence
from bangfu.pairing.models import Pairing
from bangfu.places.models import Division

from .models import FollowUp, Visit, first_round_deadline

# A problem raised by a helper is due this many days after it was raised, unless the county
# office sets another date.
HELPER_PROBLEM_DAYS = 30

# --------------------------------------------------------------------------- who may act


def may_record_visit(user, county) -> bool:
    """`oversight.visit`: county offices for their own county; inspectors for the counties
    they are assigned to (`InspectorAssignment`, any year); the city office and the institute
    for every county."""
    if not can(user, "oversight.visit"):
        return False
    county_id = getattr(county, "pk", county)
    if user.role == Role.COUNTY:
        return user.county_id == county_id
    if user.role == Role.INSPECTOR:
        from .models import InspectorAssignment

        return InspectorAssignment.objects.filter(inspector=user, county_id=county_id).exists()
    return True


def may_read_oversight(user) -> bool:
    """Visits and the follow-up board are the offices' (not helpers', auditor's, admin's)."""
    return can(user, "business.read") and getattr(user, "role", None) != Role.HELPER


def may_manage_support(user, county_id: int | None) -> bool:
    """`support.manage`: county offices for their county, the city office for all."""
    if not can(user, "support.manage"):
        return False
    return user.role != Role.COUNTY or user.county_id == county_id


def may_close(user, follow_up: FollowUp) -> bool:
    """A visit's follow-up: whoever may record visits in its county, or its owner's account.
    A helper's problem: the county office (or the city office): `support.manage`."""
    if follow_up.source == FollowUp.Source.HELPER:
        return may_manage_support(user, follow_up.county_id)
    if follow_up.owner_id is not None and follow_up.owner_id == getattr(user, "pk", None):
        return True
    return may_record_visit(user, follow_up.county_id)


def _user(user):
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
        recorded_by=_user(user),
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
            raised_by=_user(user),
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
        follow_up.closed_by = _user(user)
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
            raised_by=_user(user),
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


# --------------------------------------------------------------------------- selectors


def visit_list_for_user(*, user, filters: dict | None = None):
    """Visits in `user`'s scope, filtered by county code and year."""
    filters = filters or {}
    qs = Visit.objects.for_user(user).select_related("county", "recorded_by")
    if filters.get("county"):
        qs = qs.filter(county__code=filters["county"])
    if filters.get("year"):
        qs = qs.filter(visited_on__year=int(filters["year"]))
    return qs.annotate(
        n_villages=Count("villages", distinct=True),
        n_follow_ups=Count("follow_ups", distinct=True),
        n_open=Count("follow_ups", filter=Q(follow_ups__state="open"), distinct=True),
    ).order_by("-visited_on", "-id")


def visit_get_for_user(*, user, pk: int) -> Visit:
    obj = Visit.objects.select_related("county", "recorded_by").filter(pk=pk).first()
    if obj is None or not Visit.objects.for_user(user).filter(pk=pk).exists():
        if obj is not None:
            audit.record(
                event="access_denied",
                object_type="oversight.visit",
                object_id=str(pk),
                outcome="denied",
                detail="out of scope",
            )
        raise Http404("No such visit")
    return obj


def follow_up_list_for_user(*, user, filters: dict | None = None, today: dt.date | None = None):
    """Follow-ups in scope: state open / closed / overdue, source, county code, helper USCC."""
    filters = filters or {}
    today = today or timezone.localdate()
    qs = FollowUp.objects.for_user(user).select_related(
        "county", "visit", "helper", "village", "pairing", "owner"
    )
    state = filters.get("state")
    if state == "overdue":
        qs = qs.overdue(today)
    elif state:
        qs = qs.filter(state=state)
    if filters.get("source"):
        qs = qs.filter(source=filters["source"])
    if filters.get("county"):
        qs = qs.filter(county__code=filters["county"])
    if filters.get("helper"):
        qs = qs.filter(helper__uscc=filters["helper"])
    return qs.order_by("state", "due_on", "id")


def overdue_for_user(*, user, today: dt.date | None = None):
    """Open follow-ups past their due date: a county office its county's, the city all."""
    return follow_up_list_for_user(user=user, filters={"state": "overdue"}, today=today)


def follow_up_get_for_user(*, user, pk: int) -> FollowUp:
    obj = (
        FollowUp.objects.select_related(
            "county", "visit", "helper", "village", "pairing", "owner", "raised_by", "closed_by"
        )
        .filter(pk=pk)
        .first()
    )
    if obj is None or not FollowUp.objects.for_user(user).filter(pk=pk).exists():
        if obj is not None:
            audit.record(
                event="access_denied",
                object_type="oversight.followup",
                object_id=str(pk),
                outcome="denied",
                detail="out of scope",
            )
        raise Http404("No such follow-up")
    return obj


@dataclass
class FirstRoundRow:
    county: Division
    year: int
    visits: int
    first_visit: dt.date | None
    by_deadline: bool
    deadline: dt.date


def first_round(*, user, years) -> list[FirstRoundRow]:
    """Per county in scope and year: the number of visits, the first one, and whether the
    county had a visit by 20 October of that year (the plan's deadline for step 3)."""
    years = sorted(set(years))
    counties = list(Division.objects.for_user(user).filter(level="county").order_by("code"))
    stats = {
        (r["county_id"], r["visited_on__year"]): r
        for r in Visit.objects.for_user(user)
        .filter(visited_on__year__in=years)
        .values("county_id", "visited_on__year")
        .annotate(n=Count("id"), first=Min("visited_on"))
    }
    rows = []
    for year in years:
        deadline = first_round_deadline(year)
        for county in counties:
            r = stats.get((county.pk, year))
            first = r["first"] if r else None
            rows.append(
                FirstRoundRow(
                    county=county,
                    year=year,
                    visits=r["n"] if r else 0,
                    first_visit=first,
                    by_deadline=first is not None and first <= deadline,
                    deadline=deadline,
                )
            )
    return rows


def visit_years(*, user) -> list[int]:
    """The programme's years so far (2017 to this year) plus any year with a visit."""
    this_year = timezone.localdate().year
    years = set(range(2017, this_year + 1))
    years |= {
        d.year for d in Visit.objects.for_user(user).dates("visited_on", "year") if d is not None
    }
    return sorted(years)
