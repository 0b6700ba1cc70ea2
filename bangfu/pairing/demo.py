"""Demo data for pairings: who helps which poor village, agreements, plans, visits, relays.

On the registry demo (`bangfu.registry.demo`): about 88 % of the poor villages that have not
exited are covered by active pairings, 40 % of those by one helper and the rest by 2–5 (a few
villages are full); the others are uncovered — never paired, paired but the helper stopped,
or with a pairing still being proposed. Eight relays are done, two are open and one is
handing over; a few helpers are suspended. Every pairing that was ever active has a signed
agreement (a small generated PDF), 2–4 plan items with progress such that all four item
states occur on today's date, and a third have a site visit before they started. Villages
that exited keep an ended or a follow-up pairing.

`plan_pairings()` draws everything from `random.Random(seed)` and writes nothing: the same
seed, inputs and `today` always plan the same rows. `demo_pairings()` writes a plan with
`bulk_create`, computing the columns that `save()` would derive (county, number), and leaves
one summary audit row.

Capacity: the demo helpers state about 650 villages in all, fewer than this coverage needs
(one pairing per covered village plus a second for 60 % of them), so helpers are filled up
to their capacity first — a tenth of them keep some room, so that relays find candidates —
and the rest go past a stronger helper's capacity with a reason, as the county office would
have confirmed it (about a third of the pairings at seed 1).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from bangfu.registry.demo import DEMO_HELPER_USCC

from .models import (
    MAX_SLOTS,
    SLOT_STATUSES,
    Agreement,
    Pairing,
    Pathway,
    PlanItem,
    PlanProgress,
    Relay,
    SiteVisit,
    Status,
    pathway_value,
)

# --------------------------------------------------------------------------------------------
# Shares and fixed points
# --------------------------------------------------------------------------------------------

COVERED_SHARE = 0.88  # of the poor villages that have not exited
SINGLE_HELPER_SHARE = 0.40  # of the covered villages
MULTI_SIZE_WEIGHTS = {2: 56, 3: 27, 4: 12, 5: 5}  # helpers of the other covered villages
UNCOVERED_ENDED_SHARE = 0.45  # of the uncovered: the only helper stopped
UNCOVERED_PENDING_SHARE = 0.20  # of the uncovered: a pairing proposed or agreed, not active
RELAYS_DONE = 8
RELAYS_OPEN = 2
RELAYS_HANDING_OVER = 1
SUSPENDED = 6
EXTRA_ENDED = 15  # covered villages that also had a helper who stopped
EXTRA_PENDING = 8  # covered villages where one more helper is being proposed
EXITED_ENDED_SHARE = 0.60  # exited villages whose pairing ended after the exit
EXITED_FOLLOW_UP_SHARE = 0.15  # exited villages whose helper stays on (防返贫)
RESERVE_SHARE = 0.10  # helpers kept below their capacity, so that relays find candidates
VISIT_SHARE = 0.33  # pairings with a site visit before they started
DEMO_HELPER_PAIRINGS = 3  # active pairings of the demo liaison's helper in 承德县
DEMO_HELPER_COUNTY = "130821"

PROGRAMME_START = date(2017, 4, 1)
FIRST_SIGNING = date(2017, 4, 15)
FIRST_PHASE_END = date(2020, 12, 31)  # plans of the programme's years; later ones run on
ZERO = Decimal("0.00")

# --------------------------------------------------------------------------------------------
# Word pools
# --------------------------------------------------------------------------------------------

SURNAMES = "王王李李张张刘刘赵杨孙高马于徐周陈郭田何姜董白崔宋曹韩冯吕朱胡许梁苏齐关常贾魏"
GIVEN = "国建志海军明永春福德文学立长振树林宝贵成山刚强伟平勇亮秀英兰芳玉凤桂珍霞华丽红艳梅"


@dataclass(frozen=True, slots=True)
class ItemKind:
    """A kind of plan item: what, how, indicator, unit, target range, decimal places."""

    key: str
    what: str
    how: str
    indicator: str
    unit: str
    low: int
    high: int
    places: int


# key | what | how | indicator | unit | target from | to | decimal places
ITEM_TABLE = """
cattle_pen|建设标准化养殖圈舍|企业出资、村集体提供建设用地，建成后租给贫困户使用|圈舍建筑面积|平方米|400|3000|0
cattle|引进良种肉牛托养|企业采购良种肉牛交合作社托养，贫困户按股分红|引进肉牛数量|头|30|300|0
sheep|引进良种肉羊|企业垫资购羊，贫困户分散饲养，企业保底回收|引进肉羊数量|只|100|800|0
herbs|建设中药材种植基地|流转土地集中种植，企业提供种苗和技术并保底收购|种植面积|亩|100|800|0
mushroom|建设食用菌生产大棚|企业提供菌棒和技术，贫困户入园务工或承包大棚|建成大棚数量|个|10|60|0
forage|建设饲草种植基地|推广优质牧草品种，企业订单收购青贮饲料|饲草种植面积|亩|300|3000|0
greenhouse|建设设施蔬菜大棚|企业投资建棚，贫困户承包经营，企业统一销售|建成大棚数量|个|10|80|0
orchard|林果提质增效改造|高接换优、修剪和病虫害统防统治|改造面积|亩|100|1000|0
tourism|改造提升农家乐民宿|统一设计改造，企业引流客源并培训经营户|改造户数|户|5|30|0
training|开展农业实用技术培训|集中授课与田间地头指导相结合|培训人次|人次|100|800|0
expert|派驻科技特派员驻村服务|研究院专家定期驻村，开展技术咨询和示范|驻村服务天数|天|60|300|0
jobs|吸纳贫困劳动力就业|在企业及产业链上下游安排就业岗位|吸纳就业人数|人|5|60|0
job_training|开展就业技能培训|订单式培训，合格后推荐上岗|参训人数|人|20|200|0
purchase|消费帮扶采购农产品|订单收购、以购代捐、直供直销|采购金额|万元|10|300|2
ecommerce|建设村级电商服务站|开设网店，企业提供物流和推广支持|网络销售额|万元|5|80|2
school|捐资助学|对贫困家庭在校学生按学年资助|资助学生人数|人|10|80|0
care|慰问救助困难群众|节日走访慰问，对大病户给予医疗救助|慰问救助户数|户|20|150|0
goods|捐赠生产生活物资|捐赠化肥、种子和过冬物资|捐赠物资价值|万元|2|30|2
road|硬化村内道路|企业出资，村民投工投劳|硬化道路长度|公里|1|8|1
water|建设小型水利设施|新打机井、修建蓄水池和节水灌溉管网|建成水利设施|处|2|10|0
solar|建设村级光伏电站|企业投资建设，收益归村集体用于公益岗位|装机容量|千瓦|60|300|0
coop|培育农民专业合作社|规范合作社运营，带动贫困户入社|带动贫困户|户|20|120|0
loan|提供低息周转资金|与合作银行设立扶贫周转金，企业贴息|周转资金额度|万元|10|100|2
monitor|开展防返贫监测帮扶|对脱贫不稳定户和边缘户结对跟踪，落实产业和就业帮扶|监测帮扶户数|户|5|40|0
"""
ITEMS: dict[str, ItemKind] = {}
for _line in ITEM_TABLE.strip().splitlines():
    _key, _what, _how, _indicator, _unit, _low, _high, _places = _line.split("|")
    ITEMS[_key] = ItemKind(
        _key, _what, _how, _indicator, _unit, int(_low), int(_high), int(_places)
    )
ITEM_BY_WHAT = {kind.what: kind for kind in ITEMS.values()}

ITEMS_BY_PATHWAY = {
    Pathway.CHARITY: ("school", "care", "goods"),
    Pathway.TECHNOLOGY: ("training", "expert"),
    Pathway.EMPLOYMENT: ("jobs", "job_training"),
    Pathway.INDUSTRY: ("cattle_pen", "herbs", "mushroom", "forage", "greenhouse", "orchard"),
    Pathway.COMMERCE: ("purchase", "ecommerce"),
    Pathway.OTHER: ("road", "water", "solar", "coop", "loan"),
}


@dataclass(frozen=True, slots=True)
class Focus:
    """A helper's focus in a village (帮扶重点): its pathways, content and usual items."""

    focus: str
    pathways: tuple[str, ...]
    items: tuple[str, ...]
    words: tuple[str, ...]  # village industries this focus suits
    content: str


