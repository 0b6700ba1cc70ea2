"""Relapse monitoring (防返贫监测): the rules, the actions and the scoped reads.

The national practice this follows (2020–2021 guidance on the monitoring and assistance
mechanism to prevent relapse):

- exited villages stay followed for 5 years, exited households for 3 (settings
  MONITORING_VILLAGE_YEARS / MONITORING_HOUSEHOLD_YEARS); exit keeps all base data;
- a household enters monitoring (a case) by self-report, by a cadre's visit, or by a rule on
  its data: per-capita income below 1.5 × the poverty line of the year
  (MONITORING_INCOME_FACTOR), or rigid medical and schooling expenses above half of the
  household's income (MONITORING_EXPENSE_SHARE);
- it is identified in five steps, in order, each dated and signed: home visit, data
  comparison, village review with a public notice of at least 5 days, township review,
  county approval; from opening to approval at most 15 days (STEP_DUE_DAYS);
- identified cases get measures and follow-up visits; the risk is removed only after the
  income has stayed at or above the threshold for at least 6 months.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.accounts import audit
from bangfu.accounts.guards import require
from bangfu.accounts.history import rows_q
from bangfu.accounts.models import AuditEvent
from bangfu.accounts.roles import can
from bangfu.monitoring.models import (
    OPEN_STATES,
    STEP_ORDER,
    CaseSource,
    CaseState,
    MonitoringCase,
    MonitoringGroup,
    MonitoringMeasure,
    MonitoringStep,
    MonitoringVisit,
    Step,
)
from bangfu.registry.models import (
    Household,
    Income,
    MonitoringStatus,
    RigidExpense,
    VillageProfile,
)

# ----------------------------------------------------------------------------- the rules

# The national poverty line used for exit (现行扶贫标准, per-capita net income in yuan, at
# the year's prices: 2,300 yuan at 2010 prices, adjusted yearly). 2017–2020 as the task
# states them; 2014–2016 as published in exit documents of those years (2016: 3,146; the
# "about 3,000" sometimes quoted is a rounding). Years outside the table use the nearest
# year in it (after 2020 the line stays at 4,000, whose 1.5× is the 6,000-yuan monitoring
# threshold of 2021).
POVERTY_LINES: dict[int, Decimal] = {
    2014: Decimal("2800"),
    2015: Decimal("2855"),
    2016: Decimal("3146"),
    2017: Decimal("3335"),
    2018: Decimal("3535"),
    2019: Decimal("3747"),
    2020: Decimal("4000"),
}

# Days from opening by which each step must be recorded: 15 days from discovery to county
# approval, as in national practice (the public notice's last day must fall by day 12).
STEP_DUE_DAYS: dict[str, int] = {
    Step.HOME_VISIT: 3,
    Step.DATA_CHECK: 5,
    Step.PUBLIC_NOTICE: 12,
    Step.TOWNSHIP_REVIEW: 14,
    Step.COUNTY_APPROVAL: 15,
}
MIN_NOTICE_DAYS = 5  # counted inclusively: 1 to 5 March is 5 days
STABLE_MONTHS = 6


def household_years() -> int:
    return int(getattr(settings, "MONITORING_HOUSEHOLD_YEARS", 3))


def village_years() -> int:
    return int(getattr(settings, "MONITORING_VILLAGE_YEARS", 5))


def income_factor() -> Decimal:
    return Decimal(str(getattr(settings, "MONITORING_INCOME_FACTOR", "1.5")))


def expense_share() -> Decimal:
    return Decimal(str(getattr(settings, "MONITORING_EXPENSE_SHARE", "0.5")))


def poverty_line(year: int) -> Decimal:
    """The national poverty line of `year` (nearest year of the table outside it)."""
    years = sorted(POVERTY_LINES)
    return POVERTY_LINES[min(max(year, years[0]), years[-1])]


def income_threshold(year: int) -> Decimal:
    """Per-capita income below which a household is at risk: 1.5 × the year's line."""
    return (poverty_line(year) * income_factor()).quantize(Decimal("0.01"))


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def notice_days(start: dt.date, end: dt.date) -> int:
    return (end - start).days + 1


def step_due(case: MonitoringCase, step: str) -> dt.date:
    return case.opened_on + dt.timedelta(days=STEP_DUE_DAYS[step])


