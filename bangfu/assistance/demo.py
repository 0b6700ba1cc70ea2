"""Demo data for assistance: three years of help in the six pathways, and the forage-grass project.

On the pairing demo (`bangfu.pairing.demo`): every demo pairing that was ever active (active,
suspended, ended or relayed) gets its records from its start date to the end of 2019H2 (21
December 2019), never after its end nor after today — about five a year, more for the more
active helpers, in the pairing's own pathways three times out of four and in every pathway and
kind (`models.KINDS_BY_PATHWAY`) over the whole. Each record has the measures that fit its
kind, in realistic magnitudes (a training 20–80 people, a donation 2,000–200,000 yuan, an
investment 100,000–5,000,000 yuan, a purchase priced by the ton or the head, a loan with its
rate …), a Chinese description naming the village and what was done, and, for about half of
them, beneficiary households drawn from the registry of the record's village
(`households_reached` is never fewer). A few records are for a village of the same county
outside the helper's pairings (`pairing` empty).

Status: older records are nearly all confirmed; the later ones in 2019 are more often still
submitted, sent back with a note, or drafts — about nine in ten are confirmed in all. Four
confirmed records were corrected by a confirmed correcting record (`corrects`), which
superseded them (the original carries the amount typed wrong; its description the right
one). A record is confirmed by the county office account of its county (`confirmed_by`) when
one exists — `demo_data` runs this after the demo accounts, so 承德县's and 围场县's are — else
left empty, and submitted by the helper's liaison account when there is one. No evidence files
are generated.

The forage-grass project (饲粮牧草种植项目, the seed's lead project: 17,100 mu, 52,500 head,
210 million yuan profit in the first year, 2017) is reported per village and half-year
(2017H1–2019H2) in the villages of the pairings whose focus is forage or livestock and that
began in 2017. A `ProjectProgress` row holds what was *added in the period*: the area newly
planted, the head of livestock newly brought in, and the profit earned in the period, so a
cumulative figure is the sum of the rows up to a period. Area and livestock reach about 95 % and
65 % of their targets by 2017H2 and 100–105 % from 2018H2; the profit of the first year (2017H1
and 2017H2) is about 95 % of its target, and profit goes on in 2018 and 2019.

Village rows and household rows never coexist for one village: a village row is the village's
whole figure, household rows are its parts, so mixing them would count a village twice. Most
villages report one village row a period; a few (`HOUSEHOLD_VILLAGES`) report per household
only, so the project's figure for any scope is the plain sum of its rows.

`plan_assistance()` draws everything from `random.Random(seed)` and writes nothing: the same
seed, inputs and `today` always plan the same rows. `demo_assistance()` writes a plan with
`bulk_create`, computing the columns `save()` would derive (number, period, county,
township), and leaves one summary audit row; it does nothing when the current programme's
pairings already have records.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from bangfu.core.periods import Period, period_of, periods_between
from bangfu.pairing.models import Pathway, Status, pathway_list

from .models import (
    KINDS_BY_PATHWAY,
    Assistance,
    AssistanceStatus,
    Beneficiary,
    Project,
    ProjectProgress,
)

# --------------------------------------------------------------------------------------------
# Shares and fixed points
# --------------------------------------------------------------------------------------------

FIRST_PERIOD = Period(2017, 1)
LAST_PERIOD = Period(2019, 2)
RECORDS_END = LAST_PERIOD.end  # 21 December 2019
RATE_PER_YEAR = (3.0, 8.0)  # records a pairing has a year, by the helper's activity
OWN_PATHWAY_SHARE = 0.75  # records in one of the pairing's pathways
OUTSIDE_PAIRING_SHARE = 0.01  # records for another village of the county, outside a pairing
BENEFICIARY_SHARE = 0.5  # of the records that reach households
CORRECTIONS = 4
HOUSEHOLD_VILLAGES = 8  # forage-grass villages reporting per household only
ZERO = Decimal("0.00")

# status shares by the record's period: (confirmed, submitted, returned, draft)
STATUS_SHARES = {
    "2019H2": (0.58, 0.18, 0.13, 0.11),
    "2019H1": (0.88, 0.05, 0.05, 0.02),
}
STATUS_SHARES_EARLIER = (0.975, 0.005, 0.015, 0.005)

# how often each pathway is chosen (among the pairing's own, or any)
PATHWAY_WEIGHTS = {
    Pathway.CHARITY: 24,
    Pathway.TECHNOLOGY: 20,
    Pathway.EMPLOYMENT: 15,
    Pathway.INDUSTRY: 13,
    Pathway.COMMERCE: 16,
    Pathway.OTHER: 12,
}
KIND_WEIGHTS = {
    Pathway.CHARITY: {
        "money_donation": 30,
        "goods_donation": 25,
        "schooling": 15,
        "elderly": 12,
        "disabled": 8,
        "medical": 10,
    },
    Pathway.TECHNOLOGY: {"training": 1},
    Pathway.EMPLOYMENT: {"jobs": 65, "training": 35},
    Pathway.INDUSTRY: {"investment": 70, "new_business": 30},
    Pathway.COMMERCE: {"purchase": 45, "consignment": 20, "processing": 15, "direct_channel": 20},
    Pathway.OTHER: {
        "ppp": 8,
        "cooperative": 18,
        "entrepreneur": 12,
        "stationed_staff": 18,
        "ecommerce": 14,
        "volunteers": 12,
        "loan": 12,
        "fund": 8,
    },
}
# a pairing's focus makes some kinds of its pathways likelier (half of its records there)
FOCUS_KINDS = {
    "周转资金": "loan",
    "电商": "ecommerce",
    "合作社": "cooperative",
    "特派员": "stationed_staff",
    "基础设施": "ppp",
    "助学": "schooling",
    "医疗": "medical",
    "消费": "purchase",
    "就业": "jobs",
}
# the months a kind of help usually happens in (weights, January first)
SEASONS = {
    "money_donation": (5, 4, 1, 1, 1, 1, 1, 1, 2, 1, 1, 3),
    "goods_donation": (4, 3, 2, 2, 1, 1, 1, 1, 1, 2, 3, 4),
    "schooling": (1, 1, 1, 1, 1, 1, 1, 5, 6, 1, 1, 1),
    "elderly": (4, 3, 1, 1, 1, 1, 1, 1, 1, 5, 1, 2),
    "training": (3, 3, 5, 5, 3, 2, 2, 2, 2, 2, 3, 3),
    "purchase": (1, 1, 1, 1, 1, 1, 1, 2, 4, 5, 4, 2),
    "volunteers": (1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 1, 1),
}

RETURN_NOTES = (
    "受益户名单与上传的签收表不一致，请核对后重新提交。",
    "帮扶日期与佐证材料上的日期不一致，请核实。",
    "缺少现场照片等佐证材料，请补充上传后再提交。",
)
# notes that fit a record because of one of its measures
RETURN_NOTES_BY_MEASURE = {
    "persons_trained": "培训签到表照片不清晰，请补充上传后再提交。",
    "money_yuan": "资金数额与收据或银行转账凭证不符，请更正。",
    "goods_yuan": "捐赠物资缺少接收清单，折款依据不足，请补充。",
    "jobs": "缺少就业人员的劳动合同或工资发放记录，请补充。",
    "purchase_yuan": "采购金额缺少发票或收购凭证，请补充上传。",
    "investment_yuan": "投资额缺少项目合同和资金拨付凭证，请补充。",
    "loan_yuan": "贷款利率与合作银行协议不一致，请核实后修改。",
    "volunteer_hours": "志愿服务时长缺少活动记录，请补充。",
}
CORRECTION_REASONS = (
    "金额少录一个零",
    "金额多录一个零",
    "按收据金额更正",
)

SURNAMES = "王王李李张张刘刘赵杨孙高马于徐周陈郭田何姜董白崔宋曹韩冯吕朱胡许梁苏齐"
GIVEN = "国建志海军明永春福德文学立长振树林宝贵成山刚强伟平勇亮秀英兰芳玉凤桂珍霞华丽红"


@dataclass(frozen=True, slots=True)
class Industry:
    """A village industry: what a buyer takes from it, in which unit, at which price, and
    what a training in it teaches."""

    name: str
    product: str
    unit: str
    price_low: int
    price_high: int
    training: str
    facility: str


# industry | product | unit | price from | to (yuan per unit) | training topic | facility built
INDUSTRY_TABLE = """
玉米种植|玉米|吨|1600|2000|玉米高产栽培与病虫害绿色防控|玉米烘干仓储中心
肉牛养殖|育肥牛|头|9000|14000|肉牛舍饲育肥与疫病防控|标准化肉牛养殖圈舍
肉羊养殖|肉羊|只|900|1500|肉羊舍饲养殖与防疫|标准化肉羊养殖小区
山楂|山楂|吨|1500|3000|山楂树整形修剪与病虫害防治|山楂果品冷藏库
板栗|板栗|吨|8000|14000|板栗嫁接与丰产栽培管理|板栗分拣冷藏车间
苹果|苹果|吨|3000|6000|苹果矮化密植与套袋管理|苹果气调冷藏库
食用菌|香菇|吨|6000|10000|食用菌菌棒制作与出菇管理|食用菌生产大棚
中药材|黄芩、桔梗等中药材|吨|15000|30000|黄芩、桔梗等中药材规范化种植|中药材初加工车间
蔬菜大棚|大棚蔬菜|吨|2000|4000|设施蔬菜栽培与水肥一体化|设施蔬菜大棚
乡村旅游|农家乐餐饮住宿|人次|80|150|农家乐经营管理与服务礼仪|农家乐民宿
饲草种植|青贮饲草|吨|350|500|优质牧草种植与青贮加工|青贮饲料加工点
生猪养殖|生猪|头|1500|2500|生猪科学饲养与非洲猪瘟防控|标准化生猪养殖场
杂粮种植|小米、杂粮|吨|5000|9000|杂粮高产栽培|杂粮加工车间
蛋鸡养殖|鸡蛋|吨|7000|10000|蛋鸡科学饲养与疫病防控|标准化蛋鸡养殖场
林下经济|林下散养鸡|只|60|120|林下种养结合技术|林下养殖基地
光伏发电|杂粮|吨|5000|9000|光伏电站日常运维|村级光伏扶贫电站
马铃薯种植|马铃薯|吨|800|1500|马铃薯脱毒种薯繁育与高产栽培|马铃薯储藏窖
山杏|杏仁|吨|20000|35000|山杏嫁接改良与抚育管理|杏仁加工车间
"""
INDUSTRIES: dict[str, Industry] = {}
for _line in INDUSTRY_TABLE.strip().splitlines():
    _name, _product, _unit, _low, _high, _training, _facility = _line.split("|")
    INDUSTRIES[_name] = Industry(
        _name, _product, _unit, int(_low), int(_high), _training, _facility
    )
DEFAULT_INDUSTRY = INDUSTRIES["杂粮种植"]

TRADES = ("电焊工", "家政服务", "电商客服", "中式烹调", "食品加工", "物流分拣", "保安")
POSTS = ("生产车间", "种植基地", "养殖场", "物流仓库", "食用菌园区", "农产品加工车间")
PUBLIC_WORKS = (
    ("硬化村内道路", "公里", 1, 6),
    ("建设农村饮水安全工程，新打机井", "眼", 1, 4),
    ("建设节水灌溉管网", "亩", 200, 1500),
    ("建设村级污水处理设施", "处", 1, 2),
    ("改造村内危桥", "座", 1, 3),
)
NEW_BUSINESSES = (
    "杂粮加工厂",
    "山楂深加工车间",
    "食用菌菌棒厂",
    "肉牛屠宰分割车间",
    "饲草加工厂",
    "农产品电商仓储中心",
    "服装加工扶贫车间",
)
VOLUNTEER_WORK = ("义诊和健康讲座", "村容村貌环境整治", "暑期支教", "秋收帮扶", "防疫宣传")
MEDICAL = (
    "组织医疗专家到{place}开展义诊，为{n}户大病贫困户发放医疗救助金",
    "为{place}因病致贫的{n}户贫困户代缴新农合个人缴费并发放救助金",
)

# --------------------------------------------------------------------------------------------
# The forage-grass project (SEED README: 1.71万亩, 5.25万头, 2.1亿元 in the first year)
# --------------------------------------------------------------------------------------------

FORAGE_CODE = "forage-grass"
FORAGE_NAME = "饲粮牧草种植项目"
FORAGE_DESCRIPTION = (
    "“科企帮万村”精准扶贫行动的龙头项目：推广紫花苜蓿、青贮玉米等优质饲草种植1.71万亩，"
    "带动肉牛、肉羊等牲畜5.25万头，预计第一年实现收益2.1亿元。各村按半年度填报本期新增"
    "种植面积、新增牲畜存栏和本期收益；累计数为截至该期各期之和。"
)
FORAGE_FIRST_YEAR = 2017
FORAGE_AREA_MU = Decimal("17100")
FORAGE_LIVESTOCK = 52_500
FORAGE_REVENUE_YUAN = Decimal("210000000")
FORAGE_FOCUS_WORDS = ("饲草", "肉牛", "肉羊")
# what a village adds in each period (2017H1 … 2019H2), as shares of its own total, by
# whether it began in the first or the second half of 2017
AREA_SHARES = {1: (0.52, 0.43, 0.03, 0.02, 0.0, 0.0), 2: (0.0, 0.95, 0.03, 0.02, 0.0, 0.0)}
LIVESTOCK_SHARES = {
    1: (0.30, 0.35, 0.20, 0.15, 0.01, 0.01),
    2: (0.0, 0.65, 0.20, 0.15, 0.01, 0.01),
}
# profit is a flow: the first year's about 95 % of the target, and more every year after
REVENUE_SHARES = {
    1: (0.15, 0.80, 0.40, 0.72, 0.45, 0.78),
    2: (0.0, 0.95, 0.40, 0.72, 0.45, 0.78),
}
AREA_FACTOR = 1.02  # the area planted ends a little above the target


# --------------------------------------------------------------------------------------------
# Inputs and the plan
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DemoPairing:
    number: str
    helper_uscc: str
    village_code: str
    county_code: str
    place: str  # the village's name without the committee: 小兰窝村
    industries: tuple[str, ...]
    focus: str
    pathways: tuple[str, ...]
    start_date: dt.date
    ended_on: dt.date | None


@dataclass(frozen=True, slots=True)
class DemoHousehold:
    ref: str
    village_code: str
    size: int
    tech_help: bool


@dataclass(frozen=True, slots=True)
class PlannedRecord:
    number: str
    pairing: str | None  # the pairing's number; None for help outside a pairing
    helper_uscc: str
    village_code: str
    on: dt.date
    pathway: str
    kind: str
    description: str
    measures: tuple[tuple[str, object], ...]
    beneficiaries: tuple[str, ...]  # household refs
    status: str
    review_note: str = ""
    submitted_on: dt.date | None = None
    confirmed_on: dt.date | None = None
    corrects: str | None = None  # the number of the record it corrects


@dataclass(frozen=True, slots=True)
class PlannedProgress:
    period: str
    village_code: str
    household_ref: str | None
    area_mu: Decimal
    livestock: int
    revenue_yuan: Decimal


@dataclass(frozen=True, slots=True)
class AssistancePlan:
    records: tuple[PlannedRecord, ...]
    progress: tuple[PlannedProgress, ...]


def place_name(name: str) -> str:
    """白虎沟村民委员会 → 白虎沟村, 瓦房村村民委员会 → 瓦房村, 南街社区居民委员会 → 南街社区."""
    if name.endswith("村民委员会"):
        place = name.removesuffix("村民委员会")
        return place if place.endswith("村") else place + "村"
    if name.endswith("居民委员会"):
        place = name.removesuffix("居民委员会")
        return place if place.endswith("社区") else place + "社区"
    return name


def load_inputs() -> tuple[list[DemoPairing], list[DemoHousehold]]:
    """The current programme's pairings that were ever active, and the registered
    households of their villages, in a fixed order (read only)."""
    from bangfu.pairing.models import Pairing
    from bangfu.places.models import Programme
    from bangfu.registry.models import Household

    programme = Programme.objects.filter(is_current=True).first()
    if programme is None:
        return [], []
    rows = (
        Pairing.objects.filter(programme=programme, activated_on__isnull=False)
        .exclude(status__in=[Status.PROPOSED, Status.AGREED])
        .order_by("number")
        .values_list(
            "number",
            "helper__uscc",
            "village__code",
            "county__code",
            "village__name",
            "village__profile__main_industries",
            "focus",
            "pathways",
            "start_date",
            "ended_on",
        )
    )
    pairings = [
        DemoPairing(
            number,
            uscc,
            village,
            county,
            place_name(name),
            tuple(w for w in (industries or "").split("、") if w),
            focus,
            tuple(pathway_list(pathways)),
            start,
            ended,
        )
        for number, uscc, village, county, name, industries, focus, pathways, start, ended in rows
    ]
    households = [
        DemoHousehold(*row)
        for row in Household.objects.filter(village__code__in={p.village_code for p in pairings})
        .order_by("village__code", "ref")
        .values_list("ref", "village__code", "size", "tech_help")
    ]
    return pairings, households


def plan_assistance(
    seed: int = 1,
    *,
    pairings: Sequence[DemoPairing] | None = None,
    households: Sequence[DemoHousehold] | None = None,
    today: dt.date | None = None,
    taken: frozenset[str] = frozenset(),
) -> AssistancePlan:
    """Every row the assistance demo would write for `seed`, without writing anything.

    `pairings` and `households` default to the database (read only), `today` to the local
    date; `taken` are record numbers already in use."""
    if pairings is None or households is None:
        loaded = load_inputs()
        pairings = loaded[0] if pairings is None else pairings
        households = loaded[1] if households is None else households
    planner = _Planner(seed, list(pairings), list(households), today or timezone.localdate(), taken)
    return planner.plan()


def _yuan(value: float, step: int = 100) -> Decimal:
    """A whole amount of yuan, rounded to `step`, never below one step."""
    return Decimal(max(step, round(value / step) * step)).quantize(Decimal("0.01"))


def _zh_yuan(amount: Decimal) -> str:
    """12000 → 1.2万元, 3500 → 3500元 (as the forms write it)."""
    if amount >= 10000:
        text = f"{(amount / 10000).quantize(Decimal('0.01'), ROUND_HALF_UP):f}".rstrip("0")
        return text.rstrip(".") + "万元"
    return f"{int(amount)}元"


class _Planner:
    def __init__(
        self,
        seed: int,
        pairings: list[DemoPairing],
        households: list[DemoHousehold],
        today: dt.date,
        taken: frozenset[str],
    ):
        self.rng = random.Random(seed)  # noqa: S311  (demo data, reproducible on purpose)
        self.pairings = pairings
        self.today = today
        self.taken = set(taken)
        self.households: dict[str, list[DemoHousehold]] = {}
        for h in households:
            self.households.setdefault(h.village_code, []).append(h)
        first: dict[str, DemoPairing] = {}  # one pairing stands for its village
        for p in pairings:
            first.setdefault(p.village_code, p)
        self.villages_by_county: dict[str, list[DemoPairing]] = {}
        for code in sorted(first):
            self.villages_by_county.setdefault(first[code].county_code, []).append(first[code])

    # -- small draws -------------------------------------------------------------------------

    def number(self) -> str:
        while True:
            number = f"A{self.rng.getrandbits(40):010X}"
            if number not in self.taken:
                self.taken.add(number)
                return number

    def person(self) -> str:
        rng = self.rng
        return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))

    def log_uniform(self, low: float, high: float, skew: float = 1.0) -> float:
        """Between low and high, evenly on a log scale — or, with skew > 1, mostly near low
        (a few large investments, many small ones)."""
        u = self.rng.random() ** skew
        return math.exp(math.log(low) + u * (math.log(high) - math.log(low)))

    def day(self, low: dt.date, high: dt.date, kind: str) -> dt.date:
        """A day in [low, high], in the months the kind of help usually happens in."""
        rng = self.rng
        weights = SEASONS.get(kind)
        span = (high - low).days
        day = low + dt.timedelta(days=rng.randint(0, span))
        if weights is None:
            return day
        top = max(weights)
        for _ in range(8):
            if rng.random() * top < weights[day.month - 1]:
                break
            day = low + dt.timedelta(days=rng.randint(0, span))
        return day

    def industry(self, pairing: DemoPairing) -> Industry:
        known = [INDUSTRIES[w] for w in pairing.industries if w in INDUSTRIES]
        return self.rng.choice(known) if known else DEFAULT_INDUSTRY

    # -- the whole plan ----------------------------------------------------------------------

    def plan(self) -> AssistancePlan:
        rng = self.rng
        helpers = sorted({p.helper_uscc for p in self.pairings})
        rate = {h: rng.uniform(*RATE_PER_YEAR) for h in helpers}
        records: list[PlannedRecord] = []
        for pairing in self.pairings:
            last = min(RECORDS_END, self.today, pairing.ended_on or RECORDS_END)
            if last < pairing.start_date:
                continue
            years = ((last - pairing.start_date).days + 1) / 365.25
            n = max(1, round(years * rate[pairing.helper_uscc] + rng.uniform(-1, 1)))
            for _ in range(n):
                records.append(self.record(pairing, pairing.start_date, last))
        records.sort(key=lambda r: (r.on, r.number))
        records = self.plan_corrections(records)
        return AssistancePlan(tuple(records), tuple(self.plan_forage()))

    def pick_kind(self, pairing: DemoPairing) -> tuple[str, str]:
        rng = self.rng
        own = [p for p in pairing.pathways if p in KINDS_BY_PATHWAY]
        if own and rng.random() < OWN_PATHWAY_SHARE:
            pathway = rng.choices(own, weights=[PATHWAY_WEIGHTS[p] for p in own])[0]
            for word, kind in FOCUS_KINDS.items():
                if (
                    word in pairing.focus
                    and kind in KINDS_BY_PATHWAY[pathway]
                    and rng.random() < 0.5
                ):
                    return pathway, kind
        else:
            pathways = list(PATHWAY_WEIGHTS)
            pathway = rng.choices(pathways, weights=list(PATHWAY_WEIGHTS.values()))[0]
        weights = KIND_WEIGHTS[pathway]
        return pathway, rng.choices(list(weights), weights=list(weights.values()))[0]

    def record(self, pairing: DemoPairing, first: dt.date, last: dt.date) -> PlannedRecord:
        rng = self.rng
        pathway, kind = self.pick_kind(pairing)
        village = pairing
        if rng.random() < OUTSIDE_PAIRING_SHARE:  # help for a neighbouring village
            others = [
                v
                for v in self.villages_by_county.get(pairing.county_code, ())
                if v.village_code != pairing.village_code
            ]
            if others:
                village = rng.choice(others)
                pathway = rng.choice((Pathway.CHARITY, Pathway.COMMERCE))
                weights = KIND_WEIGHTS[pathway]
                kind = rng.choices(list(weights), weights=list(weights.values()))[0]
        on = self.day(first, last, kind)
        description, measures = self.measures(kind, pathway, village)
        beneficiaries = self.beneficiaries(kind, pathway, village.village_code, measures)
        if beneficiaries:
            measures["households_reached"] = max(
                measures.get("households_reached", 0), len(beneficiaries)
            )
        status, submitted, confirmed = self.status(on)
        note = ""
        if status == AssistanceStatus.RETURNED:
            fitting = [n for f, n in RETURN_NOTES_BY_MEASURE.items() if measures.get(f)]
            note = rng.choice([*fitting, *fitting, *RETURN_NOTES])
        return PlannedRecord(
            number=self.number(),
            pairing=pairing.number if village is pairing else None,
            helper_uscc=pairing.helper_uscc,
            village_code=village.village_code,
            on=on,
            pathway=str(pathway),
            kind=kind,
            description=description,
            measures=tuple(sorted(measures.items())),
            beneficiaries=beneficiaries,
            status=status,
            review_note=note,
            submitted_on=submitted,
            confirmed_on=confirmed,
        )

    def status(self, on: dt.date) -> tuple[str, dt.date | None, dt.date | None]:
        rng = self.rng
        shares = STATUS_SHARES.get(period_of(on).code, STATUS_SHARES_EARLIER)
        status = rng.choices(
            (
                AssistanceStatus.CONFIRMED,
                AssistanceStatus.SUBMITTED,
                AssistanceStatus.RETURNED,
                AssistanceStatus.DRAFT,
            ),
            weights=shares,
        )[0]
        if status == AssistanceStatus.DRAFT:
            return str(status), None, None
        submitted = min(self.today, on + dt.timedelta(days=rng.randint(0, 12)))
        if status == AssistanceStatus.CONFIRMED:
            confirmed = min(self.today, submitted + dt.timedelta(days=rng.randint(1, 30)))
            return str(status), submitted, confirmed
        return str(status), submitted, None

    def beneficiaries(
        self, kind: str, pathway: str, village_code: str, measures: dict
    ) -> tuple[str, ...]:
        """Registered households of the village for about half the records that reach
        households; technical trainings reach the households chosen for tech help."""
        rng = self.rng
        reached = measures.get("households_reached", 0)
        pool = self.households.get(village_code, [])
        if not reached or not pool or rng.random() >= BENEFICIARY_SHARE:
            return ()
        k = min(len(pool), reached, rng.randint(2, 15))
        if kind == "training" and pathway == Pathway.TECHNOLOGY:
            tech = [h for h in pool if h.tech_help]
            if tech:  # the households chosen for tech help (4,858 in all)
                pool, k = tech, min(k, len(tech))
        return tuple(sorted(h.ref for h in rng.sample(pool, k)))

    # -- measures by kind --------------------------------------------------------------------

    def measures(self, kind: str, pathway: str, pairing: DemoPairing) -> tuple[str, dict]:
        rng = self.rng
        place = pairing.place
        industry = self.industry(pairing)
        m: dict[str, object] = {}
        if kind == "money_donation":
            roll = rng.random()
            if roll < 0.4:
                n = rng.randint(10, 80)
                each = rng.choice((300, 500, 800, 1000, 1500))
                m["money_yuan"] = _yuan(n * each)
                m["households_reached"] = n
                text = f"春节前走访慰问{place}贫困户{n}户，每户发放慰问金{each}元"
            elif roll < 0.75:
                m["money_yuan"] = _yuan(self.log_uniform(20_000, 200_000), 1000)
                m["households_reached"] = rng.randint(20, 120)
                text = (
                    f"向{place}捐赠扶贫资金{_zh_yuan(m['money_yuan'])}，"
                    f"用于村集体发展{industry.name}产业"
                )
            else:
                m["money_yuan"] = _yuan(self.log_uniform(2_000, 60_000), 500)
                text = f"捐资{_zh_yuan(m['money_yuan'])}用于{place}村内路灯安装和环境整治"
        elif kind == "goods_donation":
            roll = rng.random()
            if roll < 0.3:
                tons = rng.randint(3, 40)
                crop = rng.choice(("玉米", "谷子", "马铃薯", "大豆"))
                kg = rng.randint(2, 30) * 100
                value = tons * rng.randint(2200, 2800) + kg * rng.randint(6, 12)
                what = f"化肥{tons}吨、{crop}良种{kg}公斤"
            elif roll < 0.55:
                n = rng.randint(15, 90)
                value = n * rng.randint(200, 500)
                m["households_reached"] = n
                what = f"棉被、米面油等过冬物资，发放到{n}户贫困户"
            elif roll < 0.75:
                computers, books = rng.randint(2, 10), rng.randint(5, 30) * 100
                value = computers * rng.randint(3000, 5000) + books * rng.randint(20, 40)
                what = f"电脑{computers}台、图书{books}册，充实村级科技服务工作站"
            elif roll < 0.9:
                n = rng.randint(2, 10)
                value = n * rng.randint(3000, 15000)
                what = f"农用三轮车和小型农机具{n}台"
            else:
                n = rng.randint(20, 150)
                value = n * rng.randint(150, 300)
                what = f"学生书包、文具和校服{n}套"
            m["goods_yuan"] = _yuan(min(value, 200_000), 100)
            m.setdefault("households_reached", rng.randint(10, 90))
            text = f"向{place}捐赠{what}，折款{_zh_yuan(m['goods_yuan'])}"
        elif kind == "schooling":
            n = rng.randint(5, 40)
            each = rng.choice((1000, 1500, 2000, 3000))
            m["money_yuan"] = _yuan(n * each)
            m["households_reached"] = max(1, round(n * rng.uniform(0.8, 1.0)))
            text = f"资助{place}贫困家庭在校学生{n}名，每人每学年{each}元"
        elif kind == "elderly":
            n = rng.randint(10, 60)
            m["money_yuan"] = _yuan(n * rng.choice((200, 300, 500)))
            m["goods_yuan"] = _yuan(n * rng.randint(100, 300))
            m["households_reached"] = max(1, round(n * rng.uniform(0.7, 1.0)))
            text = f"重阳节走访慰问{place}孤寡和留守老人{n}人，发放慰问金和米面油"
        elif kind == "disabled":
            n = rng.randint(3, 20)
            m["goods_yuan"] = _yuan(n * rng.randint(800, 2500))
            m["households_reached"] = n
            text = f"为{place}{n}名残疾人捐赠轮椅、助听器等辅助器具"
        elif kind == "medical":
            n = rng.randint(3, 30)
            m["money_yuan"] = _yuan(n * rng.randint(1000, 5000))
            m["households_reached"] = n
            text = rng.choice(MEDICAL).format(place=place, n=n)
        elif kind == "training" and pathway == Pathway.EMPLOYMENT:
            persons = rng.randint(20, 60)
            trade = rng.choice(TRADES)
            m["persons_trained"] = persons
            m["poor_trained"] = round(persons * rng.uniform(0.4, 0.9))
            m["households_reached"] = m["poor_trained"]
            text = f"在{place}开展{trade}订单式技能培训{persons}人，考核合格后推荐到企业上岗"
        elif kind == "training":
            persons = rng.randint(20, 80)
            m["persons_trained"] = persons
            m["poor_trained"] = round(persons * rng.uniform(0.35, 0.8))
            m["households_reached"] = m["poor_trained"]
            text = rng.choice(
                (
                    f"在{place}举办{industry.training}培训班，邀请研究院专家授课",
                    f"在{place}田间地头开展{industry.training}现场指导和观摩培训",
                    f"组织{place}种养殖户参加{industry.training}技术培训",
                )
            )
            text += f"，培训{persons}人次"
        elif kind == "jobs":
            jobs = rng.randint(2, 30)
            poor = round(jobs * rng.uniform(0.4, 0.9))
            months = rng.randint(3, 6)
            monthly = rng.randint(22, 38) * 100
            m["jobs"] = jobs
            m["poor_jobs"] = poor
            m["wages_yuan"] = _yuan(jobs * months * monthly)
            m["households_reached"] = poor
            text = (
                f"吸纳{place}村民{jobs}人（其中贫困劳动力{poor}人）到企业{rng.choice(POSTS)}"
                f"务工{months}个月，月均工资{monthly}元"
            )
        elif kind == "investment":
            m["investment_yuan"] = _yuan(self.log_uniform(100_000, 5_000_000, 2.5), 10_000)
            m["households_reached"] = rng.randint(10, 80)
            text = (
                f"投资{_zh_yuan(m['investment_yuan'])}在{place}建设{industry.facility}，"
                "建成后交村集体经营，收益用于贫困户分红"
            )
        elif kind == "new_business":
            business = rng.choice(NEW_BUSINESSES)
            m["investment_yuan"] = _yuan(self.log_uniform(200_000, 3_000_000, 2.5), 10_000)
            jobs = rng.randint(3, 20)
            m["jobs"] = jobs
            m["poor_jobs"] = round(jobs * rng.uniform(0.3, 0.8))
            m["households_reached"] = m["poor_jobs"]
            text = (
                f"在{place}新办{business}，投资{_zh_yuan(m['investment_yuan'])}，"
                f"吸纳村民{jobs}人就业"
            )
        elif kind in ("purchase", "consignment", "processing", "direct_channel", "ecommerce"):
            low, high = {
                "purchase": (20_000, 800_000),
                "consignment": (10_000, 300_000),
                "processing": (30_000, 500_000),
                "direct_channel": (20_000, 400_000),
                "ecommerce": (10_000, 300_000),
            }[kind]
            if industry.unit == "人次":  # a service: the buyer takes the village's grain
                industry = DEFAULT_INDUSTRY
            price = rng.randint(industry.price_low, industry.price_high)
            qty = max(1, round(self.log_uniform(low, high) / price))
            m["purchase_yuan"] = _yuan(qty * price, 10)
            m["households_reached"] = rng.randint(5, 60)
            what = f"{industry.product}{qty}{industry.unit}"
            text = {
                "purchase": f"订单收购{place}{what}，按保底价{price}元/{industry.unit}结算",
                "consignment": f"在天津门店和职工食堂代销{place}{what}",
                "processing": (
                    f"委托{place}养殖合作社代养{what}，结算代养费和收购款"
                    if industry.unit in ("头", "只")
                    else f"委托{place}合作社加工{what}，结算原料款和加工费"
                ),
                "direct_channel": f"开通农企直通车，{place}{what}直供企业职工食堂和天津商超",
                "ecommerce": f"帮助{place}在电商平台开设网店，线上销售{what}",
            }[kind]
            text += f"，{'销售额' if kind == 'ecommerce' else '金额'}{_zh_yuan(m['purchase_yuan'])}"
            if kind == "ecommerce" and rng.random() < 0.4:
                persons = rng.randint(10, 40)
                m["persons_trained"] = persons
                m["poor_trained"] = round(persons * rng.uniform(0.3, 0.7))
                text += f"；培训电商从业人员{persons}人次"
        elif kind == "ppp":
            work, unit, low, high = rng.choice(PUBLIC_WORKS)
            m["investment_yuan"] = _yuan(self.log_uniform(500_000, 5_000_000, 2.5), 10_000)
            m["households_reached"] = rng.randint(40, 300)
            text = (
                f"以政府和社会资本合作（PPP）方式在{place}{work}{rng.randint(low, high)}{unit}，"
                f"企业出资{_zh_yuan(m['investment_yuan'])}"
            )
        elif kind == "cooperative":
            n = rng.randint(20, 100)
            m["investment_yuan"] = _yuan(self.log_uniform(50_000, 500_000, 2), 1000)
            m["households_reached"] = n
            text = (
                f"入股{place}{industry.name}专业合作社{_zh_yuan(m['investment_yuan'])}，"
                f"帮助规范财务管理，带动贫困户{n}户入社分红"
            )
        elif kind == "entrepreneur":
            m["money_yuan"] = _yuan(self.log_uniform(20_000, 200_000), 1000)
            m["households_reached"] = rng.randint(5, 30)
            text = (
                f"扶持{place}致富带头人{self.person()}发展{industry.name}，"
                f"提供启动资金{_zh_yuan(m['money_yuan'])}和技术指导"
            )
        elif kind == "stationed_staff":
            days = rng.randint(30, 180)
            persons = rng.randint(20, 80)
            m["persons_trained"] = persons
            m["poor_trained"] = round(persons * rng.uniform(0.3, 0.7))
            m["households_reached"] = rng.randint(10, 60)
            text = (
                f"派驻技术员{self.person()}常驻{place}科技服务工作站{days}天，"
                f"开展{industry.training}咨询和现场指导{persons}人次"
            )
        elif kind == "volunteers":
            people = rng.randint(5, 40)
            hours = rng.randint(4, 16)
            m["volunteer_hours"] = people * hours
            m["households_reached"] = rng.randint(0, 50)
            text = (
                f"组织企业职工志愿者{people}人到{place}开展{rng.choice(VOLUNTEER_WORK)}，"
                f"累计服务{people * hours}小时"
            )
        elif kind == "loan":
            n = rng.randint(5, 40)
            rate = rng.choice(("0", "0", "1.50", "2.00", "3.00", "3.50", "4.35"))
            m["loan_yuan"] = _yuan(self.log_uniform(50_000, 1_000_000, 2), 10_000)
            m["loan_rate"] = Decimal(rate).quantize(Decimal("0.01"))
            m["households_reached"] = n
            terms = "无息" if rate == "0" else f"年利率{rate.rstrip('0').rstrip('.')}%的低息"
            text = (
                f"与合作银行设立扶贫周转金，为{place}{n}户贫困户提供{terms}贷款"
                f"{_zh_yuan(m['loan_yuan'])}，用于发展{industry.name}产业"
            )
        elif kind == "fund":
            m["investment_yuan"] = _yuan(self.log_uniform(100_000, 2_000_000, 2.5), 10_000)
            m["households_reached"] = rng.randint(20, 120)
            text = (
                f"出资{_zh_yuan(m['investment_yuan'])}在{place}设立{industry.name}产业扶贫基金，"
                "收益用于贫困户分红和公益岗位"
            )
        else:  # pragma: no cover  (every kind is handled above)
            raise ValueError(kind)
        return text + "。", m

    # -- corrections -------------------------------------------------------------------------

    def plan_corrections(self, records: list[PlannedRecord]) -> list[PlannedRecord]:
        """A few confirmed money records whose amount had been typed wrong (the description
        keeps the right one), corrected by a confirmed correcting record that carries the
        planned amount: the original is superseded."""
        rng = self.rng
        money_kinds = {"money_donation", "goods_donation", "purchase", "investment"}
        candidates = [
            k
            for k, r in enumerate(records)
            if r.status == AssistanceStatus.CONFIRMED
            and r.kind in money_kinds
            and r.on < dt.date(2019, 6, 1)
            and r.pairing is not None
        ]
        out = list(records)
        for k in rng.sample(candidates, min(CORRECTIONS, len(candidates))):
            right = out[k]
            measures = dict(right.measures)
            field = next(
                f
                for f in ("money_yuan", "goods_yuan", "purchase_yuan", "investment_yuan")
                if measures.get(f)
            )
            reason = rng.choice(CORRECTION_REASONS)
            amount = measures[field]
            if reason == "金额少录一个零":
                typed = amount / 10
            elif reason == "金额多录一个零":
                typed = amount * 10
            else:
                typed = amount * Decimal(rng.choice(("0.8", "0.9", "1.1", "1.25")))
            measures[field] = _yuan(float(typed), 10)
            old = replace(
                right,
                measures=tuple(sorted(measures.items())),
                status=AssistanceStatus.SUPERSEDED.value,
            )
            confirmed = min(self.today, (old.confirmed_on or old.on) + dt.timedelta(days=40))
            out[k] = old
            out.append(
                replace(
                    right,
                    number=self.number(),
                    description=(
                        f"更正记录{old.number}：{reason}（原{_zh_yuan(measures[field])}，"
                        f"应为{_zh_yuan(amount)}）。{right.description}"
                    ),
                    submitted_on=confirmed - dt.timedelta(days=3),
                    confirmed_on=confirmed,
                    corrects=old.number,
                )
            )
        return out

    # -- the forage-grass project ------------------------------------------------------------

    def plan_forage(self) -> list[PlannedProgress]:
        """Village rows (a few villages: household rows only) for 2017H1–2019H2 in the
        villages of the forage or livestock pairings that began in 2017."""
        rng = self.rng
        start_of: dict[str, dt.date] = {}
        for p in self.pairings:
            if (
                any(w in p.focus for w in FORAGE_FOCUS_WORDS)
                and p.start_date <= Period(2017, 2).end
            ):
                start_of[p.village_code] = min(
                    start_of.get(p.village_code, p.start_date), p.start_date
                )
        villages = sorted(start_of)
        if not villages:
            return []
        weight = {v: rng.lognormvariate(0, 0.5) for v in villages}
        total = sum(weight.values())
        roomy = [v for v in villages if len(self.households.get(v, ())) >= 6]
        per_household = set(rng.sample(roomy, min(HOUSEHOLD_VILLAGES, len(roomy))))
        periods = [p.code for p in periods_between(FIRST_PERIOD, LAST_PERIOD)]
        rows: list[PlannedProgress] = []
        for village in villages:
            share = weight[village] / total
            half = period_of(start_of[village]).half  # every one began in 2017
            parts: list[tuple[str | None, float]] = [(None, 1.0)]
            if village in per_household:
                chosen = rng.sample(self.households[village], rng.randint(4, 6))
                w = [rng.uniform(0.5, 1.5) for _ in chosen]
                parts = [(h.ref, x / sum(w)) for h, x in zip(chosen, w, strict=True)]
            for ref, part in sorted(parts, key=lambda p: p[0] or ""):
                for k, period in enumerate(periods):
                    jitter = rng.uniform(0.92, 1.08)
                    area = float(FORAGE_AREA_MU) * AREA_FACTOR * share * part
                    area *= AREA_SHARES[half][k] * jitter
                    head = FORAGE_LIVESTOCK * share * part * LIVESTOCK_SHARES[half][k] * jitter
                    profit = float(FORAGE_REVENUE_YUAN) * share * part * REVENUE_SHARES[half][k]
                    profit *= jitter
                    revenue = _yuan(profit, 100) if REVENUE_SHARES[half][k] else ZERO
                    row = PlannedProgress(
                        period,
                        village,
                        ref,
                        (Decimal(round(area * 2)) / 2).quantize(Decimal("0.01")),
                        round(head),
                        revenue,
                    )
                    if row.area_mu or row.livestock or row.revenue_yuan:
                        rows.append(row)
        return rows


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def assistance_counts() -> dict[str, int]:
    records = Assistance.objects.all()
    projects = Project.objects.all()
    by_status = dict(records.order_by().values_list("status").annotate(n=Count("id")))
    return {
        "records": sum(by_status.values()),
        **{status: by_status.get(status, 0) for status in AssistanceStatus.values},
        "corrections": records.filter(corrects__isnull=False).count(),
        "beneficiaries": Beneficiary.objects.filter(assistance__in=records).count(),
        "projects": projects.count(),
        "progress_rows": ProjectProgress.objects.filter(project__in=projects).count(),
    }


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    """An office-hours moment of `day` in the project's time zone."""
    return dt.datetime(
        day.year,
        day.month,
        day.day,
        rng.randint(8, 17),
        rng.randint(0, 59),
        tzinfo=timezone.get_current_timezone(),
    )