# focus | pathways | usual items | suits villages with | content
FOCUS_TABLE = """
肉牛养殖产业|industry,technology|cattle_pen,cattle,training|肉牛养殖|投资建设标准化肉牛养殖圈舍，提供良种肉牛和舍饲养殖技术指导，带动贫困户托养分红。
肉羊规模养殖|industry,technology|sheep,cattle_pen,training|肉羊养殖|发展肉羊规模养殖，企业垫资购羊、保底回收，开展防疫和饲养技术培训。
中药材种植基地|industry,technology|herbs,training,jobs|中药材|流转土地建设中药材种植基地，提供种苗和种植技术，实行保底价收购。
食用菌产业|industry,employment|mushroom,jobs,training|食用菌|建设食用菌生产园区，提供菌棒和技术，吸纳贫困户入园务工和承包大棚。
饲草种植与加工|industry,commerce|forage,purchase|饲草种植,玉米种植,肉牛养殖|推广优质饲草品种，建设青贮加工点，订单收购饲草，带动种养结合。
设施蔬菜产业|industry,technology|greenhouse,training,purchase|蔬菜大棚|建设设施蔬菜大棚，统一提供种苗、技术和销售，贫困户承包经营。
林果提质增效|technology,industry|orchard,training,purchase|山楂,板栗,苹果,山杏,林下经济|对山楂、板栗、苹果等果园高接换优，开展修剪和病虫害统防统治，收购优质果品。
乡村旅游开发|industry,employment|tourism,jobs,job_training|乡村旅游|编制乡村旅游规划，改造提升农家乐民宿，培训经营户并引流客源。
农业实用技术培训|technology|training,expert||组织专家开展种植养殖实用技术培训和田间指导，培养本村技术明白人。
科技特派员驻村服务|technology,other|expert,training||派驻科技特派员常驻村级科技服务工作站，开展技术咨询、示范推广和品种引进。
吸纳贫困劳动力就业|employment|jobs,job_training||在企业及其产业链安排就业岗位，开展订单式技能培训，优先招收贫困家庭劳动力。
农产品消费帮扶|commerce|purchase,goods||与村签订农产品购销协议，以购代捐，开展职工食堂和商超直供直销。
电商销售渠道建设|commerce,other|ecommerce,purchase,job_training||建设村级电商服务站，开设网店，提供物流和推广支持，帮助农产品线上销售。
捐资助学|charity|school,goods||对贫困家庭在校学生按学年资助，捐建图书室和学习用品。
医疗救助与走访慰问|charity|care,goods||节日走访慰问困难群众，对因病致贫户给予医疗救助。
村内基础设施建设|other|road,water||出资硬化村内道路，建设机井和蓄水池，改善生产生活条件。
光伏扶贫电站|other,industry|solar,jobs|光伏发电|投资建设村级光伏电站，收益归村集体，用于设置公益岗位和救助。
农民专业合作社培育|other,technology|coop,training,purchase||帮助规范合作社运营和财务管理，带动贫困户入社，统一生产和销售。
低息周转资金扶持|other|loan,coop||设立扶贫周转金并贴息，支持贫困户和合作社发展生产。
巩固脱贫成果、防止返贫|other,employment|monitor,jobs,purchase||村出列后继续结对，对脱贫不稳定户和边缘户跟踪帮扶，巩固产业和就业。
"""


def _focus(line: str) -> Focus:
    focus, pathways, items, words, content = line.split("|")
    return Focus(focus, _words(pathways), _words(items), _words(words), content)


def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in text.split(",") if w)


*FOCUSES, FOLLOW_UP = (_focus(line) for line in FOCUS_TABLE.strip().splitlines())

END_REASONS = (
    "企业经营困难，无力继续履行帮扶协议",
    "帮扶协议期满，双方未续签",
    "企业搬迁转产，经县扶贫办同意终止帮扶",
    "企业负责人变更，帮扶工作中断",
)
DONE_REASONS = ("帮扶项目已完成，协议期满", "帮扶协议期满", "帮扶任务完成，双方协商终止")
EXIT_REASONS = ("村已脱贫出列，帮扶协议期满", "村已出列，帮扶任务完成")
RELAY_REASONS = (
    "企业经营困难，无法继续帮扶，申请接力帮扶",
    "企业主营业务调整，退出农业领域",
    "企业资金链紧张，申请由其他企业接续帮扶",
    "企业迁出天津，难以继续开展驻村帮扶",
)
RELAY_DONE_NOTE = "经县扶贫办和研究院协调，由新的帮扶主体接续帮扶，未完成的规划事项已移交。"
SUSPEND_REASONS = (
    "企业停产整顿，暂停帮扶",
    "项目受洪涝灾害影响暂停，待灾后恢复",
    "企业负责人变动，帮扶工作暂缓",
)
CAPACITY_REASONS = (
    "企业实力较强，经县扶贫办同意增加帮扶村",
    "与相邻村产业相同，可统一组织生产和收购，经县扶贫办同意",
    "县扶贫办协调，承接尚未结对的贫困村",
)
ELIGIBILITY_REASON = "村已出列，为巩固脱贫成果继续结对，经县扶贫办同意"
NOTES_DONE = ("已通过县扶贫办验收", "按计划完成", "提前完成", "经乡镇核实完成")
NOTES_PARTIAL = (
    "按计划推进",
    "受天气影响进度略有滞后",
    "部分资金尚未到位",
    "贫困户参与积极性高",
    "已完成主体工程",
    "",
)
NEEDS = (
    "村民希望发展{industry}，但缺少技术和启动资金。",
    "村内劳动力以中老年为主，希望就近务工。",
    "农产品销路不稳，希望企业订单收购。",
    "村集体经济薄弱，基础设施有待改善。",
    "部分贫困户因病致贫，需要救助。",
    "有发展{industry}的基础，规模较小，效益不高。",
)

