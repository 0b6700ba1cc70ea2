"""Demo supervision visits, follow-ups, helper problems, loans and donation receipts.

Runs after the pairing and assistance demo (helpers, pairings and confirmed records exist)
and the demo accounts. Everything is written through the services, as each county's office
account (the city office where none), so that it obeys the rules the pages enforce.
Deterministic per seed; idempotent: each visit, loan and receipt has a natural key checked
before it is written, so a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from bangfu.accounts.models import User
from bangfu.accounts.roles import Role
from bangfu.helpers.models import Helper
from bangfu.pairing.models import Pairing
from bangfu.places.models import Division
from bangfu.support import services as support
from bangfu.support.models import DonationReceipt, Loan
from bangfu.visits import services as visits
from bangfu.visits.models import FollowUp, Visit

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
BANKS = ("承德银行", "河北省农村信用社", "中国农业银行承德分行", "邮储银行承德分行")


def _rng(seed: int, key: str) -> random.Random:
    return random.Random(f"{seed}:{key}")  # noqa: S311  (demo data, reproducible on purpose)


def _officers() -> dict[int, User]:
    out: dict[int, User] = {}
    for user in User.objects.filter(role=Role.COUNTY, is_active=True).order_by("id"):
        out.setdefault(user.county_id, user)
    return out


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
    rng = _rng(seed, f"visits:{county.code}")
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


def _demo_loans(seed, officers, city, counts) -> None:
    for county in Division.objects.filter(level="county").order_by("code"):
        user = officers.get(county.pk) or city
        rng = _rng(seed, f"loans:{county.code}")
        paired = list(
            Pairing.objects.filter(county=county, activated_on__isnull=False)
            .order_by("helper_id", "activated_on")
            .distinct()
        )
        seen: dict[int, Pairing] = {}
        for p in paired:
            seen.setdefault(p.helper_id, p)
        firsts = sorted(seen.values(), key=lambda p: p.number)
        for p in rng.sample(firsts, min(len(firsts), 2)):
            granted = min(
                p.activated_on + dt.timedelta(days=rng.randint(30, 300)), dt.date(2019, 12, 20)
            )
            bank = BANKS[rng.randrange(len(BANKS))]
            rate = Decimal(rng.choice(("4.35", "4.75", "4.90")))
            amount = Decimal(rng.randint(10, 300) * 10000)
            subsidy = Decimal(rng.choice(("2.00", "3.00"))).min(rate)
            term = rng.choice((12, 24, 36))
            if Loan.objects.filter(helper=p.helper, county=county, granted_on=granted).exists():
                continue
            support.loan_record(
                user=user,
                helper=p.helper,
                county=county,
                bank=bank,
                amount_yuan=amount,
                interest_rate=rate,
                subsidy_rate=subsidy,
                term_months=term,
                granted_on=granted,
                note="县级统筹扶贫贴息贷款，优先支持结对帮扶企业",
            )
            counts["loans"] += 1


def _demo_receipts(seed, officers, city, counts) -> None:
    for county in Division.objects.filter(level="county").order_by("code"):
        user = officers.get(county.pk) or city
        for year in (2017, 2018):
            if DonationReceipt.objects.filter(county=county, year=year).exists():
                continue
            rows = support.receipt_candidates(user=user, year=year, county=county.code)[:3]
            for row in rows:
                receipt = support.receipt_issue(
                    user=user,
                    helper=Helper.objects.get(pk=row["helper_id"]),
                    county=county,
                    year=year,
                    issued_on=dt.date(year + 1, 1, 15),
                )
                counts["receipts"] += 1
                if year == 2017 and row is rows[0] and county.code == "130821":
                    support.receipt_void(
                        user=user, receipt=receipt, reason="开票单位名称有误，作废重开"
                    )
                    support.receipt_issue(
                        user=user,
                        helper=receipt.helper,
                        county=county,
                        year=year,
                        issued_on=dt.date(year + 1, 1, 20),
                    )
                    counts["receipts"] += 1


def demo_visits(seed: int = 1) -> dict[str, int]:
    """Visits in every county and year 2017–2019 with follow-ups (closed, open, overdue), a
    few problems raised by the demo liaison's helper, loans to paired helpers and donation
    receipts for 2017 and 2018. Returns what it created and the totals."""
    today = timezone.localdate()
    officers = _officers()
    city = User.objects.filter(role=Role.CITY, is_active=True).order_by("id").first()
    counts = {"visits": 0, "follow_ups": 0, "problems": 0, "loans": 0, "receipts": 0}
    if city is None and not officers:
        return {**counts, "overdue": 0, "closed": 0}
    with transaction.atomic():
        for county in Division.objects.filter(level="county").order_by("code"):
            _demo_county_visits(seed, county, officers.get(county.pk), city, today, counts)
        _demo_problems(seed, officers, today, counts)
    with transaction.atomic():
        _demo_loans(seed, officers, city, counts)
    with transaction.atomic():
        _demo_receipts(seed, officers, city, counts)
    counts["created"] = sum(counts.values())
    counts["overdue"] = FollowUp.objects.overdue(today).count()
    counts["closed"] = FollowUp.objects.filter(state=FollowUp.State.CLOSED).count()
    counts["total_visits"] = Visit.objects.count()
    return counts
