"""Demo data for the registries: village profiles, poor households, members, incomes, helpers.

At the scale of the programme (SEED README): a profile for each of the 1,638 village-level
units, about a third of them registered poor villages, some 18,000 registered poor households
of which 4,858 are chosen for science-and-technology help, and about 300 helpers.

`plan_registry()` draws everything from `random.Random(seed)` and writes nothing, so the same
seed always plans the same rows; `demo_registry()` writes a plan with `bulk_create`, computing
the columns that the models' `save()` would derive, and leaves one summary audit row.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from bangfu.core import crypto
from bangfu.core.identifiers.resident_id import make_id_number
from bangfu.core.identifiers.uscc import USCC_ALPHABET, make_uscc

from .models import Cause, Household, Income, Member, MonitoringStatus, VillageProfile

# --------------------------------------------------------------------------------------------
# Scale (SEED README) and fixed points
# --------------------------------------------------------------------------------------------

POOR_VILLAGE_SHARE = 1 / 3
EXITED_VILLAGE_SHARE = 0.15
VILLAGES_WITHOUT_WORKSTATION = 19  # 1,638 units, 1,619 workstations
TARGET_HOUSEHOLDS = 18_000
TECH_HELP_HOUSEHOLDS = 4_858
HELPERS = 300
CAPACITY_STEPS = {1: 2, 2: 3, 3: 5, 4: 6, 5: 7}
INCOME_YEARS = (2016, 2017, 2018, 2019, 2020)
REFERENCE_YEAR = 2016  # the registry as of the start of the programme: nobody born later

# The helper that `core.demo.demo_accounts` gives the demo liaison account: planned first,
# with the same fields, so that the liaison gets it whichever of the two runs first.
DEMO_HELPER_NAME = "承德绿源农业科技有限公司"
DEMO_HELPER_USCC = make_uscc("91130821MA0A1B2C3")

# Pingquan became a city (130881) in 2017; people born before keep the county's 130823.
ID_REGION = {"130881": "130823"}
CHENGDE_ID_REGIONS = (
    "130821",
    "130822",
    "130823",
    "130824",
    "130825",
    "130826",
    "130827",
    "130828",
)

# --------------------------------------------------------------------------------------------
# Word pools
# --------------------------------------------------------------------------------------------

# Common surnames of northern Hebei, the more frequent ones repeated.
SURNAMES = (
    "王王王王李李李张张张刘刘刘赵赵杨杨孙孙高高马马于于徐周陈郭田何姜董白崔宋曹韩冯邢"
    "吕朱胡许梁宁苏齐关付金常贾魏石范侯穆佟那"
)
MALE_GIVEN = (
    "国建志海军明永春福德文学立长振树林宝贵成山东刚强伟平勇亮飞鹏磊涛浩宇俊杰博晨旭军利华庆祥"
)
FEMALE_GIVEN = "秀英兰芳玉凤桂珍霞华丽红艳梅敏静燕娟婷雪琳欣怡佳悦涵萱淑荣素云翠"

CAUSE_ORDER = tuple(Cause.values)  # the order Household.cause_list writes them in
CAUSE_WEIGHTS = {
    Cause.ILLNESS: 30,
    Cause.SKILLS: 20,
    Cause.CAPITAL: 20,
    Cause.LABOUR: 10,
    Cause.DISABILITY: 8,
    Cause.SCHOOLING: 5,
    Cause.TRANSPORT: 4,
    Cause.DISASTER: 3,
    Cause.LAND: 3,
    Cause.WATER: 3,
    Cause.DRIVE: 3,
    Cause.OTHER: 2,
}

MOBILE_PREFIXES = [
    "130",
    "131",
    "132",
    "133",
    "134",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "176",
    "177",
    "178",
    "180",
    "181",
    "182",
    "183",
    "185",
    "186",
    "187",
    "188",
    "189",
    "198",
    "199",
]

INDUSTRIES_BY_COUNTY = {
    "130821": ("板栗", "苹果", "中药材", "肉牛养殖", "食用菌", "玉米种植"),
    "130822": ("山楂", "板栗", "苹果", "乡村旅游", "食用菌", "中药材"),
    "130825": ("肉牛养殖", "蔬菜大棚", "玉米种植", "饲草种植", "中药材", "肉羊养殖"),
    "130828": ("马铃薯种植", "肉牛养殖", "肉羊养殖", "蔬菜大棚", "饲草种植", "乡村旅游"),
    "130881": ("食用菌", "肉羊养殖", "山杏", "玉米种植", "生猪养殖", "蔬菜大棚"),
}
INDUSTRIES = (
    "玉米种植",
    "肉牛养殖",
    "肉羊养殖",
    "山楂",
    "板栗",
    "苹果",
    "食用菌",
    "中药材",
    "蔬菜大棚",
    "乡村旅游",
    "饲草种植",
    "生猪养殖",
    "杂粮种植",
    "蛋鸡养殖",
    "林下经济",
    "光伏发电",
)
RESOURCES = (
    "林地面积大，森林覆盖率高，适宜发展林下养殖和食用菌",
    "土地较平整，水源充足，适宜发展设施农业",
    "草场资源丰富，适合发展舍饲养殖和饲草种植",
    "紧邻旅游线路，自然风光优美",
    "山杏、山楂等野生果树资源丰富",
    "劳动力较充足，外出务工人员多",
    "有闲置校舍，可改建为加工车间",
    "距高速公路出口较近，交通便利",
    "村内建有光伏扶贫电站",
    "满族民俗文化资源丰富",
    "地处滦河上游，水资源保护要求高",
    "气候冷凉，适宜种植越夏蔬菜",
    "有村集体果园和养殖小区",
    "中药材种植有一定基础，种植户经验丰富",
)
TAGS = (
    "革命老区",
    "少数民族聚居",
    "生态涵养区",
    "易地扶贫搬迁",
    "旅游资源",
    "光伏扶贫",
    "边远山区",
    "水源保护区",
)

BRANDS = [
    "丰泽",
    "金穗",
    "宏达",
    "润禾",
    "瑞丰",
    "鑫旺",
    "康达",
    "禾丰",
    "惠农",
    "兴农",
    "农丰",
    "万通",
    "海泰",
    "津丰",
    "泰达",
    "天润",
    "御道",
    "塞罕",
    "燕山",
    "滦河",
    "山庄",
    "鼎盛",
    "恒信",
    "嘉禾",
    "益民",
    "福源",
    "富民",
    "聚丰",
    "金谷",
    "佳禾",
    "沃土",
    "青松",
    "雾灵",
    "热河",
    "庆丰",
    "永盛",
    "德润",
    "和顺",
    "裕丰",
    "安泰",
    "鹏程",
    "华兴",
    "绿野",
    "金山",
    "宝丰",
    "长盛",
    "利民",
    "众诚",
    "汇通",
    "盛达",
    "康源",
    "philosophy",
][:-1]
TIANJIN_DISTRICTS = (
    ("120101", "和平区"),
    ("120102", "河东区"),
    ("120103", "河西区"),
    ("120104", "南开区"),
    ("120105", "河北区"),
    ("120106", "红桥区"),
    ("120110", "东丽区"),
    ("120111", "西青区"),
    ("120112", "津南区"),
    ("120113", "北辰区"),
    ("120114", "武清区"),
    ("120115", "宝坻区"),
    ("120116", "滨海新区"),
    ("120117", "宁河区"),
    ("120118", "静海区"),
    ("120119", "蓟州区"),
)
CHENGDE_DISTRICTS = (("130802", "双桥区"), ("130803", "双滦区"))
TIANJIN_ROADS = ("友谊路", "南京路", "解放路", "卫津路", "黄河道", "长江道", "津塘路", "海河东路")
CHENGDE_ROADS = ("南营子大街", "新华路", "武烈路", "翠桥路", "半壁山路", "迎宾路", "滨河路")
SHIJIAZHUANG_ROADS = ("中山路", "裕华路", "建设大街", "槐安路")
ENTERPRISE_LINES = (
    # (words in the name, industry, what it can offer)
    ("农业科技", "农业科技", "种植养殖技术培训和良种推广"),
    ("食品", "食品加工", "农产品订单收购和加工"),
    ("牧业", "畜牧养殖", "肉牛肉羊良种、托养和技术服务"),
    ("农产品开发", "农产品流通", "农产品包销、代销和直供直销"),
    ("生态农业", "农业科技", "生态种植技术和有机认证指导"),
    ("旅游开发", "乡村旅游", "乡村旅游规划和民宿经营培训"),
    ("果业", "林果", "果树修剪、嫁接和果品收购"),
    ("中药材", "中药材", "中药材种苗、种植技术和保底收购"),
    ("饲料", "饲料", "饲草收购和饲料配方技术"),
    ("菌业", "食用菌", "食用菌菌棒供应和技术指导"),
    ("电子商务", "电子商务", "电商销售渠道和网店培训"),
    ("建设工程", "建筑工程", "村内道路和小型水利设施建设"),
    ("物流", "物流", "冷链物流和农产品运输"),
    ("新能源科技", "新能源", "光伏设施建设和运维"),
)
COOP_PRODUCTS = (
    ("肉牛养殖", "畜牧养殖"),
    ("肉羊养殖", "畜牧养殖"),
    ("生猪养殖", "畜牧养殖"),
    ("蛋鸡养殖", "畜牧养殖"),
    ("食用菌种植", "食用菌"),
    ("山楂种植", "林果"),
    ("板栗种植", "林果"),
    ("苹果种植", "林果"),
    ("蔬菜种植", "蔬菜"),
    ("中药材种植", "中药材"),
    ("饲草种植", "饲草"),
    ("马铃薯种植", "种植业"),
    ("杂粮种植", "种植业"),
)
ASSOCIATION_TOPICS = (
    "食用菌",
    "农产品加工",
    "畜牧业",
    "果品流通",
    "中药材产业",
    "乡村旅游",
    "农业产业化",
    "蔬菜产业",
    "种子",
    "饲料工业",
    "电子商务",
    "奶业",
    "林业产业",
    "养羊",
    "肉牛产业",
    "休闲农业",
    "农村专业技术",
    "农业机械",
    "科技扶贫",
    "蜂业",
)
CHAMBER_PLACES = [
    "浙江",
    "福建",
    "温州",
    "河南",
    "山东",
    "江苏",
    "湖北",
    "安徽",
    "四川",
    "广东",
    "河北",
    "承德",
    "山西",
    "内蒙古",
    "江西",
    "湖南",
    "黑龙江",
    "吉林",
    "辽宁",
    "重庆",
    "陕西",
    "晋江",
    "潮汕",
    "宁波",
    "台州",
]
OFFERS = (
    "可提供就业岗位",
    "可捐资助学、助医",
    "可开展消费扶贫",
    "可派技术人员驻村指导",
    "可投资建设产业基地",
    "可提供低息周转资金",
)

HELPER_KIND_COUNTS = {
    "private": 165,
    "cooperative": 54,
    "association": 27,
    "research": 24,
    "chamber": 18,
    "other": 12,
}


# --------------------------------------------------------------------------------------------
# The plan
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Village:
    code: str
    name: str
    township: str
    county_code: str
    county_name: str

    @property
    def place(self) -> str:
        """The name without the committee: 小兰窝村村民委员会 -> 小兰窝村."""
        return self.name.removesuffix("村民委员会").removesuffix("居民委员会")


@dataclass(frozen=True, slots=True)
class PlannedMember:
    name: str
    id_number: str
    relation: str
    sex: str
    birth_date: date
    education: str
    health: str
    labour: str
    status: str


@dataclass(frozen=True, slots=True)
class PlannedHousehold:
    ref: str
    village_code: str
    head_name: str
    id_number: str
    phone: str
    size: int
    causes: str  # ",illness,skills," as Household.cause_list writes it
    year_registered: int
    year_exited: int | None
    tech_help: bool
    monitoring: str
    members: tuple[PlannedMember, ...]
    incomes: tuple[tuple[int, Decimal], ...]


@dataclass(frozen=True, slots=True)
class PlannedProfile:
    village_code: str
    is_registered_poor: bool
    registered_year: int | None
    exited_on: date | None
    households_total: int
    households_poor: int
    people_total: int
    people_poor: int
    labour_force: int
    arable_mu: Decimal
    forest_mu: Decimal
    grassland_mu: Decimal
    main_industries: str
    resources: str
    tags: str
    distance_km: Decimal
    has_workstation: bool


@dataclass(frozen=True, slots=True)
class PlannedHelper:
    name: str
    uscc: str
    kind: str
    industry: str = ""
    strengths: str = ""
    address: str = ""
    capacity: int = 1
    liaison_name: str = ""
    liaison_phone: str = ""


@dataclass(frozen=True, slots=True)
class RegistryPlan:
    profiles: tuple[PlannedProfile, ...]
    households: tuple[PlannedHousehold, ...]
    helpers: tuple[PlannedHelper, ...]


def load_villages() -> list[Village]:
    """The village-level divisions with their township and county, in code order."""
    from bangfu.places.models import Division, Level

    rows = (
        Division.objects.filter(level=Level.VILLAGE)
        .order_by("code")
        .values_list("code", "name", "parent__name", "county__code", "county__name")
    )
    return [Village(*row) for row in rows]


def plan_registry(seed: int = 1, villages: Sequence[Village] | None = None) -> RegistryPlan:
    """Every row the demo registry would hold for `seed`, without writing anything.

    `villages` defaults to the village-level divisions in the database (read only).
    """
    if villages is None:
        villages = load_villages()
    return _Planner(seed, list(villages)).plan()


class _Planner:
    def __init__(self, seed: int, villages: list[Village]):
        self.rng = random.Random(seed)  # noqa: S311  (demo data, reproducible on purpose)
        self.villages = villages
        self.first17: set[str] = set()
        self.refs: set[str] = set()
        self.phones: set[str] = set()

    # -- small draws -------------------------------------------------------------------------

    def person_name(self, sex: str, surname: str | None = None) -> str:
        rng = self.rng
        pool = MALE_GIVEN if sex == "M" else FEMALE_GIVEN
        given = "".join(rng.choice(pool) for _ in range(rng.choice((1, 2, 2))))
        return (surname or rng.choice(SURNAMES)) + given

    def mobile(self) -> str:
        rng = self.rng
        while True:
            number = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def ref(self) -> str:
        while True:
            ref = f"H{self.rng.getrandbits(40):010X}"
            if ref not in self.refs:
                self.refs.add(ref)
                return ref

    def birth_date(self, year: int) -> date:
        days = 366 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 365
        return date(year, 1, 1) + timedelta(days=self.rng.randrange(days))

    def id_number(self, region: str, born: date, sex: str) -> str:
        """A valid ID number, unique in the plan: region, birth date, sequence, check char."""
        rng = self.rng
        stem = region + born.strftime("%Y%m%d")
        while True:
            sex_digit = rng.choice("13579" if sex == "M" else "02468")
            first17 = f"{stem}{rng.randrange(100):02d}{sex_digit}"
            if first17 not in self.first17:
                self.first17.add(first17)
                return make_id_number(first17)

    def decimal(self, low: int, high: int, places: int) -> Decimal:
        """A Decimal between low and high with `places` decimal places."""
        scale = 10**places
        return Decimal(self.rng.randint(low * scale, high * scale)).scaleb(-places)

    # -- the whole plan ----------------------------------------------------------------------

    def plan(self) -> RegistryPlan:
        rng = self.rng
        n = len(self.villages)
        indices = range(n)
        poor = set(rng.sample(indices, round(n * POOR_VILLAGE_SHARE)))
        poor_order = sorted(poor)
        exited = set(rng.sample(poor_order, round(len(poor_order) * EXITED_VILLAGE_SHARE)))
        no_station = set(rng.sample(indices, min(VILLAGES_WITHOUT_WORKSTATION, n)))

        totals = [rng.randint(150, 600) if i in poor else rng.randint(150, 900) for i in indices]
        raw_poor = {i: round(totals[i] * rng.uniform(0.15, 0.35)) for i in poor_order}
        factor = min(1.0, TARGET_HOUSEHOLDS / max(1, sum(raw_poor.values())))
        poor_counts = {i: max(3, round(raw * factor)) for i, raw in raw_poor.items()}

        n_households = sum(poor_counts.values())
        tech = set(rng.sample(range(n_households), min(TECH_HELP_HOUSEHOLDS, n_households)))

        village_meta: dict[int, tuple[int | None, date | None]] = {}
        for i in poor_order:
            year = rng.choices((2014, 2015, 2016), weights=(70, 20, 10))[0]
            exit_on = self.birth_date(rng.randint(2017, 2020)) if i in exited else None
            village_meta[i] = (year, exit_on)

        households: list[PlannedHousehold] = []
        people_poor: dict[int, int] = {}
        for i in poor_order:
            village = self.villages[i]
            exit_on = village_meta[i][1]
            size_sum = 0
            for _ in range(poor_counts[i]):
                household = self.household(village, exit_on, tech_help=len(households) in tech)
                households.append(household)
                size_sum += household.size
            people_poor[i] = size_sum

        profiles = [
            self.profile(
                self.villages[i],
                totals[i],
                poor=i in poor,
                households_poor=poor_counts.get(i, 0),
                people_poor=people_poor.get(i, 0),
                meta=village_meta.get(i, (None, None)),
                has_workstation=i not in no_station,
            )
            for i in indices
        ]
        return RegistryPlan(tuple(profiles), tuple(households), tuple(self.helpers()))

    # -- villages ----------------------------------------------------------------------------

    def profile(
        self,
        village: Village,
        households_total: int,
        *,
        poor: bool,
        households_poor: int,
        people_poor: int,
        meta: tuple[int | None, date | None],
        has_workstation: bool,
    ) -> PlannedProfile:
        rng = self.rng
        people_total = max(round(households_total * rng.uniform(2.6, 3.2)), people_poor)
        local = INDUSTRIES_BY_COUNTY.get(village.county_code, INDUSTRIES)
        industries: list[str] = []
        for _ in range(rng.randint(1, 3)):
            choice = rng.choice(local if rng.random() < 0.75 else INDUSTRIES)
            if choice not in industries:
                industries.append(choice)
        tags = rng.sample(TAGS, rng.choices((0, 1, 2, 3), weights=(30, 40, 20, 10))[0])
        if poor and rng.random() < 0.25:
            tags.insert(0, "深度贫困")
        if village.county_code == "130828" and rng.random() < 0.4:
            tags.append("坝上地区")
        resources = "；".join(rng.sample(RESOURCES, rng.randint(1, 2))) + "。"
        return PlannedProfile(
            village_code=village.code,
            is_registered_poor=poor,
            registered_year=meta[0],
            exited_on=meta[1],
            households_total=households_total,
            households_poor=households_poor,
            people_total=people_total,
            people_poor=people_poor,
            labour_force=round(people_total * rng.uniform(0.50, 0.60)),
            arable_mu=self.decimal(800, 6000, 2),
            forest_mu=self.decimal(2000, 30000, 2),
            grassland_mu=self.decimal(0, 8000, 2) if rng.random() < 0.8 else Decimal("0.00"),
            main_industries="、".join(industries),
            resources=resources,
            tags=",".join(tags),
            distance_km=self.decimal(3, 90, 1),
            has_workstation=has_workstation,
        )

    # -- households --------------------------------------------------------------------------

    def household(
        self, village: Village, village_exit: date | None, *, tech_help: bool
    ) -> PlannedHousehold:
        rng = self.rng
        size = rng.choices((1, 2, 3, 4, 5, 6), weights=(15, 28, 22, 20, 10, 5))[0]
        causes = self.causes()
        members = self.members(village.county_code, size, causes)
        year_registered = rng.choices((2014, 2015, 2016), weights=(60, 25, 15))[0]
        if village_exit is not None:
            exits = rng.random() < 0.8
            last_exit_year = village_exit.year
        else:
            exits = rng.random() < 0.21
            last_exit_year = 2020
        year_exited = (
            rng.randint(min(year_registered + 1, last_exit_year), last_exit_year) if exits else None
        )
        roll = rng.random()
        if year_exited:
            monitoring = (
                MonitoringStatus.UNSTABLE
                if roll < 0.08
                else MonitoringStatus.CLEARED
                if roll < 0.12
                else MonitoringStatus.NONE
            )
        else:
            monitoring = MonitoringStatus.SUDDEN if roll < 0.015 else MonitoringStatus.NONE
        head = members[0]
        return PlannedHousehold(
            ref=self.ref(),
            village_code=village.code,
            head_name=head.name,
            id_number=head.id_number,
            phone=self.mobile() if rng.random() < 0.7 else "",
            size=size,
            causes="," + ",".join(c for c in CAUSE_ORDER if c in causes) + ",",
            year_registered=year_registered,
            year_exited=year_exited,
            tech_help=tech_help,
            monitoring=str(monitoring),
            members=tuple(members),
            incomes=self.incomes(year_exited),
        )

    def causes(self) -> set[str]:
        rng = self.rng
        wanted = rng.choices((1, 2, 3), weights=(45, 40, 15))[0]
        pool = {str(c): w for c, w in CAUSE_WEIGHTS.items()}
        chosen: set[str] = set()
        while len(chosen) < wanted:
            cause = rng.choices(list(pool), weights=list(pool.values()))[0]
            chosen.add(cause)
            pool.pop(cause)
        return chosen

    def incomes(self, year_exited: int | None) -> tuple[tuple[int, Decimal], ...]:
        rng = self.rng
        value = rng.uniform(1800, 3200)
        rows = []
        for year in INCOME_YEARS:
            if year > INCOME_YEARS[0]:
                value = min(9000.0, value * rng.uniform(1.06, 1.28))
            if year_exited and year >= year_exited:
                value = max(value, rng.uniform(4000, 5000))  # above the line once exited
            rows.append((year, Decimal(f"{value:.2f}")))
        return tuple(rows)

    def members(self, county_code: str, size: int, causes: set[str]) -> list[PlannedMember]:
        """The head first, then relatives whose ages and sexes fit their relation."""
        rng = self.rng
        head_sex = "M" if rng.random() < 0.82 else "F"
        head_year = round(rng.triangular(1940, 1995, 1958))
        family = rng.choice(SURNAMES)  # the father's line: head's surname if male
        people: list[tuple[str, str, int, str]] = [("head", head_sex, head_year, family)]
        left = size - 1
        father_line = family
        mother_year = head_year
        if left and rng.random() < (0.85 if head_sex == "M" else 0.3):
            spouse_sex = "F" if head_sex == "M" else "M"
            offset = rng.randint(-2, 5) if head_sex == "M" else -rng.randint(-2, 5)
            # at least the legal age of marriage (22 for men, 20 for women) in the reference year
            spouse_year = min(
                head_year + offset, REFERENCE_YEAR - (22 if spouse_sex == "M" else 20)
            )
            spouse_surname = rng.choice(SURNAMES)
            people.append(("spouse", spouse_sex, spouse_year, spouse_surname))
            if spouse_sex == "M":
                father_line = spouse_surname
            else:
                mother_year = spouse_year
            left -= 1
        elif head_sex == "F":
            father_line = rng.choice(SURNAMES)
        if left and head_year >= 1965 and rng.random() < 0.35:
            for parent_sex in ("M", "F")[: 2 if left >= 2 and rng.random() < 0.5 else 1]:
                parent_year = head_year - rng.randint(22, 34)
                if parent_year >= 1920:
                    surname = family if parent_sex == "M" else rng.choice(SURNAMES)
                    people.append(("parent", parent_sex, parent_year, surname))
                    left -= 1
        child_year = min(mother_year + rng.randint(20, 30), REFERENCE_YEAR)
        if left and head_year <= 1962:
            child_sex = "M" if rng.random() < 0.65 else "F"
            people.append(("child", child_sex, child_year, father_line))
            left -= 1
            if left and rng.random() < 0.7:
                in_law_sex = "F" if child_sex == "M" else "M"
                in_law_surname = rng.choice(SURNAMES)
                in_law_year = min(child_year + rng.randint(-3, 3), REFERENCE_YEAR - 18)
                people.append(("child_in_law", in_law_sex, in_law_year, in_law_surname))
                left -= 1
                line = father_line if child_sex == "M" else in_law_surname
                grand_year = min(child_year + rng.randint(22, 32), REFERENCE_YEAR)
                for _ in range(left):
                    people.append(("grandchild", rng.choice("MF"), grand_year, line))
                    grand_year = min(grand_year + rng.randint(1, 5), REFERENCE_YEAR)
                left = 0
            child_year = min(child_year + rng.randint(2, 6), REFERENCE_YEAR)
        for _ in range(left):
            people.append(("child", rng.choice("MF"), child_year, father_line))
            child_year = min(child_year + rng.randint(1, 5), REFERENCE_YEAR)

        sick = "illness" in causes
        disabled = "disability" in causes
        adults = [k for k, p in enumerate(people) if REFERENCE_YEAR - p[2] >= 18]
        sick_index = rng.choice(adults) if sick else None
        disabled_index = rng.randrange(len(people)) if disabled else None
        members = []
        names: set[str] = set()
        for k, (relation, sex, year, surname) in enumerate(people):
            name = self.person_name(sex, surname)
            while name in names:
                name = self.person_name(sex, surname)
            names.add(name)
            born = self.birth_date(year)
            region = ID_REGION.get(county_code, county_code)
            if relation in ("spouse", "child_in_law") and rng.random() < 0.12:
                region = rng.choice(CHENGDE_ID_REGIONS)
            health = self.health(year)
            if k == sick_index:
                health = rng.choice(("chronic", "serious"))
            if k == disabled_index:
                health = "disabled"
            education, labour, status = self.life(year, health)
            members.append(
                PlannedMember(
                    name=name,
                    id_number=self.id_number(region, born, sex),
                    relation=relation,
                    sex=sex,
                    birth_date=born,
                    education=education,
                    health=health,
                    labour=labour,
                    status=status,
                )
            )
        return members

    def health(self, year: int) -> str:
        age = REFERENCE_YEAR - year
        chronic, serious, disabled = (
            (0.01, 0.005, 0.01)
            if age < 18
            else (0.06, 0.02, 0.03)
            if age < 45
            else (0.15, 0.04, 0.04)
            if age < 60
            else (0.35, 0.08, 0.06)
        )
        roll = self.rng.random()
        if roll < disabled:
            return "disabled"
        if roll < disabled + serious:
            return "serious"
        if roll < disabled + serious + chronic:
            return "chronic"
        return "healthy"

    def life(self, year: int, health: str) -> tuple[str, str, str]:
        """(education, labour, status) plausible for the age in the reference year."""
        rng = self.rng
        age = REFERENCE_YEAR - year
        if age < 3:
            return "", "na", "home"
        if age < 6:
            return "preschool", "na", "home"
        if age < 12:
            return "primary", "na", "school"
        if age < 15:
            return "junior", "na", "school"
        able = {"healthy": "able", "chronic": "weak"}.get(health, "none")
        if age < 19:
            if rng.random() < 0.75:
                return "senior", "na" if age < 16 else able, "school"
            if age < 16:
                return "junior", "na", "home"
            return "junior", able, rng.choice(("home", "away"))
        if age < 23 and rng.random() < 0.35:
            return "college", able, "school"
        if year < 1955:
            education = rng.choices(("none", "primary", "junior"), weights=(45, 45, 10))[0]
        elif year < 1970:
            education = rng.choices(
                ("none", "primary", "junior", "senior"), weights=(15, 45, 35, 5)
            )[0]
        elif year < 1985:
            education = rng.choices(
                ("none", "primary", "junior", "senior", "college"), weights=(3, 30, 55, 10, 2)
            )[0]
        else:
            education = rng.choices(
                ("primary", "junior", "senior", "college"), weights=(10, 55, 25, 10)
            )[0]
        if age >= 65:
            labour = "weak" if health == "healthy" and age < 75 and rng.random() < 0.5 else "na"
            return education, labour, "home"
        status = "away" if able == "able" and age < 55 and rng.random() < 0.35 else "home"
        return education, able, status

    # -- helpers -----------------------------------------------------------------------------

    def helpers(self) -> list[PlannedHelper]:
        """The demo helper first, then HELPER_KIND_COUNTS of each kind, names and USCCs unique."""
        rng = self.rng
        names = {DEMO_HELPER_NAME}
        codes = {DEMO_HELPER_USCC}
        planned = [
            PlannedHelper(
                name=DEMO_HELPER_NAME,
                uscc=DEMO_HELPER_USCC,
                kind="private",
                capacity=3,
                liaison_name="刘洋",
            )
        ]
        draw = {
            "private": self.private_enterprise,
            "research": self.research_enterprise,
            "cooperative": self.cooperative,
            "association": self.association,
            "chamber": self.chamber,
            "other": self.other_helper,
        }
        for kind, count in HELPER_KIND_COUNTS.items():
            for _ in range(count - (kind == "private")):  # the demo helper is private
                while True:
                    name, prefix, region, address, industry, offer, weights = draw[kind]()
                    if name not in names:
                        names.add(name)
                        break
                while True:
                    code = self.uscc(prefix, region)
                    if code not in codes:
                        codes.add(code)
                        break
                extra = rng.sample(OFFERS, rng.randint(1, 2))
                strengths = [f"可提供{offer}"] + [
                    f"{o}{rng.randint(5, 60)}个" if o == "可提供就业岗位" else o for o in extra
                ]
                planned.append(
                    PlannedHelper(
                        name=name,
                        uscc=code,
                        kind=kind,
                        industry=industry,
                        strengths="，".join(strengths) + "。",
                        address=address,
                        # villages it means to help: 2-7 (helpers of this programme
                        # usually take several villages; a bigger draw, a bigger helper)
                        capacity=CAPACITY_STEPS[rng.choices((1, 2, 3, 4, 5), weights=weights)[0]],
                        liaison_name=self.person_name(rng.choice("MF")),
                        liaison_phone=self.mobile(),
                    )
                )
        return planned

    # Each draw returns (name, USCC authority and type, region code, address, industry,
    # what it can offer, weights of capacity 1-5).

    def private_enterprise(self):
        rng = self.rng
        words, industry, offer = rng.choice(ENTERPRISE_LINES)
        brand = rng.choice(BRANDS)
        if rng.random() < 0.6:
            region, address = self.tianjin_address()
            pattern = rng.choice(
                ("天津{b}{w}有限公司", "天津市{b}{w}有限公司", "天津{b}集团有限公司")
            )
        else:
            region, address, place = self.chengde_address()
            pattern = place + "{b}{w}有限公司"
        name = pattern.format(b=brand, w=words)
        return name, "91", region, address, industry, offer, (35, 30, 20, 10, 5)

    def research_enterprise(self):
        rng = self.rng
        words, _industry, offer = rng.choice(ENTERPRISE_LINES[:10])
        pattern = rng.choice(
            (
                "天津{b}农业科学研究院有限公司",
                "天津市{b}种业科技有限公司",
                "天津{b}生物技术研究所有限公司",
                "中科{b}(天津){w}有限公司",
            )
        )
        name = pattern.format(b=rng.choice(BRANDS), w=words)
        region, address = self.tianjin_address()
        return name, "91", region, address, "农业科技", offer, (10, 20, 30, 25, 15)

    def cooperative(self):
        rng = self.rng
        village = rng.choice(self.villages)
        county = village.county_name
        address = f"{county}{village.township}{village.place}"
        product, industry = rng.choice(COOP_PRODUCTS)
        offer = f"{product}技术示范和社员带动"
        if rng.random() < 0.9:  # a farmers' co-operative, registered like enterprises
            name = f"{county}{rng.choice(BRANDS)}{product}专业合作社"
            prefix = "93"
        else:  # a farmers' association, a social group
            topic = product.removesuffix("种植").removesuffix("养殖")
            name = f"{county}{village.township}{topic}协会"
            prefix = "51"
        return name, prefix, village.county_code, address, industry, offer, (60, 30, 10, 0, 0)

    def association(self):
        rng = self.rng
        topic = rng.choice(ASSOCIATION_TOPICS)
        place, region = rng.choice(
            (("河北省", "130000"), ("天津市", "120000"), ("承德市", "130800"))
        )
        number = f"{rng.randint(1, 299)}号"
        if region == "120000":
            address = self.tianjin_address()[1]
        elif region == "130000":
            address = f"河北省石家庄市{rng.choice(SHIJIAZHUANG_ROADS)}{number}"
        else:
            address = f"承德市双桥区{rng.choice(CHENGDE_ROADS)}{number}"
        offer = f"{topic}行业技术交流和市场信息"
        return f"{place}{topic}协会", "51", region, address, topic, offer, (35, 30, 20, 10, 5)

    def chamber(self):
        rng = self.rng
        name = f"天津市{rng.choice(CHAMBER_PLACES)}商会"
        address = self.tianjin_address()[1]
        offer = "会员企业对接和产品销售渠道"
        return name, "51", "120000", address, "商会", offer, (20, 30, 25, 15, 10)

    def other_helper(self):
        rng = self.rng
        pattern, prefix, industry, offer = rng.choice(
            (
                ("天津市{b}志愿服务中心", "52", "志愿服务", "志愿者驻村服务"),
                ("天津{b}公益基金会", "53", "公益慈善", "助学助医资金"),
                ("天津市{b}农业技术推广站", "12", "农技推广", "农业技术推广和培训"),
            )
        )
        region, address = self.tianjin_address()
        if prefix == "53":  # foundations register with the city
            region = "120000"
        name = pattern.format(b=rng.choice(BRANDS))
        return name, prefix, region, address, industry, offer, (35, 30, 20, 10, 5)

    def tianjin_address(self) -> tuple[str, str]:
        rng = self.rng
        region, district = rng.choice(TIANJIN_DISTRICTS)
        return region, f"天津市{district}{rng.choice(TIANJIN_ROADS)}{rng.randint(1, 399)}号"

    def chengde_address(self) -> tuple[str, str, str]:
        """(region code, address, place for the name) in the city or one of the counties."""
        rng = self.rng
        if rng.random() < 0.5:
            region, district = rng.choice(CHENGDE_DISTRICTS)
            road = f"{rng.choice(CHENGDE_ROADS)}{rng.randint(1, 299)}号"
            return region, f"承德市{district}{road}", "承德"
        village = rng.choice(self.villages)
        place = "承德" if rng.random() < 0.5 else village.county_name
        address = f"{village.county_name}{village.township}{village.place}"
        return village.county_code, address, place

    def uscc(self, prefix: str, region: str) -> str:
        """Authority and type, region, organisation code, check character (GB 32100)."""
        rng = self.rng
        if rng.random() < 0.6:  # registered since 2015: "MA" and seven characters
            org = "MA" + "".join(rng.choice(USCC_ALPHABET) for _ in range(7))
        else:  # an older organisation code (GB 11714) with its check character
            org = self.org_code()
        return make_uscc(prefix + region + org)

    def org_code(self) -> str:
        """An organisation code of GB 11714: eight digits and an MOD 11 check character."""
        digits = [self.rng.randrange(10) for _ in range(8)]
        total = sum(d * w for d, w in zip(digits, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
        check = 11 - total % 11
        char = "X" if check == 10 else "0" if check == 11 else str(check)
        return "".join(map(str, digits)) + char


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def registry_counts() -> dict[str, int]:
    from bangfu.helpers.models import Helper

    return {
        "profiles": VillageProfile.objects.count(),
        "poor_villages": VillageProfile.objects.filter(is_registered_poor=True).count(),
        "households": Household.objects.count(),
        "tech_help": Household.objects.filter(tech_help=True).count(),
        "members": Member.objects.count(),
        "incomes": Income.objects.count(),
        "helpers": Helper.objects.count(),
    }


@transaction.atomic
def demo_registry(
    *, seed: int = 1, progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Fill the registries with the demo plan for `seed`; returns the counts afterwards.

    Does nothing if the registry already holds households or village profiles (the counts
    are returned all the same). Helpers whose USCC is already taken are skipped. `progress`
    is called with (rows written, rows to write).
    """
    from bangfu.accounts import audit
    from bangfu.helpers.models import Helper
    from bangfu.places.models import Division, Level
    from bangfu.places.services import pinyin_initials

    if Household.objects.exists() or VillageProfile.objects.exists():
        return registry_counts()
    villages = load_villages()
    if not villages:
        return registry_counts()
    plan = plan_registry(seed, villages)
    divisions = dict(Division.objects.filter(level=Level.VILLAGE).values_list("code", "id"))
    county_of = dict(Division.objects.filter(level=Level.VILLAGE).values_list("code", "county_id"))
    taken = set(Helper.objects.values_list("uscc", flat=True))
    helpers = [h for h in plan.helpers if h.uscc not in taken]
    members_total = sum(len(h.members) for h in plan.households)
    total = (
        len(plan.profiles)
        + len(plan.households)
        + members_total
        + len(plan.households) * len(INCOME_YEARS)
        + len(helpers)
    )
    done = 0

    def step(rows: int) -> None:
        nonlocal done
        done += rows
        if progress:
            progress(done, total)

    initials_cache: dict[str, str] = {}

    def initials(name: str) -> str:
        if name not in initials_cache:
            initials_cache[name] = pinyin_initials(name)
        return initials_cache[name]

    VillageProfile.objects.bulk_create(
        [
            VillageProfile(
                village_id=divisions[p.village_code],
                county_id=county_of[p.village_code],
                is_registered_poor=p.is_registered_poor,
                registered_year=p.registered_year,
                exited_on=p.exited_on,
                households_total=p.households_total,
                households_poor=p.households_poor,
                people_total=p.people_total,
                people_poor=p.people_poor,
                labour_force=p.labour_force,
                arable_mu=p.arable_mu,
                forest_mu=p.forest_mu,
                grassland_mu=p.grassland_mu,
                main_industries=p.main_industries,
                resources=p.resources,
                tags=p.tags,
                distance_km=p.distance_km,
                has_workstation=p.has_workstation,
                is_demonstration=False,
                version=1,
            )
            for p in plan.profiles
        ],
        batch_size=1000,
    )
    step(len(plan.profiles))

    households = [
        Household(
            village_id=divisions[h.village_code],
            county_id=county_of[h.village_code],
            ref=h.ref,
            head_name=h.head_name,
            head_initials=initials(h.head_name)[:16],
            id_number=h.id_number,
            id_hash=crypto.keyed_hash(h.id_number),
            phone=h.phone,
            phone_hash=crypto.keyed_hash(h.phone) if h.phone else "",
            size=h.size,
            causes=h.causes,
            year_registered=h.year_registered,
            year_exited=h.year_exited,
            tech_help=h.tech_help,
            monitoring=h.monitoring,
            version=1,
        )
        for h in plan.households
    ]
    Household.objects.bulk_create(households, batch_size=1000)
    step(len(households))
    if households and households[0].pk is None:  # a backend without RETURNING
        ids = dict(Household.objects.values_list("ref", "id"))
        for row in households:
            row.pk = ids[row.ref]

    batch: list[Member] = []
    for row, h in zip(households, plan.households, strict=True):
        for m in h.members:
            batch.append(
                Member(
                    household_id=row.pk,
                    county_id=row.county_id,
                    name=m.name,
                    id_number=m.id_number,
                    id_hash=crypto.keyed_hash(m.id_number),
                    relation=m.relation,
                    sex=m.sex,
                    birth_date=m.birth_date,
                    education=m.education,
                    health=m.health,
                    labour=m.labour,
                    status=m.status,
                    version=1,
                )
            )
        if len(batch) >= 5000:
            Member.objects.bulk_create(batch, batch_size=1000)
            step(len(batch))
            batch = []
    Member.objects.bulk_create(batch, batch_size=1000)
    step(len(batch))

    incomes = [
        Income(household_id=row.pk, year=year, per_capita=value, version=1)
        for row, h in zip(households, plan.households, strict=True)
        for year, value in h.incomes
    ]
    Income.objects.bulk_create(incomes, batch_size=1000)
    step(len(incomes))

    Helper.objects.bulk_create(
        [
            Helper(
                name=h.name,
                uscc=h.uscc,
                kind=h.kind,
                industry=h.industry,
                strengths=h.strengths,
                address=h.address,
                capacity=h.capacity,
                liaison_name=h.liaison_name,
                liaison_phone=h.liaison_phone,
                initials=initials(h.name),
                version=1,
            )
            for h in helpers
        ],
        batch_size=1000,
    )
    step(len(helpers))

    counts = registry_counts()
    audit.record(
        event="demo_data",
        object_type="registry",
        detail=f"demo registry, seed {seed}: "
        + ", ".join(f"{key} {value}" for key, value in counts.items()),
    )
    return counts