# ----------------------------------------------------------------------------- who may act


def may_manage(user, county_id: int | None) -> bool:
    """County offices open and walk the cases of their own county."""
    return can(user, "monitoring.manage") and county_id is not None and user.county_id == county_id


def _require(user, county_id: int | None, what: str, obj=None) -> None:
    require(may_manage(user, county_id), what, obj)


def _not_future(name: str, day: dt.date) -> None:
    if day > timezone.localdate():
        raise ValidationError({name: _("A date cannot be in the future.")}, code="future")


def _text(name: str, value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({name: message}, code="required")
    return value


def _money(name: str, value) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError):
        raise ValidationError({name: _("Write an amount in yuan, e.g. 6200.00.")}) from None
    if not amount.is_finite() or amount < 0 or amount > Decimal("10000000"):
        raise ValidationError({name: _("Write an amount in yuan, e.g. 6200.00.")})
    return amount.quantize(Decimal("0.01"))


def _locked(case: MonitoringCase) -> MonitoringCase:
    """The case re-read under a row lock, so that two steps never race."""
    fresh = MonitoringCase.objects.select_for_update().get(pk=case.pk)
    if fresh.version != case.version:
        from bangfu.core.models import StaleRecordError

        raise StaleRecordError(case)
    return fresh


def _set_household_status(household: Household, status: str) -> None:
    if household.monitoring != status:
        household = Household.objects.get(pk=household.pk)
        household.monitoring = status
        household.save(update_fields=["monitoring"])


# ----------------------------------------------------------------------------- actions


def monitoring_case_open(
    *,
    user,
    household: Household,
    group: str,
    source: str,
    reason: str,
    opened_on: dt.date | None = None,
) -> MonitoringCase:
    """Open a case for a household of the officer's county: the first step is the home visit.
    A household has at most one open case; an unstable exited household must have exited."""
    _require(user, household.county_id, "monitoring.open", household)
    opened_on = opened_on or timezone.localdate()
    _not_future("opened_on", opened_on)
    if group not in MonitoringGroup.values:
        raise ValidationError({"group": _("Choose one of the monitored groups.")})
    if source not in CaseSource.values:
        raise ValidationError({"source": _("Say how the risk was found.")})
    reason = _text("reason", reason, _("Describe the risk that was found."))
    if group == MonitoringGroup.UNSTABLE and not (
        household.year_exited and household.year_exited <= opened_on.year
    ):
        raise ValidationError(
            {
                "group": _(
                    "Only a household that has exited poverty is an unstable exited household."
                )
            },
            code="not_exited",
        )
    if opened_on.year < household.year_registered:
        raise ValidationError({"opened_on": _("A case opens after the household was registered.")})
    _check_no_open_case(household)
    case = MonitoringCase(
        household=household,
        group=group,
        source=source,
        reason=reason,
        opened_on=opened_on,
        opened_by=user if getattr(user, "pk", None) else None,
        next_step=Step.HOME_VISIT,
    )
    case.next_due = step_due(case, Step.HOME_VISIT)
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        _check_no_open_case(household)
        raise
    return case


def _check_no_open_case(household: Household) -> None:
    open_case = MonitoringCase.objects.filter(household=household, state__in=OPEN_STATES).first()
    if open_case is not None:
        raise ValidationError(
            _("This household already has an open monitoring case (%(number)s).")
            % {"number": open_case.number},
            code="open_case",
        )


def _previous_date(case: MonitoringCase, steps: dict[str, MonitoringStep], step: str) -> dt.date:
    index = STEP_ORDER.index(step)
    if index == 0:
        return case.opened_on
    return steps[STEP_ORDER[index - 1]].done_on