# --------------------------------------------------------------------------------------------
# The plan
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DemoVillage:
    code: str
    place: str  # the name without the committee: 小兰窝村
    township: str
    county_code: str
    county_name: str
    is_poor: bool
    exited_on: date | None
    households_poor: int = 0
    industries: str = ""
    resources: str = ""


@dataclass(frozen=True, slots=True)
class DemoHelper:
    uscc: str
    name: str
    capacity: int
    liaison_name: str = ""

    @property
    def region(self) -> str:
        return self.uscc[2:8]


@dataclass(frozen=True, slots=True)
class PlannedProgress:
    reported_on: date
    value: Decimal
    note: str


@dataclass(frozen=True, slots=True)
class PlannedItem:
    ref: int
    what: str
    how: str
    indicator: str
    target_value: Decimal
    unit: str
    due_date: date
    achieved: Decimal = ZERO
    done_on: date | None = None
    progress: tuple[PlannedProgress, ...] = ()
    inherited_from: int | None = None


@dataclass(frozen=True, slots=True)
class PlannedAgreement:
    signed_on: date
    helper_signatory: str
    village_signatory: str


@dataclass(frozen=True, slots=True)
class PlannedPairing:
    ref: int
    number: str
    helper_uscc: str
    village_code: str
    focus: str
    content: str
    pathways: str
    status: str
    slot: int | None
    start_date: date
    end_date: date | None
    activated_on: date | None
    ended_on: date | None
    end_reason: str
    predecessor: int | None
    capacity_reason: str
    eligibility_reason: str
    agreement: PlannedAgreement | None
    items: tuple[PlannedItem, ...]


@dataclass(frozen=True, slots=True)
class PlannedVisit:
    helper_uscc: str
    village_code: str
    pairing: int | None
    visited_on: date
    participants: str
    findings: str


@dataclass(frozen=True, slots=True)
class PlannedRelay:
    pairing: int
    reason: str
    reported_on: date
    state: str
    successor: int | None
    closed_on: date | None
    note: str


@dataclass(frozen=True, slots=True)
class PairingPlan:
    pairings: tuple[PlannedPairing, ...]
    relays: tuple[PlannedRelay, ...]
    visits: tuple[PlannedVisit, ...]


def load_inputs() -> tuple[list[DemoVillage], list[DemoHelper]]:
    """The villages with their registry profile, and the helpers, in a fixed order."""
    from bangfu.helpers.models import Helper
    from bangfu.registry.models import VillageProfile

    rows = VillageProfile.objects.order_by("village__code").values_list(
        "village__code",
        "village__name",
        "village__parent__name",
        "village__county__code",
        "village__county__name",
        "is_registered_poor",
        "exited_on",
        "households_poor",
        "main_industries",
        "resources",
    )
    villages = [
        DemoVillage(code, name.removesuffix("村民委员会").removesuffix("居民委员会"), *rest)
        for code, name, *rest in rows
    ]
    helpers = [
        DemoHelper(*row)
        for row in Helper.objects.order_by("uscc").values_list(
            "uscc", "name", "capacity", "liaison_name"
        )
    ]
    return villages, helpers


def plan_pairings(
    seed: int = 1,
    *,
    villages: Sequence[DemoVillage] | None = None,
    helpers: Sequence[DemoHelper] | None = None,
    today: date | None = None,
    max_helpers: int = MAX_SLOTS,
    last_numbers: dict[str, int] | None = None,
) -> PairingPlan:
    """Every row the pairing demo would write for `seed`, without writing anything.

    `villages` and `helpers` default to the registry in the database (read only); `today`
    to the local date (plan items are due and reported relative to it); `last_numbers` maps
    an agreement-number prefix (KQ + county + year) to the last sequence already taken.
    """
    if villages is None or helpers is None:
        loaded = load_inputs()
        villages = loaded[0] if villages is None else villages
        helpers = loaded[1] if helpers is None else helpers
    planner = _Planner(
        seed,
        list(villages),
        list(helpers),
        today=today or timezone.localdate(),
        max_helpers=min(max_helpers, MAX_SLOTS),
        last_numbers=last_numbers or {},
    )
    return planner.plan()


@dataclass(eq=False)
class _Spec:
    """A pairing while it is being planned (mutable; frozen into a PlannedPairing at the end)."""

    village: DemoVillage
    focus: Focus
    status: str
    start: date
    activated: date | None = None  # = the agreement's signing date
    ended_on: date | None = None
    end_reason: str = ""
    end_date: date | None = None
    helper: DemoHelper | None = None
    fixed_helper: bool = False
    predecessor: _Spec | None = None
    capacity_reason: str = ""
    eligibility_reason: str = ""
    slot: int | None = None
    ref: int = 0
    number: str = ""
    pathways: list[str] = field(default_factory=list)
    items: list[PlannedItem] = field(default_factory=list)

    @property
    def was_active(self) -> bool:
        return self.activated is not None

    @property
    def is_open(self) -> bool:
        return self.status in (Status.PROPOSED, Status.AGREED, Status.ACTIVE, Status.SUSPENDED)


@dataclass(eq=False)
class _Relay:
    old: _Spec
    reason: str
    reported_on: date
    state: str
    successor: _Spec | None = None
    closed_on: date | None = None
    note: str = ""


