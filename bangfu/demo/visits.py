"""Demo supervision visits, their follow-ups, and problems raised by a helper.

Runs after the pairing and assistance demo (helpers and pairings exist) and the demo accounts.
Everything is written through the services, as each county's office account (the city office
where none), so that it obeys the rules the pages enforce. Deterministic per seed; idempotent:
each visit and problem has a natural key checked before it is written, so a second run creates
nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from bangfu.accounts.models import User
from bangfu.accounts.roles import Role
from bangfu.pairing.models import Pairing
from bangfu.places.models import Division
from bangfu.visits import services as visits
from bangfu.visits.models import FollowUp, Visit

from .accounts import city_office, county_officers
from .draws import keyed_rng

YEARS = (2017, 2018, 2019)
TEAMS = (
    "市合作交流办 王明、研究院 陈晨",
    "县扶贫办督导组、乡镇科技服务中心站长",
    "督导员 孙伟、县扶贫办 驻村工作队",
    "研究院专家组、县农牧局技术员",
)
FINDINGS = (
    "结对企业按协议开展帮扶，中药材基地长势良好，贫困户参与种植积极。",
    "饲草种植面积达到年度计划的八成，带动养殖户增收明显。",
    "帮扶规划落实较好，培训台账、资金拨付凭证齐全。",
    "企业驻村人员到位，电商销售渠道已打通，农产品销路改善。",
)
PROBLEMS = (
    ("灌溉水源不足，部分地块无法保苗", "乡镇政府、县水务局"),
    ("帮扶资金拨付进度慢，项目配套资金未到位", "县扶贫办"),
    ("技术培训覆盖面窄，部分贫困户未参加", "乡镇科技服务中心"),
    ("冷链仓储设施缺乏，农产品损耗大", "结对企业、村两委"),
    ("帮扶台账不完整，统计口径不一致", "县扶贫办统计股"),
    ("产业项目用地手续办理缓慢", "县自然资源局"),
)
CLOSING = (
    "已协调落实，问题解决。",
    "已打机井一眼，灌溉问题缓解。",
    "资金已拨付到位。",
    "已补充开展培训两期，覆盖全部贫困户。",
)
HELPER_PROBLEMS = (
    ("大棚建设用地审批缓慢，影响项目进度", "希望县里协调自然资源部门加快审批。"),
    ("捐赠物资的税前扣除票据如何办理", "企业财务需要年度捐赠票据。"),
    ("村里道路雨季不通，农产品运不出去", "建议纳入县里道路硬化计划。"),
)


def _pairings_on(county: Division, day: dt.date):
    """Pairings of the county that were active on `day`."""
    return (
        Pairing.objects.filter(county=county, activated_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .select_related("village", "helper")
        .order_by("number")
    )


def _visit_days(rng: random.Random, year: int, late_first: bool) -> list[dt.date]:
    first = dt.date(year, 10, 28) if late_first else dt.date(year, rng.randint(5, 9), 10)
    second = dt.date(year, 11, rng.randint(5, 25))
    return [first + dt.timedelta(days=rng.randint(0, 15)), second]


def _demo_county_visits(seed, county, user, city, today, counts) -> None:
    rng = keyed_rng(seed, f"visits:{county.code}")
    for year in YEARS:
        # one county each year has its first visit after 20 October (“most counties” on time)
        late = county.code == ("130822", "130825", "130881")[YEARS.index(year)]
        for i, day in enumerate(_visit_days(rng, year, late)):
            team = TEAMS[(i + year) % len(TEAMS)]
            pairings = list(_pairings_on(county, day))
            picked = rng.sample(pairings, min(len(pairings), rng.randint(2, 3)))
            problem, owner = PROBLEMS[rng.randrange(len(PROBLEMS))]
            close = rng.random() < 0.7
            findings = FINDINGS[rng.randrange(len(FINDINGS))]
            note = CLOSING[rng.randrange(len(CLOSING))]
            shift = dt.timedelta(days=rng.randint(-20, 10))
            # every random draw is made before this check, so a re-run draws the same
            if Visit.objects.filter(county=county, visited_on=day, participants=team).exists():
                continue
            author = city if (i == 1 and city is not None) else (user or city)
            visit = visits.visit_record(
                user=author,
                county=county,
                visited_on=day,
                participants=team,
                findings=findings,
                problems=problem,
                villages=[p.village for p in picked],
                pairings=picked,
            )
            counts["visits"] += 1
            long_term = year == YEARS[-1] and i == 1
            due = today + dt.timedelta(days=90) if long_term else day + dt.timedelta(days=45)
            village = picked[0].village if picked else None
            f = visits.follow_up_add(
                user=author,
                visit=visit,
                problem=problem,
                owner_name=owner,
                due_on=due,
                village=village,
                pairing=picked[0] if picked else None,
            )
            counts["follow_ups"] += 1
            if close and not long_term:
                visits.follow_up_close(
                    user=author,
                    follow_up=f,
                    note=note,
                    on=min(due + shift, today),
                )


def _demo_problems(seed, officers, today, counts) -> None:
    liaison = User.objects.filter(role=Role.HELPER, is_active=True, helper__isnull=False).first()
    if liaison is None:
        return
    own = list(Pairing.objects.filter(helper_id=liaison.helper_id).order_by("number"))
    for i, (problem, details) in enumerate(HELPER_PROBLEMS):
        if FollowUp.objects.filter(helper_id=liaison.helper_id, problem=problem).exists():
            continue
        pairing = own[i % len(own)] if own and i != 1 else None
        county = pairing.county if pairing else (own[0].county if own else None)
        if county is None:
            county = Division.objects.filter(level="county").order_by("code").first()
        f = visits.helper_problem_raise(
            user=liaison, problem=problem, details=details, pairing=pairing, county=county
        )
        counts["problems"] += 1
        office = officers.get(f.county_id)
        if i == 1 and office is not None:
            visits.follow_up_close(
                user=office,
                follow_up=f,
                note="请在每年1月向县扶贫办申请开具上一年度捐赠票据，系统中已可查看。",
                on=today,
            )


CORRECTION = "（督导组复核后更正：种植面积以乡镇台账为准）"


def _demo_correction(officers, counts) -> None:
    """The first visit of the first county is corrected once by its office, so that its page
    shows a correction in its history (its follow-up may be closed: it stays closed)."""
    visit = Visit.objects.order_by("county__code", "visited_on", "id").first()
    if visit is None or visit.findings.endswith(CORRECTION):
        return
    user = officers.get(visit.county_id) or visit.recorded_by
    if user is None:
        return
    visits.visit_update(
        user=user, visit=visit, findings=visit.findings + CORRECTION, version=visit.version
    )
    counts["corrected"] = 1


def demo_visits(seed: int = 1) -> dict[str, int]:
    """Visits in every county and year 2017–2019 with follow-ups (closed, open, overdue), and a
    few problems raised by the demo liaison's helper. Returns what it created and the totals."""
    today = timezone.localdate()
    officers = county_officers()
    city = city_office()
    counts = {"visits": 0, "follow_ups": 0, "problems": 0}
    if city is None and not officers:
        return {**counts, "overdue": 0, "closed": 0}
    with transaction.atomic():
        for county in Division.objects.filter(level="county").order_by("code"):
            _demo_county_visits(seed, county, officers.get(county.pk), city, today, counts)
        _demo_problems(seed, officers, today, counts)
        _demo_correction(officers, counts)
    counts["created"] = sum(counts.values())
    counts["overdue"] = FollowUp.objects.overdue(today).count()
    counts["closed"] = FollowUp.objects.filter(state=FollowUp.State.CLOSED).count()
    counts["total_visits"] = Visit.objects.count()
    return counts