@transaction.atomic
def monitoring_step_record(
    *,
    user,
    case: MonitoringCase,
    step: str,
    done_on: dt.date,
    signed_name: str,
    notes: str = "",
    passed: bool = True,
    notice_start: dt.date | None = None,
    notice_end: dt.date | None = None,
) -> MonitoringStep:
    """Record the next identification step. Steps follow in order, none skipped, each dated
    on or after the one before (the township review after the public notice has ended);
    the notice runs at least 5 days. A step that does not confirm the risk closes the case
    as not included; the county approval identifies it."""
    _require(user, case.county_id, "monitoring.step", case)
    case = _locked(case)
    if case.state != CaseState.IDENTIFYING:
        raise ValidationError(
            _("This case is %(state)s: no identification step can be added.")
            % {"state": case.get_state_display()},
            code="not_identifying",
        )
    if step not in STEP_ORDER:
        raise ValidationError({"step": _("Choose an identification step.")})
    steps = {s.step: s for s in case.steps.all()}
    if step in steps:
        raise ValidationError(
            {"step": _("The %(step)s has already been recorded.") % {"step": Step(step).label}},
            code="done",
        )
    expected = next(s for s in STEP_ORDER if s not in steps)
    if step != expected:
        if expected == Step.PUBLIC_NOTICE:
            message = _(
                "The village review with its public notice (at least %(days)d days) must come "
                "before the %(step)s: it cannot be skipped."
            ) % {"days": MIN_NOTICE_DAYS, "step": Step(step).label}
        else:
            message = _("Steps follow in order: record the %(expected)s first.") % {
                "expected": Step(expected).label
            }
        raise ValidationError({"step": message}, code="out_of_order")
    signed_name = _text("signed_name", signed_name, _("Sign with your name."))
    if not passed:
        notes = _text("notes", notes, _("Say why the risk is not confirmed."))
    _not_future("done_on", done_on)
    previous = _previous_date(case, steps, step)
    if done_on < previous:
        raise ValidationError(
            {
                "done_on": _("Dated %(on)s, before the previous step (%(previous)s).")
                % {"on": done_on, "previous": previous}
            },
            code="before_previous",
        )
    notice = steps.get(Step.PUBLIC_NOTICE)
    if notice is not None and step == Step.TOWNSHIP_REVIEW and done_on <= notice.notice_end:
        raise ValidationError(
            {
                "done_on": _("The township reviews after the public notice has ended (%(end)s).")
                % {"end": notice.notice_end}
            },
            code="during_notice",
        )
    if step == Step.PUBLIC_NOTICE:
        _check_notice(done_on, notice_start, notice_end)
    else:
        notice_start = notice_end = None
    record = MonitoringStep(
        case=case,
        step=step,
        done_on=done_on,
        passed=passed,
        notes=(notes or "").strip(),
        notice_start=notice_start,
        notice_end=notice_end,
        signed_name=signed_name,
        recorded_by=user if getattr(user, "pk", None) else None,
    )
    record.save()
    _advance(user, case, record)
    return record


def _check_notice(review_on: dt.date, start: dt.date | None, end: dt.date | None) -> None:
    if start is None or end is None:
        raise ValidationError(
            {"notice_start": _("Give the first and the last day of the public notice.")},
            code="notice_dates",
        )
    if start < review_on:
        raise ValidationError(
            {
                "notice_start": _("The notice is posted after the village review (%(on)s).")
                % {"on": review_on}
            },
            code="notice_before_review",
        )
    days = notice_days(start, end)
    if days < MIN_NOTICE_DAYS:
        raise ValidationError(
            {
                "notice_end": _(
                    "A public notice runs at least %(min)d days; %(start)s to %(end)s is %(days)d."
                )
                % {"min": MIN_NOTICE_DAYS, "start": start, "end": end, "days": max(days, 0)}
            },
            code="notice_too_short",
        )


def _advance(user, case: MonitoringCase, record: MonitoringStep) -> None:
    fields = ["state", "next_step", "next_due"]
    if not record.passed:
        case.state = CaseState.DISMISSED
        case.next_step, case.next_due = "", None
        case.closed_on = record.done_on
        case.closing_note = record.notes
        case.closed_by = user if getattr(user, "pk", None) else None
        fields += ["closed_on", "closing_note", "closed_by"]
    elif record.step == Step.COUNTY_APPROVAL:
        case.state = CaseState.IDENTIFIED
        case.next_step, case.next_due = "", None
        case.identified_on = record.done_on
        fields.append("identified_on")
        _set_household_status(case.household, case.group)
    else:
        following = STEP_ORDER[STEP_ORDER.index(record.step) + 1]
        case.next_step = following
        case.next_due = step_due(case, following)
    case.save(update_fields=fields)