class _Planner:
    def __init__(
        self,
        seed: int,
        villages: list[DemoVillage],
        helpers: list[DemoHelper],
        *,
        today: date,
        max_helpers: int,
        last_numbers: dict[str, int],
    ):
        self.rng = random.Random(seed)  # noqa: S311  (demo data, reproducible on purpose)
        self.villages = villages
        self.helpers = helpers
        self.today = today
        self.max_helpers = max_helpers
        self.last_numbers = last_numbers
        self.specs: list[_Spec] = []
        self.by_village: dict[str, list[_Spec]] = {}
        self.holders: dict[str, list[_Spec]] = {}
        self.relays: list[_Relay] = []
        self.item_refs = 0
        self.demo_helper = next((h for h in helpers if h.uscc == DEMO_HELPER_USCC), None)

    # -- small draws -------------------------------------------------------------------------

    def day_between(self, low: date, high: date) -> date:
        if high <= low:
            return low
        return low + timedelta(days=self.rng.randint(0, (high - low).days))

    def person(self) -> str:
        rng = self.rng
        return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))

    def start_date(self, latest: date | None = None) -> date:
        """A start in 2017 (a wave before the end of April, the rest until December) or 2018."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            start = self.day_between(date(2017, 4, 21), date(2017, 5, 15))
        elif roll < 0.92:
            start = self.day_between(date(2017, 5, 16), date(2017, 12, 28))
        else:
            start = self.day_between(date(2018, 1, 8), date(2018, 11, 30))
        if latest is not None and start > latest:
            start = self.day_between(date(2017, 4, 21), latest)
        return start

    def pick_focus(self, village: DemoVillage) -> Focus:
        """A focus no other pairing of the village has (services._check_focus), preferably
        one that suits the village's industries."""
        used = {s.focus.focus for s in self.by_village.get(village.code, ())}
        pool = [f for f in FOCUSES if f.focus not in used]
        weights = [4 if any(w in village.industries for w in f.words) else 1 for f in pool]
        return self.rng.choices(pool, weights=weights)[0]

    def add(self, village: DemoVillage, status: str, start: date, **kw) -> _Spec:
        """A pairing; one that was ever active signed its agreement on the start or up to a
        week before, not before mid-April 2017, and became active that day."""
        focus = kw.pop("focus", None) or self.pick_focus(village)
        spec = _Spec(village, focus, status, start, **kw)
        if status not in (Status.PROPOSED, Status.AGREED):
            spec.activated = max(FIRST_SIGNING, start - timedelta(days=self.rng.randint(0, 7)))
        self.specs.append(spec)
        self.by_village.setdefault(village.code, []).append(spec)
        return spec

    def add_ended(self, village: DemoVillage, ended_on: date, reason: str) -> _Spec:
        start = self.start_date(latest=ended_on - timedelta(days=120))
        spec = self.add(village, Status.ENDED, start)
        spec.ended_on = max(ended_on, start + timedelta(days=90))
        spec.end_reason = reason
        if "期满" in reason:
            spec.end_date = spec.ended_on
        return spec

    def add_pending(self, village: DemoVillage) -> _Spec:
        start = self.today + timedelta(days=self.rng.randint(-30, 60))
        return self.add(village, self.rng.choice((Status.PROPOSED, Status.AGREED)), start)

    # -- the whole plan ----------------------------------------------------------------------

    def plan(self) -> PairingPlan:
        rng = self.rng
        poor = [v for v in self.villages if v.is_poor and v.exited_on is None]
        exited = [v for v in self.villages if v.is_poor and v.exited_on is not None]
        rng.shuffle(poor)
        n_covered = round(len(poor) * COVERED_SHARE)
        covered, uncovered = poor[:n_covered], poor[n_covered:]

        demo_villages = self.plan_covered(covered)
        others = [v for v in covered if v not in demo_villages]
        rng.shuffle(others)
        others = self.plan_relays(others)
        self.plan_suspended(others)
        for village in rng.sample(covered, min(EXTRA_ENDED, len(covered))):
            ended = self.day_between(date(2018, 6, 1), date(2021, 6, 30))
            self.add_ended(village, ended, rng.choice((*DONE_REASONS, END_REASONS[0])))
        roomy = [v for v in covered if len(self.holders[v.code]) < self.max_helpers]
        for village in rng.sample(roomy, min(EXTRA_PENDING, len(roomy))):
            self.add_pending(village)
        never = self.plan_uncovered(uncovered)
        self.plan_exited(exited)

        self.assign_helpers()
        self.assign_slots()
        self.assign_numbers()
        for spec in sorted(self.specs, key=lambda s: s.predecessor is not None):
            self.plan_items(spec)  # a successor's after its predecessor's, to inherit them
        pairings = tuple(self.freeze(spec) for spec in self.specs)
        relays = tuple(
            PlannedRelay(
                r.old.ref,
                r.reason,
                r.reported_on,
                r.state,
                r.successor.ref if r.successor else None,
                r.closed_on,
                r.note,
            )
            for r in self.relays
        )
        return PairingPlan(pairings, relays, tuple(self.visits(never)))

    def plan_covered(self, covered: list[DemoVillage]) -> list[DemoVillage]:
        """1–5 active pairings per covered village, a full one in each county; the demo
        liaison's helper in a few of 承德县's (within its capacity). Returns those villages."""
        rng = self.rng
        n_single = round(len(covered) * SINGLE_HELPER_SHARE)
        sizes = [k for k in MULTI_SIZE_WEIGHTS if k <= self.max_helpers]
        size_of = {v.code: 1 for v in covered[:n_single]}
        for village in covered[n_single:]:
            weights = [MULTI_SIZE_WEIGHTS[k] for k in sizes]
            size_of[village.code] = rng.choices(sizes, weights=weights)[0] if sizes else 1
        if self.max_helpers == MAX_SLOTS:  # at least one full village in each county
            for county in sorted({v.county_code for v in covered}):
                multi = [v for v in covered[n_single:] if v.county_code == county]
                if multi and all(size_of[v.code] < MAX_SLOTS for v in multi):
                    size_of[multi[0].code] = MAX_SLOTS
        for village in covered:
            self.holders[village.code] = [
                self.add(village, Status.ACTIVE, self.start_date())
                for _ in range(size_of[village.code])
            ]
        helper = self.demo_helper
        if helper is None:
            return []
        home = [v for v in covered if v.county_code == DEMO_HELPER_COUNTY]
        chosen = rng.sample(home, min(DEMO_HELPER_PAIRINGS, helper.capacity, len(home)))
        for village in chosen:
            spec = self.holders[village.code][0]
            spec.helper, spec.fixed_helper = helper, True
        return chosen

    def plan_relays(self, villages: list[DemoVillage]) -> list[DemoVillage]:
        """Relays done, open and handing over, each in its own village; returns the villages
        left over."""
        rng = self.rng
        done = villages[:RELAYS_DONE]
        opened = villages[len(done) : len(done) + RELAYS_OPEN]
        handing = villages[len(done) + len(opened) :][:RELAYS_HANDING_OVER]
        # done: the old pairing relayed on the day the successor became active
        for village in done:
            successor = rng.choice(self.holders[village.code])
            handover = self.day_between(date(2018, 3, 1), date(2020, 6, 30))
            old_start = self.start_date(latest=handover - timedelta(days=180))
            old = self.add(village, Status.RELAYED, old_start, focus=successor.focus)
            old.ended_on = handover
            old.end_reason = rng.choice(RELAY_REASONS)
            successor.start = successor.activated = handover
            successor.predecessor = old
            reported = handover - timedelta(days=rng.randint(20, 60))
            self.relays.append(
                _Relay(
                    old,
                    old.end_reason,
                    reported,
                    Relay.State.DONE,
                    successor,
                    handover,
                    RELAY_DONE_NOTE,
                )
            )
        # open: reported, no successor yet
        for village in opened:
            old = rng.choice(self.holders[village.code])
            reported = self.today - timedelta(days=rng.randint(3, 40))
            self.relays.append(_Relay(old, rng.choice(RELAY_REASONS), reported, Relay.State.OPEN))
        # handing over: the successor chosen and agreed, waiting for its signed agreement
        for village in handing:
            old = rng.choice(self.holders[village.code])
            reported = self.today - timedelta(days=rng.randint(25, 45))
            start = reported + timedelta(days=rng.randint(7, 20))
            successor = self.add(village, Status.AGREED, start, focus=old.focus, predecessor=old)
            reason = rng.choice(RELAY_REASONS)
            self.relays.append(_Relay(old, reason, reported, Relay.State.HANDING_OVER, successor))
        return villages[len(done) + len(opened) + len(handing) :]

    def plan_suspended(self, villages: list[DemoVillage]) -> None:
        """A few helpers paused (they keep their slot) in villages that stay covered."""
        rng = self.rng
        multi = [v for v in villages if len(self.holders[v.code]) > 1]
        for village in multi[:SUSPENDED]:
            spec = rng.choice(self.holders[village.code])
            spec.status = Status.SUSPENDED
            spec.end_reason = rng.choice(SUSPEND_REASONS)

    def plan_uncovered(self, uncovered: list[DemoVillage]) -> list[DemoVillage]:
        """The helper stopped, a pairing is pending, or never paired (returned)."""
        rng = self.rng
        n_ended = round(len(uncovered) * UNCOVERED_ENDED_SHARE)
        n_pending = round(len(uncovered) * UNCOVERED_PENDING_SHARE)
        for k, village in enumerate(uncovered[: n_ended + n_pending]):
            if k < n_ended or rng.random() < 0.5:
                ended = self.day_between(date(2018, 6, 1), self.today - timedelta(days=30))
                self.add_ended(village, ended, rng.choice(END_REASONS))
            if k >= n_ended:
                self.add_pending(village)
        return uncovered[n_ended + n_pending :]

    def plan_exited(self, exited: list[DemoVillage]) -> None:
        """The pairing ended after the exit, or the helper stays on to prevent relapse."""
        rng = self.rng
        for village in exited:
            exit_on = village.exited_on
            assert exit_on is not None
            roll = rng.random()
            if roll < EXITED_ENDED_SHARE:
                ended = exit_on + timedelta(days=rng.randint(0, 90))
                spec = self.add_ended(village, ended, rng.choice(EXIT_REASONS))
            elif roll < EXITED_ENDED_SHARE + EXITED_FOLLOW_UP_SHARE:
                start = self.start_date(latest=exit_on - timedelta(days=30))
                spec = self.add(village, Status.ACTIVE, start, focus=FOLLOW_UP)
            else:
                continue
            if spec.start >= exit_on:  # proposed after the exit: the county office agreed
                spec.eligibility_reason = ELIGIBILITY_REASON

    # -- helpers, slots, numbers -------------------------------------------------------------

    def assign_helpers(self) -> None:
        """Helpers in the order the pairings were proposed: up to capacity (a tenth of them
        keep some room), then past a stronger helper's capacity — with a reason whenever the
        helper's open pairings had reached its capacity (services._check_capacity)."""
        rng = self.rng
        pool = [h for h in self.helpers if h is not self.demo_helper]
        reserve = set(rng.sample(range(len(pool)), round(len(pool) * RESERVE_SHARE)))
        budget = {h.uscc: h.capacity - (k in reserve) for k, h in enumerate(pool)}
        strong = [h for k, h in enumerate(pool) if k not in reserve and h.capacity >= 2]
        taken: dict[str, list[_Spec]] = {}

        def load(helper: DemoHelper, on: date) -> int:
            return sum(
                1 for s in taken.get(helper.uscc, ()) if s.ended_on is None or s.ended_on > on
            )

        for spec in sorted(self.specs, key=lambda s: (s.start, s.village.code)):
            if not spec.fixed_helper:
                here = {s.helper.uscc for s in self.by_village[spec.village.code] if s.helper}
                room = [
                    h for h in pool if h.uscc not in here and load(h, spec.start) < budget[h.uscc]
                ]
                local = [h for h in room if h.region == spec.village.county_code]
                if local and rng.random() < 0.6:
                    spec.helper = rng.choice(local)
                elif room:
                    spec.helper = rng.choice(room)
                else:
                    over = [h for h in strong if h.uscc not in here]
                    spec.helper = rng.choices(over, weights=[h.capacity for h in over])[0]
            helper = spec.helper
            assert helper is not None
            if load(helper, spec.start) >= helper.capacity:
                spec.capacity_reason = rng.choice(CAPACITY_REASONS)
            taken.setdefault(helper.uscc, []).append(spec)

    def assign_slots(self) -> None:
        """Slots 1..n to a village's active and suspended pairings, in activation order."""
        for specs in self.by_village.values():
            holding = sorted(
                (s for s in specs if s.status in SLOT_STATUSES),
                key=lambda s: (s.activated, s.start),
            )
            assert len(holding) <= self.max_helpers
            for slot, spec in enumerate(holding, 1):
                spec.slot = slot

    def assign_numbers(self) -> None:
        """KQ + county code + year of the start + a sequence, in the order proposed (the
        services' format); the plan lists the pairings in that order."""
        self.specs.sort(key=lambda s: (s.start, s.village.code, s.focus.focus))
        last = dict(self.last_numbers)
        for ref, spec in enumerate(self.specs, 1):
            prefix = f"KQ{spec.village.county_code}{spec.start.year}"
            last[prefix] = last.get(prefix, 0) + 1
            spec.number = f"{prefix}{last[prefix]:04d}"
            spec.ref = ref

    # -- plans and progress ------------------------------------------------------------------

    def plan_items(self, spec: _Spec) -> None:
        """2–4 items from the focus and the pathways; a successor inherits the open ones."""
        rng = self.rng
        spec.pathways = list(spec.focus.pathways)
        if rng.random() < 0.3:
            spec.pathways.append(rng.choice([p for p in Pathway.values if p not in spec.pathways]))
        items: list[PlannedItem] = []
        own = rng.randint(2, 4)
        if spec.predecessor is not None:
            items = self.inherit(spec, spec.predecessor)
            own = rng.randint(0, 1) if items else rng.randint(2, 3)
        keys = list(spec.focus.items)
        rng.shuffle(keys)
        for pathway in spec.pathways:
            extra = [k for k in ITEMS_BY_PATHWAY[pathway] if k not in keys]
            rng.shuffle(extra)
            keys.extend(extra)
        have = {i.what for i in items}
        for key in [k for k in keys if ITEMS[k].what not in have][:own]:
            items.append(self.item(spec, ITEMS[key]))
        spec.items = items

    def target(self, kind: ItemKind) -> Decimal:
        scale = 10**kind.places
        value = self.rng.randint(kind.low * scale, kind.high * scale)
        if kind.places == 0 and value >= 100:
            value = round(value, -1)
        return Decimal(value).scaleb(-kind.places).quantize(ZERO)

    def item(self, spec: _Spec, kind: ItemKind) -> PlannedItem:
        """A new item: due by the end of 2020, or — for a third of those still open — in the
        current phase ahead of today; its outcome drawn, then its progress reports."""
        rng = self.rng
        today = self.today
        target = self.target(kind)
        if not spec.was_active:  # proposed or agreed: a plan, nothing done yet
            due = max(spec.start, today) + timedelta(days=rng.randint(60, 720))
            return self.new_item(kind, target, due)
        first = spec.start + timedelta(days=120)
        if spec.is_open and (rng.random() < 0.3 or first > FIRST_PHASE_END):
            due = today + timedelta(days=rng.randint(20, 720))
        else:
            due = self.day_between(first, FIRST_PHASE_END)
        roll = rng.random()
        if due >= today:
            outcome = "none" if roll < 0.4 else "partial" if roll < 0.9 else "done"
        elif spec.ended_on is not None and spec.ended_on < due:
            outcome = "done" if roll < 0.35 else "partial" if roll < 0.85 else "none"
        else:
            outcome = "done" if roll < 0.7 else "partial" if roll < 0.92 else "none"
        cutoff = min(today, spec.ended_on or today)
        return self.with_progress(kind, target, due, spec.start, cutoff, outcome)

    def inherit(self, spec: _Spec, old: _Spec) -> list[PlannedItem]:
        """The predecessor's items not done, carried over (relay_hand_over's rule); an active
        successor goes on reporting progress on them."""
        rng = self.rng
        out = []
        for item in old.items:
            if item.achieved >= item.target_value:
                continue
            kind = ITEM_BY_WHAT[item.what]
            due = max(item.due_date, spec.start)
            if not spec.was_active:
                out.append(
                    self.new_item(
                        kind,
                        item.target_value,
                        due,
                        achieved=item.achieved,
                        inherited_from=item.ref,
                    )
                )
                continue
            roll = rng.random()
            outcome = "done" if roll < 0.6 else "partial" if roll < 0.9 else "none"
            out.append(
                self.with_progress(
                    kind,
                    item.target_value,
                    due,
                    spec.start,
                    self.today,
                    outcome,
                    achieved=item.achieved,
                    inherited_from=item.ref,
                )
            )
        return out

    def new_item(self, kind: ItemKind, target: Decimal, due: date, **kw) -> PlannedItem:
        self.item_refs += 1
        return PlannedItem(
            self.item_refs, kind.what, kind.how, kind.indicator, target, kind.unit, due, **kw
        )

    def value(self, target: Decimal, share: float, places: int) -> Decimal:
        raw = target * Decimal(str(round(share, 3)))
        return raw.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN).quantize(ZERO)

    def with_progress(
        self,
        kind: ItemKind,
        target: Decimal,
        due: date,
        start: date,
        cutoff: date,
        outcome: str,
        *,
        achieved: Decimal = ZERO,
        inherited_from: int | None = None,
    ) -> PlannedItem:
        """Cumulative progress reports between the start and `cutoff` (today or the end):
        "done" reaches the target (mostly by the due date), "partial" stops short of it,
        "none" reports nothing."""
        rng = self.rng
        if outcome == "partial" and self.value(target, 0.15, kind.places) <= achieved:
            outcome = "none"  # nothing left to report short of the target
        if outcome == "none":
            return self.new_item(
                kind, target, due, achieved=achieved, inherited_from=inherited_from
            )
        low = start + timedelta(days=30)
        if outcome == "done" and rng.random() < 0.8:
            high = min(due, cutoff)
        elif due < self.today:
            high = min(due + timedelta(days=180), cutoff)  # reports stop some time after
        else:
            high = cutoff
        if high < low:
            low = min(start, high)
        span = (high - low).days
        days = sorted(rng.sample(range(span + 1), min(rng.randint(1, 3), span + 1)))
        floor = float(achieved / target)
        if outcome == "done":
            final = 1.0 if rng.random() < 0.7 else rng.uniform(1.0, 1.15)
        else:
            final = rng.uniform(max(0.15, floor + 0.05), 0.9)
        shares = [*sorted(rng.uniform(floor, final) for _ in days[:-1]), final]
        smallest = Decimal(1).scaleb(-kind.places).quantize(ZERO)
        progress: list[PlannedProgress] = []
        value = achieved
        done_on = None
        for k, (offset, share) in enumerate(zip(days, shares, strict=True)):
            value = max(value, smallest, self.value(target, share, kind.places))
            if outcome == "done" and k == len(days) - 1:
                value = max(value, target)
            if outcome != "done" and value >= target:
                break
            on = low + timedelta(days=offset)
            if value >= target and done_on is None:
                done_on = on
            note = f"累计{kind.indicator}{value.normalize():f}{kind.unit}"
            extra = rng.choice(NOTES_DONE if value >= target else NOTES_PARTIAL)
            progress.append(
                PlannedProgress(on, value, f"{note}，{extra}。" if extra else f"{note}。")
            )
        return self.new_item(
            kind,
            target,
            due,
            achieved=progress[-1].value if progress else achieved,
            done_on=done_on,
            progress=tuple(progress),
            inherited_from=inherited_from,
        )

    # -- freezing and visits -----------------------------------------------------------------

    def freeze(self, spec: _Spec) -> PlannedPairing:
        helper = spec.helper
        assert helper is not None
        focus, content = spec.focus.focus, spec.focus.content
        if spec.predecessor is not None:
            # the old pairing is still open while the successor is proposed and agreed: each
            # states its own focus (services._check_focus)
            focus = f"接续{focus}"
            content = f"接续原帮扶主体的帮扶工作，完成移交的规划事项。{content}"
        agreement = None
        if spec.activated is not None:
            agreement = PlannedAgreement(
                signed_on=spec.activated,
                helper_signatory=helper.liaison_name or self.person(),
                village_signatory=self.person(),
            )
        return PlannedPairing(
            ref=spec.ref,
            number=spec.number,
            helper_uscc=helper.uscc,
            village_code=spec.village.code,
            focus=focus,
            content=content,
            pathways=pathway_value(spec.pathways),
            status=str(spec.status),
            slot=spec.slot,
            start_date=spec.start,
            end_date=spec.end_date,
            activated_on=spec.activated,
            ended_on=spec.ended_on,
            end_reason=spec.end_reason,
            predecessor=spec.predecessor.ref if spec.predecessor else None,
            capacity_reason=spec.capacity_reason,
            eligibility_reason=spec.eligibility_reason,
            agreement=agreement,
            items=tuple(spec.items),
        )

    def visits(self, never: list[DemoVillage]) -> list[PlannedVisit]:
        """Site visits before a third of the pairings started (all of the demo helper's), and
        to half of the villages never paired, in the last months."""
        rng = self.rng
        out = []
        for spec in self.specs:
            if not spec.fixed_helper and rng.random() >= VISIT_SHARE:
                continue
            latest = min(spec.start, self.today) - timedelta(days=1)
            earliest = max(PROGRAMME_START, latest - timedelta(days=45))
            if latest >= earliest:
                out.append(self.visit(spec.helper, spec.village, spec.ref, earliest, latest))
        for village in never:
            if rng.random() < 0.5:
                latest = self.today - timedelta(days=5)
                earliest = latest - timedelta(days=200)
                out.append(self.visit(rng.choice(self.helpers), village, None, earliest, latest))
        return out

    def visit(
        self, helper, village: DemoVillage, ref: int | None, earliest: date, latest: date
    ) -> PlannedVisit:
        rng = self.rng
        participants = (
            f"{helper.liaison_name or self.person()}（{helper.name}）、"
            f"{self.person()}（{village.county_name}扶贫办）、"
            f"{self.person()}（{village.township}科技服务中心）、{self.person()}（村党支部书记）"
        )
        industries = [w for w in village.industries.split("、") if w] or ["特色种养"]
        findings = (
            f"{village.place}现有建档立卡贫困户{village.households_poor}户，"
            f"主导产业为{'、'.join(industries)}。{village.resources}"
            + rng.choice(NEEDS).format(industry=rng.choice(industries))
        )
        visited_on = self.day_between(earliest, latest)
        return PlannedVisit(
            helper.uscc, village.code, ref, visited_on, participants[:200], findings
        )


