"""Weights and word pools of the demo assistance: pathways, kinds, seasons, notes, industries."""

from __future__ import annotations

from dataclasses import dataclass

from bangfu.pairing.models import Pathway

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