def _identified(case: MonitoringCase, what: str) -> None:
    if case.state != CaseState.IDENTIFIED:
        raise ValidationError(
            _("%(what)s only for an identified case; this one is %(state)s.")
            % {"what": what, "state": case.get_state_display()},
            code="not_identified",
        )


@transaction.atomic
def monitoring_measure_add(
    *,
    user,
    case: MonitoringCase,
    kind: str,
    description: str,
    started_on: dt.date,
    assistance=None,
) -> MonitoringMeasure:
    """An assistance measure for an identified case, optionally linked to an assistance
    record of the household's village."""
    _require(user, case.county_id, "monitoring.measure", case)
    _identified(case, _("Measures are recorded"))
    if kind not in MonitoringMeasure.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of measure.")})
    description = _text("description", description, _("Describe the measure."))
    _not_future("started_on", started_on)
    if started_on < case.opened_on:
        raise ValidationError(
            {
                "started_on": _("A measure starts after the case was opened (%(on)s).")
                % {"on": case.opened_on}
            }
        )
    if assistance is not None and assistance.village_id != case.household.village_id:
        raise ValidationError(
            {
                "assistance": _("Assistance record %(number)s is not for this household's village.")
                % {"number": assistance.number}
            }
        )
    measure = MonitoringMeasure(
        case=case,
        kind=kind,
        description=description,
        started_on=started_on,
        assistance=assistance,
        recorded_by=user if getattr(user, "pk", None) else None,
    )
    measure.save()
    return measure


@transaction.atomic
def monitoring_visit_add(
    *,
    user,
    case: MonitoringCase,
    visited_on: dt.date,
    visitor: str,
    per_capita_income,
    notes: str = "",
) -> MonitoringVisit:
    """A follow-up visit of an identified case, with the per-capita income found."""
    _require(user, case.county_id, "monitoring.visit", case)
    _identified(case, _("Follow-up visits are recorded"))
    visitor = _text("visitor", visitor, _("Say who visited."))
    income = _money("per_capita_income", per_capita_income)
    _not_future("visited_on", visited_on)
    if case.identified_on and visited_on < case.identified_on:
        raise ValidationError(
            {
                "visited_on": _("A follow-up visit comes after the identification (%(on)s).")
                % {"on": case.identified_on}
            }
        )
    visit = MonitoringVisit(
        case=case,
        visited_on=visited_on,
        visitor=visitor,
        notes=(notes or "").strip(),
        per_capita_income=income,
        recorded_by=user if getattr(user, "pk", None) else None,
    )
    visit.save()
    return visit


def stable_income(case: MonitoringCase) -> tuple[dt.date, dt.date] | None:
    """(first, last) visit of the latest unbroken run of visits whose income is at or above
    the threshold of the visit's year; None when the latest visit is below it."""
    run: list[MonitoringVisit] = []
    for visit in case.visits.order_by("visited_on", "id"):
        if visit.per_capita_income >= income_threshold(visit.visited_on.year):
            run.append(visit)
        else:
            run = []
    return (run[0].visited_on, run[-1].visited_on) if run else None


@transaction.atomic
def monitoring_risk_remove(
    *, user, case: MonitoringCase, removed_on: dt.date, note: str
) -> MonitoringCase:
    """Risk removal (风险消除): only when follow-up visits show the income at or above the
    threshold, without a break, over at least 6 months. The case and its history stay."""
    _require(user, case.county_id, "monitoring.remove", case)
    case = _locked(case)
    _identified(case, _("Risk removal is possible"))
    note = _text("note", note, _("Say why the risk is removed."))
    _not_future("removed_on", removed_on)
    stable = stable_income(case)
    if stable is None or add_months(stable[0], STABLE_MONTHS) > stable[1]:
        since = (
            _("stable since %(on)s, last seen %(last)s") % {"on": stable[0], "last": stable[1]}
            if stable
            else _("not at or above the threshold at the latest visit")
        )
        raise ValidationError(
            _(
                "The risk is removed only after the income has stayed at or above the threshold "
                "for at least %(months)d months, shown by follow-up visits (%(since)s)."
            )
            % {"months": STABLE_MONTHS, "since": since},
            code="not_stable",
        )
    if removed_on < stable[1]:
        raise ValidationError(
            {
                "removed_on": _("Dated before the latest follow-up visit (%(on)s).")
                % {"on": stable[1]}
            }
        )
    case.state = CaseState.REMOVED
    case.closed_on = removed_on
    case.closing_note = note
    case.closed_by = user if getattr(user, "pk", None) else None
    case.save(update_fields=["state", "closed_on", "closing_note", "closed_by"])
    _set_household_status(case.household, MonitoringStatus.CLEARED)
    return case