# --------------------------------------------------------------------------------------------


def agreement_pdf(number: str, signed_on: date, helper_uscc: str, village_code: str) -> bytes:
    """A one-page PDF (a few hundred bytes, valid cross-reference table) standing in for the
    scan of a signed agreement. Latin text only: the standard fonts have no Chinese."""
    lines = [
        f"Pairing agreement {number} (demo scan)",
        f"Helper USCC {helper_uscc}  Village {village_code}",
        f"Signed {signed_on:%Y-%m-%d}",
    ]
    text = " ".join(
        f"({line}) Tj 0 -18 Td" if k else f"BT /F1 12 Tf 56 780 Td ({line}) Tj 0 -18 Td"
        for k, line in enumerate(lines)
    )
    stream = (text + " ET").encode("ascii")
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]"
        b"/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
        b"<</Length " + str(len(stream)).encode() + b">>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{k} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n".encode()
    return bytes(out + b"%%EOF\n")


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def pairing_counts(programme=None) -> dict[str, int]:
    from bangfu.registry.models import VillageProfile

    pairings = Pairing.objects.all()
    if programme is not None:
        pairings = pairings.filter(programme=programme)
    by_status = dict(pairings.values_list("status").annotate(n=Count("id")))
    poor = VillageProfile.objects.filter(is_registered_poor=True, exited_on__isnull=True)
    covered = (
        pairings.filter(status=Status.ACTIVE, village_id__in=poor.values("village_id"))
        .values("village_id")
        .distinct()
        .count()
    )
    full = (
        pairings.filter(status__in=SLOT_STATUSES)
        .values("village_id")
        .annotate(n=Count("id"))
        .filter(n__gte=MAX_SLOTS)
        .count()
    )
    relays = Relay.objects.filter(pairing__in=pairings)
    relay_states = dict(relays.values_list("state").annotate(n=Count("id")))
    return {
        "pairings": sum(by_status.values()),
        "active": by_status.get(Status.ACTIVE, 0),
        "suspended": by_status.get(Status.SUSPENDED, 0),
        "pending": by_status.get(Status.PROPOSED, 0) + by_status.get(Status.AGREED, 0),
        "ended": by_status.get(Status.ENDED, 0),
        "relayed": by_status.get(Status.RELAYED, 0),
        "poor_villages": poor.count(),
        "covered": covered,
        "full": full,
        "past_capacity": pairings.exclude(capacity_reason="").count(),
        "agreements": Agreement.objects.filter(pairing__in=pairings).count(),
        "plan_items": PlanItem.objects.filter(pairing__in=pairings).count(),
        "progress": PlanProgress.objects.filter(item__pairing__in=pairings).count(),
        "visits": SiteVisit.objects.filter(
            Q(pairing__in=pairings) | Q(pairing__isnull=True)
        ).count(),
        "relays": sum(relay_states.values()),
        "relays_done": relay_states.get(Relay.State.DONE, 0),
        "relays_open": relay_states.get(Relay.State.OPEN, 0),
        "relays_handing_over": relay_states.get(Relay.State.HANDING_OVER, 0),
    }