@transaction.atomic
def demo_assistance(
    *, seed: int = 1, progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Write the assistance demo for `seed` on the demo pairings; returns the counts
    afterwards with `created` (records) and `created_progress` (project progress rows)
    written by this call.

    Does nothing (created 0) when there is no current programme or it has no pairing that was
    ever active, or its pairings already have records; the forage-grass project is added
    when missing and gets its progress rows when it has none. `progress` is called with
    (rows written, rows to write)."""
    from bangfu.accounts import audit
    from bangfu.accounts.models import User
    from bangfu.accounts.roles import Role
    from bangfu.helpers.models import Helper
    from bangfu.pairing.models import Pairing
    from bangfu.places.models import Division, Level, Programme
    from bangfu.registry.models import Household

    programme = Programme.objects.filter(is_current=True).first()
    if programme is None:
        return {**assistance_counts(), "created": 0, "created_progress": 0}
    has_records = Assistance.objects.filter(pairing__programme=programme).exists()
    project = Project.objects.filter(code=FORAGE_CODE).first()
    has_progress = project is not None and project.progress.exists()
    if has_records and has_progress:
        return {**assistance_counts(), "created": 0, "created_progress": 0}
    pairings, households = load_inputs()
    if not pairings:
        return {**assistance_counts(), "created": 0, "created_progress": 0}

    taken = frozenset(Assistance.objects.values_list("number", flat=True))
    plan = plan_assistance(seed, pairings=pairings, households=households, taken=taken)
    records = () if has_records else plan.records
    rows_progress = () if has_progress else plan.progress
    links_total = sum(len(r.beneficiaries) for r in records)
    total = len(records) + links_total + len(rows_progress)
    done = 0

    def step(rows: int) -> None:
        nonlocal done
        done += rows
        if progress:
            progress(done, total)

    villages = {
        code: (pk, county, township)
        for code, pk, county, township in Division.objects.filter(level=Level.VILLAGE).values_list(
            "code", "id", "county_id", "parent_id"
        )
    }
    pairing_id = dict(Pairing.objects.filter(programme=programme).values_list("number", "id"))
    helper_id = dict(Helper.objects.values_list("uscc", "id"))
    officer = {}
    for county, pk in (
        User.objects.filter(role=Role.COUNTY, is_active=True, county__isnull=False)
        .order_by("-id")
        .values_list("county_id", "id")
    ):
        officer[county] = pk  # the first account of each county wins
    liaison = {}
    for helper, pk in (
        User.objects.filter(role=Role.HELPER, is_active=True, helper__isnull=False)
        .order_by("-id")
        .values_list("helper_id", "id")
    ):
        liaison[helper] = pk
    when = random.Random(seed)  # noqa: S311  (the clock times of submission and confirmation)

    def row(r: PlannedRecord, corrects: dict[str, int]) -> Assistance:
        village, county, township = villages[r.village_code]
        helper = helper_id[r.helper_uscc]
        a = Assistance(
            number=r.number,
            on=r.on,
            period=period_of(r.on).code,
            pairing_id=pairing_id[r.pairing] if r.pairing else None,
            helper_id=helper,
            village_id=village,
            county_id=county,
            township_id=township,
            pathway=r.pathway,
            kind=r.kind,
            description=r.description,
            status=r.status,
            corrects_id=corrects[r.corrects] if r.corrects else None,
            submitted_by_id=liaison.get(helper) if r.submitted_on else None,
            submitted_at=_at(r.submitted_on, when) if r.submitted_on else None,
            confirmed_by_id=officer.get(county) if r.confirmed_on else None,
            confirmed_at=_at(r.confirmed_on, when) if r.confirmed_on else None,
            review_note=r.review_note,
            version=1,
        )
        for name, value in r.measures:
            setattr(a, name, value)
        return a

    # records: the originals first, then the corrections that point at them
    record_id: dict[str, int] = {}
    for corrections in (False, True):
        wave = [r for r in records if (r.corrects is not None) is corrections]
        objs = [row(r, record_id) for r in wave]
        Assistance.objects.bulk_create(objs, batch_size=1000)
        if objs and objs[0].pk is None:  # a backend without RETURNING
            ids = dict(
                Assistance.objects.filter(number__in=[o.number for o in objs]).values_list(
                    "number", "id"
                )
            )
            for o in objs:
                o.pk = ids[o.number]
        record_id.update((o.number, o.pk) for o in objs)
        step(len(objs))

    household_id = dict(
        Household.objects.filter(
            village__code__in={r.village_code for r in records if r.beneficiaries}
        ).values_list("ref", "id")
    )
    links = [
        Beneficiary(assistance_id=record_id[r.number], household_id=household_id[ref])
        for r in records
        for ref in r.beneficiaries
    ]
    Beneficiary.objects.bulk_create(links, batch_size=2000)
    step(len(links))

    if project is None:  # written like the rest: the summary row below is its audit
        Project.objects.bulk_create(
            [
                Project(
                    programme=programme,
                    code=FORAGE_CODE,
                    name=FORAGE_NAME,
                    description=FORAGE_DESCRIPTION,
                    first_year=FORAGE_FIRST_YEAR,
                    target_area_mu=FORAGE_AREA_MU,
                    target_livestock=FORAGE_LIVESTOCK,
                    target_revenue_yuan=FORAGE_REVENUE_YUAN,
                    version=1,
                )
            ]
        )
        project = Project.objects.get(code=FORAGE_CODE)
    progress_households = dict(
        Household.objects.filter(
            ref__in=[p.household_ref for p in rows_progress if p.household_ref]
        ).values_list("ref", "id")
    )
    ProjectProgress.objects.bulk_create(
        [
            ProjectProgress(
                project=project,
                period=p.period,
                village_id=villages[p.village_code][0],
                county_id=villages[p.village_code][1],
                household_id=progress_households[p.household_ref] if p.household_ref else None,
                area_mu=p.area_mu,
                livestock=p.livestock,
                revenue_yuan=p.revenue_yuan,
                version=1,
            )
            for p in rows_progress
        ],
        batch_size=1000,
    )
    step(len(rows_progress))

    counts = {
        **assistance_counts(),
        "created": len(records),
        "created_progress": len(rows_progress),
    }
    audit.record(
        event="demo_data",
        object_type="assistance",
        detail=f"demo assistance, seed {seed}: "
        + ", ".join(f"{key} {value}" for key, value in counts.items()),
    )
    return counts
