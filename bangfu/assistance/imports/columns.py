"""The assistance sheet's columns: headers and the other names ledgers use, pathways and kinds.

One row per record, Chinese headers (`A`). What users write in the 帮扶途径 and 帮扶类型
cells maps to the stored codes; the first label of a code is the one exports write.
"""

from __future__ import annotations

from bangfu.core.imports.spec import Column

# What users write in the 帮扶途径 and 帮扶类型 cells -> the stored code; the first label of a
# code is the one exports write (the seed's words, §三).
PATHWAYS = {
    "公益帮扶": "charity",
    "公益扶贫": "charity",
    "科技帮扶": "technology",
    "科技扶贫": "technology",
    "就业帮扶": "employment",
    "就业扶贫": "employment",
    "产业帮扶": "industry",
    "产业扶贫": "industry",
    "商贸帮扶": "commerce",
    "商贸扶贫": "commerce",
    "其他帮扶": "other",
    "其它帮扶": "other",
    "其他扶贫": "other",
    "其它扶贫": "other",
}
KINDS = {
    "捐款": "money_donation",
    "捐物": "goods_donation",
    "助学": "schooling",
    "助老": "elderly",
    "助残": "disabled",
    "助医": "medical",
    "技能培训": "training",
    "培训": "training",
    "技术培训": "training",
    "提供就业岗位": "jobs",
    "就业": "jobs",
    "安排就业": "jobs",
    "投资": "investment",
    "投资兴业": "investment",
    "兴办企业": "new_business",
    "采购": "purchase",
    "代销": "consignment",
    "委托加工": "processing",
    "农企直通车": "direct_channel",
    "政府合作(PPP)": "ppp",
    "PPP": "ppp",
    "专业合作社": "cooperative",
    "合作社": "cooperative",
    "扶持致富带头人": "entrepreneur",
    "驻村帮扶": "stationed_staff",
    "电商扶贫": "ecommerce",
    "电商": "ecommerce",
    "志愿者服务": "volunteers",
    "志愿服务": "volunteers",
    "低息或无息贷款": "loan",
    "贷款": "loan",
    "产业帮扶基金": "fund",
    "帮扶基金": "fund",
}


def _labels(vocabulary: dict[str, str]) -> list[str]:
    """The first label of each code, in order."""
    first: dict[str, str] = {}
    for label, code in vocabulary.items():
        first.setdefault(code, label)
    return list(first.values())


def label_of(vocabulary: dict[str, str], code: str) -> str:
    return next((label for label, c in vocabulary.items() if c == code), code)


MEASURE_HEADERS = {
    "money_yuan": ("资金(元)", "元"),
    "goods_yuan": ("物资折款(元)", "元"),
    "persons_trained": ("培训人次", "人次"),
    "poor_trained": ("其中贫困人口", "培训人次中的建档立卡贫困人口"),
    "jobs": ("就业人数", "人"),
    "poor_jobs": ("其中贫困人口就业", "就业人数中的建档立卡贫困人口"),
    "wages_yuan": ("工资(元)", "元"),
    "investment_yuan": ("投资(元)", "元"),
    "purchase_yuan": ("采购金额(元)", "元"),
    "loan_yuan": ("贷款金额(元)", "元"),
    "loan_rate": ("贷款利率(%)", "年利率，如 4.35"),
    "volunteer_hours": ("志愿服务时长(小时)", "小时"),
    "households_reached": ("受益户数", "户；少于所列受益户时按受益户计"),
}
MEASURES = tuple(MEASURE_HEADERS)


def _unit_free(header: str) -> str:
    """资金(元) -> 资金: the noun of a measure in the cleared-values warning."""
    return header.split("(")[0]


EXAMPLE_MEASURES = {"persons_trained": 40, "poor_trained": 25}

# The assistance template, with the other headers county ledgers use for each column.
MEASURE_ALIASES = {
    "money_yuan": ("资金", "捐款金额(元)", "帮扶资金(元)"),
    "goods_yuan": ("物资折款", "捐物折款(元)", "物资价值(元)"),
    "persons_trained": ("培训人数",),
    "poor_trained": ("培训贫困人口", "其中贫困人口培训人次"),
    "jobs": ("就业人数(人)", "提供就业岗位数", "安排就业人数"),
    "poor_jobs": ("贫困人口就业人数", "其中贫困人口就业人数"),
    "wages_yuan": ("工资", "工资收入(元)"),
    "investment_yuan": ("投资额(元)", "投资金额(元)"),
    "purchase_yuan": ("采购额(元)", "采购金额"),
    "loan_yuan": ("贷款额(元)", "贷款金额"),
    "loan_rate": ("贷款利率", "年利率(%)"),
    "volunteer_hours": ("志愿服务时长", "服务时长(小时)"),
    "households_reached": ("受益户数(户)", "带动户数"),
}

A = {
    "number": Column(
        "记录编号", "number", False, "", "修改已导入的草稿时填写；新记录留空", ("编号",)
    ),
    "on": Column(
        "日期",
        "on",
        True,
        "2017-07-10",
        "如 2017-07-10；不能晚于今天",
        ("帮扶日期", "帮扶时间", "时间"),
    ),
    "helper": Column(
        "帮扶主体统一社会信用代码",
        "helper",
        True,
        "91130821MA0A1B2C3J",
        "18位",
        ("统一社会信用代码", "信用代码", "社会信用代码", "帮扶单位统一社会信用代码"),
    ),
    "village": Column(
        "村代码",
        "village",
        True,
        "130821100201",
        "12位统计用区划代码",
        ("行政区划代码", "村级代码", "村编码", "受帮扶村代码"),
    ),
    "pairing": Column(
        "结对协议编号",
        "pairing",
        False,
        "KQ13082120170001",
        "结对帮扶中的记录填写",
        ("协议编号", "结对编号"),
        "结对协议编号",
    ),
    "pathway": Column(
        "帮扶途径", "pathway", True, "科技帮扶", "、".join(_labels(PATHWAYS)), ("帮扶方式",)
    ),
    "kind": Column(
        "帮扶类型", "kind", True, "技能培训", "、".join(_labels(KINDS)), ("帮扶项目类型",)
    ),
    "description": Column(
        "帮扶内容", "description", True, "中药材种植技术培训", "", ("帮扶事项", "具体内容")
    ),
    **{
        key: Column(
            header,
            key,
            False,
            EXAMPLE_MEASURES.get(key, ""),
            note,
            MEASURE_ALIASES.get(key, ()),
            _unit_free(header),
        )
        for key, (header, note) in MEASURE_HEADERS.items()
    },
    "beneficiaries": Column(
        "受益户",
        "beneficiaries",
        False,
        "",
        "户编号（H开头），多个用顿号或逗号分隔",
        ("受益户编号", "受益农户"),
        "受益户名单",
    ),
}
