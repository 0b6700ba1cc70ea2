"""Word pools of the demo pairings: plan items, helpers' focuses, reasons and notes."""

from __future__ import annotations

from dataclasses import dataclass

from bangfu.pairing.models import Pathway

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
