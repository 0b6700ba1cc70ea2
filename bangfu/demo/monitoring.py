"""Demo relapse-monitoring cases (防返贫监测) in every state, in each county with an office account.

In every county that has a demo county office account: a fresh case, one stopped after each
identification step, an overdue one, identified cases with measures and follow-up visits, a
case whose risk was removed and one not included; last year's rigid expenses of the households
whose case is a sudden severe difficulty.

Cases are written through the services in bangfu/monitoring/services/, as the county office
of the household's county, dated relative to `today`, so that they obey every rule the pages
enforce. Deterministic per seed (and registry); idempotent: a household that already has a
case is never picked again, and a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from bangfu.assistance.models import Assistance
from bangfu.monitoring.models import (
    STEP_ORDER,
    MonitoringCase,
    MonitoringMeasure,
    MonitoringVisit,
    Step,
)
from bangfu.monitoring.rules import income_threshold
from bangfu.monitoring.selectors import overdue_q
from bangfu.monitoring.services.cases import monitoring_case_open
from bangfu.monitoring.services.expenses import rigid_expense_add
from bangfu.monitoring.services.followup import (
    monitoring_measure_add,
    monitoring_risk_remove,
    monitoring_visit_add,
)
from bangfu.monitoring.services.identification import monitoring_step_record
from bangfu.places.models import Division
from bangfu.registry.models import Household, RigidExpense

from .accounts import county_officers
from .draws import keyed_rng

# (label, days ago opened, steps done, group) — see `_walk` for what follows identification
PLAN: tuple[tuple[str, int, int, str], ...] = (
    ("fresh", 1, 0, "unstable"),
    ("home_visit", 3, 1, "unstable"),
    ("data_check", 5, 2, "sudden"),
    ("public_notice", 11, 3, "unstable"),
    ("township_review", 13, 4, "marginal"),
    ("overdue", 26, 1, "unstable"),
    ("identified", 120, 5, "unstable"),
    ("identified_visited", 240, 5, "sudden"),
    ("removed", 520, 5, "unstable"),
    ("dismissed", 60, 2, "marginal"),
)
REASONS = {
    "unstable": (
        "家庭主要劳动力外出务工中断，人均纯收入明显下降",
        "种植的中药材遭遇冰雹，当年收入大幅减少",
        "养殖的肉牛价格下跌，家庭经营收入缩减",
    ),
    "sudden": (
        "户主突发脑梗住院，自付医疗费用较高",
        "家中房屋因暴雨受损，生活出现严重困难",
    ),
    "marginal": (
        "家庭人均纯收入略高于脱贫标准，抗风险能力弱",
        "两名子女同时上大学，教育支出较大",
    ),
}
MEASURES = (
    ("employment", "安排村内公益岗位（护林员），月补贴800元"),
    ("industry", "落实产业奖补资金，扶持发展庭院经济"),
    ("health", "落实医疗救助和大病保险二次报销"),
    ("education", "申请雨露计划教育补助"),
    ("social", "纳入农村低保，按月发放保障金"),
)
VISITORS = ("驻村工作队", "包村干部", "村两委干部", "帮扶责任人")


def _walk(user, case: MonitoringCase, opened: dt.date, steps: int) -> None:
    """Record the first `steps` identification steps on their due days or earlier."""
    days = {
        Step.HOME_VISIT: 1,
        Step.DATA_CHECK: 3,
        Step.PUBLIC_NOTICE: 4,  # village review; notice days 4–9 (6 days)
        Step.TOWNSHIP_REVIEW: 10,
        Step.COUNTY_APPROVAL: 12,
    }
    for step in STEP_ORDER[:steps]:
        case.refresh_from_db()
        on = opened + dt.timedelta(days=days[step])
        extra = {}
        if step == Step.PUBLIC_NOTICE:
            extra = {"notice_start": on, "notice_end": on + dt.timedelta(days=5)}
        monitoring_step_record(
            user=user,
            case=case,
            step=step,
            done_on=on,
            signed_name=user.full_name.split()[-1] if user.full_name else user.username,
            notes="核实情况属实" if step != Step.PUBLIC_NOTICE else "公示期间无异议",
            **extra,
        )


def _after(user, case: MonitoringCase, label: str, rng: random.Random, today: dt.date) -> dict:
    """Measures, follow-up visits, risk removal or dismissal for the later states."""
    counts = {"measures": 0, "visits": 0}
    case.refresh_from_db()
    if label == "dismissed":
        case.refresh_from_db()
        monitoring_step_record(
            user=user,
            case=case,
            step=Step.PUBLIC_NOTICE,
            done_on=case.opened_on + dt.timedelta(days=4),
            notice_start=case.opened_on + dt.timedelta(days=4),
            notice_end=case.opened_on + dt.timedelta(days=8),
            passed=False,
            notes="公示期间群众反映其家庭有经营性车辆，经评议不予纳入",
            signed_name=user.full_name.split()[-1] if user.full_name else user.username,
        )
        return counts
    if case.state != "identified":
        return counts
    record = (
        Assistance.objects.filter(village_id=case.household.village_id, status="confirmed")
        .order_by("id")
        .first()
    )
    for i, (kind, text) in enumerate(rng.sample(MEASURES, 2)):
        monitoring_measure_add(
            user=user,
            case=case,
            kind=kind,
            description=text,
            started_on=case.identified_on + dt.timedelta(days=2 + i),
            assistance=record if i == 0 else None,
        )
        counts["measures"] += 1
    if label == "identified":
        return counts
    # follow-up visits every month or so from a month after identification
    line = income_threshold(today.year)
    day = case.identified_on + dt.timedelta(days=30)
    income = line * Decimal("0.8")
    while day <= today - dt.timedelta(days=3):
        income = min(income * Decimal(str(rng.uniform(1.04, 1.12))), line * 2)
        case.refresh_from_db()
        monitoring_visit_add(
            user=user,
            case=case,
            visited_on=day,
            visitor=rng.choice(VISITORS),
            per_capita_income=income.quantize(Decimal("0.01")),
            notes="生产生活正常" if income >= line else "收入尚未稳定",
        )
        counts["visits"] += 1
        day += dt.timedelta(days=rng.randint(28, 35))
    if label == "removed":
        case.refresh_from_db()
        monitoring_risk_remove(
            user=user,
            case=case,
            removed_on=today - dt.timedelta(days=2),
            note="收入持续稳定超过监测标准，经村级评议、乡镇审核、县级确认，风险消除",
        )
    return counts


def _demo_expenses(user, county, seed: int, today: dt.date) -> int:
    """Last year's medical (and for some schooling) expenses of the county's households whose
    case is a sudden severe difficulty, through the service; none written twice."""
    made = 0
    year = today.year - 1
    households = Household.objects.filter(
        monitoring_cases__county=county, monitoring_cases__group="sudden"
    ).order_by("id")
    for household in households.distinct():
        rng = keyed_rng(seed, f"expenses:{household.ref}")
        amounts = {"medical": rng.randint(60, 380) * 100}
        if rng.random() < 0.5:
            amounts["education"] = rng.randint(20, 90) * 100
        for kind, amount in amounts.items():
            if RigidExpense.objects.filter(household=household, year=year, kind=kind).exists():
                continue
            rigid_expense_add(user=user, household=household, year=year, kind=kind, amount=amount)
            made += 1
    return made


@transaction.atomic
def demo_monitoring(seed: int = 1, today: dt.date | None = None) -> dict[str, int]:
    """Demo cases in every state for every county with a county office account."""
    today = today or timezone.localdate()
    officers = county_officers()
    totals = {"cases": 0, "created": 0, "identified": 0, "removed": 0, "overdue": 0}
    totals.update(measures=0, visits=0, new_visits=0, counties=0, expenses=0)
    for county in Division.objects.filter(level="county", pk__in=officers).order_by("code"):
        user = officers[county.pk]
        candidates = list(
            Household.objects.filter(county=county, year_exited__isnull=False)
            .order_by("id")
            .values_list("id", flat=True)[:400]
        )
        if len(candidates) < len(PLAN):
            continue
        totals["counties"] += 1
        # one generator per county and per household: a skipped household (made by an
        # earlier run) changes nothing else, so that a second run creates nothing
        picked = keyed_rng(seed, county.code).sample(candidates, len(PLAN))
        for household_id, (label, ago, steps, group) in zip(picked, PLAN, strict=True):
            household = Household.objects.get(pk=household_id)
            if MonitoringCase.objects.filter(household=household).exists():
                continue  # already planned by an earlier run
            rng = keyed_rng(seed, household.ref)
            opened = today - dt.timedelta(days=ago)
            case = monitoring_case_open(
                user=user,
                household=household,
                group=group,
                source=rng.choice(("self_report", "visit", "rule")),
                reason=rng.choice(REASONS[group]),
                opened_on=opened,
            )
            _walk(user, case, opened, steps)
            extra = _after(user, case, label, rng, today)
            totals["created"] += 1
            totals["new_visits"] += extra["visits"]
        totals["expenses"] += _demo_expenses(user, county, seed, today)
    cases = MonitoringCase.objects.all()
    totals["cases"] = cases.count()
    totals["identified"] = cases.filter(state="identified").count()
    totals["removed"] = cases.filter(state="removed").count()
    totals["overdue"] = cases.filter(overdue_q(today)).count()
    totals["measures"] = MonitoringMeasure.objects.count()
    totals["visits"] = MonitoringVisit.objects.count()
    return totals