@transaction.atomic
def rigid_expense_save(*, user, household: Household, year: int, kind: str, amount) -> RigidExpense:
    """Record (or correct) a household's medical or schooling expense of one year."""
    _require(user, household.county_id, "monitoring.expense", household)
    if kind not in RigidExpense.Kind.values:
        raise ValidationError({"kind": _("Choose medical or education.")})
    amount = _money("amount", amount)
    row = RigidExpense.objects.filter(household=household, year=year, kind=kind).first()
    row = row or RigidExpense(household=household, year=year, kind=kind)
    row.amount = amount
    row.save()
    return row


def rule_candidates(*, year: int, county=None) -> list[tuple[Household, str, str]]:
    """Households the data rule flags for `year`, with their group and the reason:
    exited households still within their monitoring period whose per-capita income is below
    the threshold (unstable), or whose medical and schooling expenses exceed the share of the
    household's income (sudden severe difficulty). Households with an open case are left out."""
    threshold = income_threshold(year)
    share = expense_share()
    qs = Household.objects.filter(
        year_exited__isnull=False, year_exited__lte=year, year_exited__gte=year - household_years()
    ).exclude(monitoring_cases__state__in=OPEN_STATES)
    if county is not None:
        qs = qs.filter(county=county)
    incomes = dict(
        Income.objects.filter(household__in=qs, year=year).values_list("household_id", "per_capita")
    )
    expenses = dict(
        RigidExpense.objects.filter(household__in=qs, year=year)
        .values("household_id")
        .annotate(total=Sum("amount"))
        .values_list("household_id", "total")
    )
    out = []
    for household in qs.filter(id__in={*incomes, *expenses}).order_by("id"):
        income = incomes.get(household.pk)
        expense = expenses.get(household.pk) or Decimal("0")
        if income is not None and income < threshold:
            reason = _(
                "Per-capita income %(income)s yuan in %(year)d, below the threshold of "
                "%(threshold)s yuan (%(factor)s × the poverty line of %(line)s)."
            ) % {
                "income": income,
                "year": year,
                "threshold": threshold,
                "factor": income_factor(),
                "line": poverty_line(year),
            }
            out.append((household, MonitoringGroup.UNSTABLE, reason))
        elif income is not None and expense > income * household.size * share:
            reason = _(
                "Medical and schooling expenses of %(expense)s yuan in %(year)d, more than "
                "%(share)s%% of the household's income (%(total)s yuan)."
            ) % {
                "expense": expense,
                "year": year,
                "share": int(share * 100),
                "total": (income * household.size).quantize(Decimal("0.01")),
            }
            out.append((household, MonitoringGroup.SUDDEN, reason))
    return out


def flag_households(*, year: int, user=None, county=None, today: dt.date | None = None) -> list:
    """Propose cases from the data rule (source: rule), never duplicating an open case. A
    county officer flags its own county; without a user (the command) every county."""
    if user is not None:
        if not can(user, "monitoring.manage"):
            raise PermissionDenied("monitoring.flag")
        county = user.county
    today = today or timezone.localdate()
    created = []
    for household, group, reason in rule_candidates(year=year, county=county):
        with transaction.atomic():
            case = MonitoringCase(
                household=household,
                group=group,
                source=CaseSource.RULE,
                reason=reason,
                opened_on=today,
                opened_by=user,
                next_step=Step.HOME_VISIT,
            )
            case.next_due = step_due(case, Step.HOME_VISIT)
            try:
                with transaction.atomic():
                    case.save()
            except IntegrityError:
                continue  # a case was opened meanwhile
        created.append(case)
    return created


# ----------------------------------------------------------------------------- reads