@transaction.atomic
def demo_pairings(
    *, seed: int = 1, progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Pair the demo registry's villages and helpers for `seed`; returns the counts afterwards
    with `created`, the pairings written by this call.

    Does nothing (created 0) when there is no current programme, no poor village or helper,
    or the current programme already has pairings. `progress` is called with (rows written,
    rows to write).
    """
    from bangfu.accounts import audit
    from bangfu.core.uploads import store_generated
    from bangfu.helpers.models import Helper
    from bangfu.places.models import Division, Level, Programme

    programme = Programme.objects.filter(is_current=True).first()
    if programme is None:
        return {**pairing_counts(), "created": 0}
    if Pairing.objects.filter(programme=programme).exists():
        return {**pairing_counts(programme), "created": 0}
    villages, helpers = load_inputs()
    if not helpers or not any(v.is_poor for v in villages):
        return {**pairing_counts(programme), "created": 0}
    last_numbers: dict[str, int] = {}
    for number in Pairing.objects.filter(number__startswith="KQ").values_list("number", flat=True):
        prefix, seq = number[:-4], number[-4:]
        if seq.isdigit():
            last_numbers[prefix] = max(last_numbers.get(prefix, 0), int(seq))
    plan = plan_pairings(
        seed,
        villages=villages,
        helpers=helpers,
        max_helpers=programme.max_helpers_per_village,
        last_numbers=last_numbers,
    )

    division = dict(Division.objects.filter(level=Level.VILLAGE).values_list("code", "id"))
    county_of = dict(Division.objects.filter(level=Level.VILLAGE).values_list("code", "county_id"))
    helper_id = dict(Helper.objects.values_list("uscc", "id"))
    items_total = sum(len(p.items) for p in plan.pairings)
    total = (
        len(plan.pairings) * 2
        + items_total
        + sum(len(i.progress) for p in plan.pairings for i in p.items)
        + len(plan.visits)
        + len(plan.relays)
    )
    done = 0

    def step(rows: int) -> None:
        nonlocal done
        done += rows
        if progress:
            progress(done, total)

    # pairings: predecessors first, so that successors can point at them
    pairing_id: dict[int, int] = {}
    for wave in (
        [p for p in plan.pairings if p.predecessor is None],
        [p for p in plan.pairings if p.predecessor is not None],
    ):
        rows = [
            Pairing(
                number=p.number,
                programme=programme,
                helper_id=helper_id[p.helper_uscc],
                village_id=division[p.village_code],
                county_id=county_of[p.village_code],
                focus=p.focus,
                content=p.content,
                pathways=p.pathways,
                status=p.status,
                slot=p.slot,
                start_date=p.start_date,
                end_date=p.end_date,
                activated_on=p.activated_on,
                ended_on=p.ended_on,
                end_reason=p.end_reason,
                predecessor_id=pairing_id[p.predecessor] if p.predecessor else None,
                capacity_reason=p.capacity_reason,
                eligibility_reason=p.eligibility_reason,
                version=1,
            )
            for p in wave
        ]
        Pairing.objects.bulk_create(rows, batch_size=500)
        if rows and rows[0].pk is None:  # a backend without RETURNING
            ids = dict(
                Pairing.objects.filter(number__in=[r.number for r in rows]).values_list(
                    "number", "id"
                )
            )
            for row in rows:
                row.pk = ids[row.number]
        pairing_id.update((p.ref, row.pk) for p, row in zip(wave, rows, strict=True))
        step(len(rows))

    # agreements: one generated PDF each, kept through the storage like an upload
    agreements = []
    for p in plan.pairings:
        if p.agreement is None:
            continue
        a = p.agreement
        data = agreement_pdf(p.number, a.signed_on, p.helper_uscc, p.village_code)
        scan = store_generated(
            data, name=f"帮扶协议_{p.number}.pdf", content_type="application/pdf"
        )
        agreements.append(
            Agreement(
                pairing_id=pairing_id[p.ref],
                signed_on=a.signed_on,
                scan=scan,
                helper_signatory=a.helper_signatory[:32],
                village_signatory=a.village_signatory[:32],
                version=1,
            )
        )
    Agreement.objects.bulk_create(agreements, batch_size=500)
    step(len(plan.pairings))

    # plan items: the originals first, then those inherited from them
    item_id: dict[int, int] = {}
    for inherited in (False, True):
        pairs = [
            (p, i)
            for p in plan.pairings
            for i in p.items
            if (i.inherited_from is not None) is inherited
        ]
        rows = [
            PlanItem(
                pairing_id=pairing_id[p.ref],
                what=i.what,
                how=i.how,
                indicator=i.indicator,
                target_value=i.target_value,
                unit=i.unit,
                due_date=i.due_date,
                achieved=i.achieved,
                done_on=i.done_on,
                inherited_from_id=item_id[i.inherited_from] if inherited else None,
                version=1,
            )
            for p, i in pairs
        ]
        before = PlanItem.objects.order_by("-id").values_list("id", flat=True).first() or 0
        PlanItem.objects.bulk_create(rows, batch_size=1000)
        if rows and rows[0].pk is None:  # a backend without RETURNING: ids in insert order
            ids = list(PlanItem.objects.filter(id__gt=before).order_by("id").values_list("id"))
            for row, (pk,) in zip(rows, ids, strict=True):
                row.pk = pk
        item_id.update((i.ref, row.pk) for (_p, i), row in zip(pairs, rows, strict=True))
        step(len(rows))

    updates = [
        PlanProgress(
            item_id=item_id[i.ref],
            reported_on=u.reported_on,
            value=u.value,
            note=u.note,
            version=1,
        )
        for p in plan.pairings
        for i in p.items
        for u in i.progress
    ]
    PlanProgress.objects.bulk_create(updates, batch_size=1000)
    step(len(updates))

    SiteVisit.objects.bulk_create(
        [
            SiteVisit(
                helper_id=helper_id[v.helper_uscc],
                village_id=division[v.village_code],
                county_id=county_of[v.village_code],
                pairing_id=pairing_id[v.pairing] if v.pairing else None,
                visited_on=v.visited_on,
                participants=v.participants,
                findings=v.findings,
                version=1,
            )
            for v in plan.visits
        ],
        batch_size=1000,
    )
    step(len(plan.visits))

    Relay.objects.bulk_create(
        [
            Relay(
                pairing_id=pairing_id[r.pairing],
                reason=r.reason,
                reported_on=r.reported_on,
                state=r.state,
                successor_id=pairing_id[r.successor] if r.successor else None,
                closed_on=r.closed_on,
                note=r.note,
                version=1,
            )
            for r in plan.relays
        ]
    )
    step(len(plan.relays))

    counts = {**pairing_counts(programme), "created": len(plan.pairings)}
    audit.record(
        event="demo_data",
        object_type="pairing",
        detail=f"demo pairings, seed {seed}: "
        + ", ".join(f"{key} {value}" for key, value in counts.items()),
    )
    return counts