def case_list_for_user(*, user, filters: dict | None = None, today: dt.date | None = None):
    """Cases in scope (households' rules: personal data, never for helper liaisons)."""
    if not can(user, "personal.read"):
        return MonitoringCase.objects.none()
    filters = filters or {}
    qs = MonitoringCase.objects.for_user(user).select_related(
        "household", "household__village", "household__village__parent", "county"
    )
    if filters.get("county"):
        qs = qs.filter(county__code=filters["county"])
    if filters.get("state"):
        qs = qs.filter(state=filters["state"])
    if filters.get("group"):
        qs = qs.filter(group=filters["group"])
    if filters.get("overdue"):
        qs = qs.filter(overdue_q(today))
    text = (filters.get("q") or "").strip()
    if text:
        if text.upper().startswith("M") and text[1:].isalnum() and len(text) == 11:
            qs = qs.filter(number=text.upper())
        else:
            qs = qs.filter(household__in=Household.objects.search(text).values("id"))
    return qs.order_by("-opened_on", "-id")


def overdue_q(today: dt.date | None = None) -> Q:
    return Q(state=CaseState.IDENTIFYING, next_due__lt=today or timezone.localdate())


def case_get_for_user(*, user, number: str) -> MonitoringCase:
    case = None
    if can(user, "personal.read"):
        case = (
            MonitoringCase.objects.for_user(user)
            .select_related(
                "household", "household__village", "household__village__parent", "county"
            )
            .filter(number=number)
            .first()
        )
    if case is None:
        if MonitoringCase.objects.filter(number=number).exists():
            audit.record(
                event="access_denied",
                object_type="monitoring.monitoringcase",
                object_id=number,
                outcome="denied",
                detail="out of scope",
            )
        raise Http404("No such monitoring case")
    return case


def step_table(case: MonitoringCase, today: dt.date | None = None) -> list[dict]:
    """The five steps with their record (if any), due date and whether they are overdue."""
    today = today or timezone.localdate()
    done = {s.step: s for s in case.steps.select_related("recorded_by")}
    rows = []
    for step in STEP_ORDER:
        record = done.get(step)
        due = step_due(case, step)
        rows.append(
            {
                "step": step,
                "label": Step(step).label,
                "record": record,
                "due": due,
                "late": record is not None and record.done_on > due,
                "overdue": record is None and case.state == CaseState.IDENTIFYING and due < today,
                "is_next": case.state == CaseState.IDENTIFYING and case.next_step == step,
            }
        )
    return rows


def case_history(case: MonitoringCase, limit: int = 100) -> list[AuditEvent]:
    """Every change to the case, its steps, measures and visits, newest first (access
    events are for the audit trail only)."""
    q = rows_q(MonitoringCase, {case.number, case.pk})
    for rows in (case.steps.all(), case.measures.all(), case.visits.all()):
        ids = list(rows.values_list("pk", flat=True))
        if ids:
            q |= rows_q(rows.model, ids)
    return list(AuditEvent.objects.history().filter(q).order_by("-id")[:limit])


def household_cases(*, household: Household):
    return MonitoringCase.objects.filter(household=household).order_by("-opened_on", "-id")


def followed_villages_for_user(*, user, on: dt.date | None = None):
    """Exited villages still within their monitoring period on `on` (5 years by default)."""
    on = on or timezone.localdate()
    since = add_months(on, -12 * village_years())
    return (
        VillageProfile.objects.for_user(user)
        .filter(exited_on__isnull=False, exited_on__lte=on, exited_on__gte=since)
        .select_related("village", "village__parent", "county")
        .order_by("village__code")
    )


def followed_households_for_user(*, user, on: dt.date | None = None):
    """Exited households still within their monitoring period in `on`'s year: exited in
    year Y, followed through the end of Y + 3 (by default)."""
    if not can(user, "personal.read"):
        return Household.objects.none()
    year = (on or timezone.localdate()).year
    return (
        Household.objects.for_user(user)
        .filter(year_exited__isnull=False, year_exited__lte=year)
        .filter(year_exited__gte=year - household_years())
        .select_related("village", "village__parent")
        .order_by("village__code", "head_name", "id")
    )


def case_counts(*, user, today: dt.date | None = None) -> dict[str, int]:
    qs = case_list_for_user(user=user)
    return qs.aggregate(
        all=Count("id"),
        identifying=Count("id", filter=Q(state=CaseState.IDENTIFYING)),
        identified=Count("id", filter=Q(state=CaseState.IDENTIFIED)),
        overdue=Count("id", filter=overdue_q(today)),
    )
