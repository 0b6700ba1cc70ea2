"""The registry templates' columns: households (one row per member) and village profiles.

Each column has its Chinese header and the other headers that real rosters (the national
registry's exports, county spreadsheets) use for it; beside them, which fields an import
writes.
"""

from __future__ import annotations

from bangfu.core.imports.spec import Column

from .vocabulary import (
    CAUSES,
    EDUCATION,
    HEALTH,
    INCOME_YEARS,
    LABOUR,
    MONITORING,
    RELATIONS,
    STATUS,
)

# The households template: one entry per column, with the other headers that real rosters
# (the national registry's exports, county spreadsheets) use for it. A bare "身份证号码" or
# "姓名" in a one-row-per-person roster is the person's own, i.e. the member's.
H = {
    "village": Column(
        "村代码",
        "village",
        True,
        "130821100201",
        "12位统计用区划代码",
        ("行政区划代码", "村级代码", "村编码", "村区划代码", "区划代码"),
    ),
    "village_name": Column(
        "村名称",
        "village_name",
        False,
        "下板城村",
        "可只填村名称（名称唯一时）",
        ("村名", "行政村", "所在村"),
    ),
    "head_name": Column("户主姓名", "head_name", True, "王伟", "", ("户主", "户主名称")),
    "id_number": Column(
        "户主身份证号",
        "id_number",
        True,
        "130821198001011232",
        "18位，末位X大小写均可",
        ("户主身份证号码", "户主证件号码", "户主公民身份号码", "户主身份证"),
    ),
    "phone": Column(
        "联系电话",
        "phone",
        False,
        "13812345678",
        "手机号码",
        ("手机号", "手机号码", "手机", "联系方式", "电话", "电话号码", "户主手机号", "户主电话"),
        noun="手机号",
    ),
    "size": Column(
        "家庭人口", "size", True, 2, "人", ("家庭人口数", "家庭人数", "人口数", "户人口数")
    ),
    "causes": Column(
        "致贫原因",
        "causes",
        False,
        "因病、缺技术",
        "多个用顿号分隔：" + "、".join(CAUSES),
        ("主要致贫原因",),
        noun="致贫原因",
    ),
    "year_registered": Column(
        "纳入年份",
        "year_registered",
        True,
        2015,
        "识别为贫困户的年份",
        ("识别年份", "识别年度", "建档立卡年份"),
    ),
    "year_exited": Column(
        "脱贫年份", "year_exited", False, "", "未脱贫留空", ("脱贫年度",), noun="脱贫年份"
    ),
    "tech_help": Column("科技帮扶对象", "tech_help", False, "是", "是/否", ("是否科技帮扶对象",)),
    "monitoring": Column(
        "监测状态",
        "monitoring",
        False,
        "未纳入监测",
        "、".join(MONITORING) + "；留空为未纳入监测",
        ("防返贫监测状态", "监测对象类别"),
        noun="监测状态",
    ),
    **{
        f"income_{y}": Column(
            f"{y}年人均纯收入(元)",
            f"income_{y}",
            False,
            "2800" if y == 2016 else "",
            "元，保留两位小数；留空不改动已有数据",
            (f"{y}年家庭人均纯收入",),
        )
        for y in INCOME_YEARS
    },
    "m_name": Column("成员姓名", "m_name", True, "王伟", "", ("姓名", "家庭成员姓名")),
    "m_id_number": Column(
        "成员身份证号",
        "m_id_number",
        True,
        "130821198001011232",
        "户主本人也列为成员（与户主关系填“户主”）",
        (
            "身份证号",
            "身份证号码",
            "公民身份号码",
            "证件号码",
            "成员身份证号码",
            "成员证件号码",
        ),
    ),
    "m_relation": Column(
        "与户主关系", "m_relation", True, "户主", "、".join(RELATIONS), ("与户主的关系",)
    ),
    "m_education": Column(
        "文化程度", "m_education", False, "初中", "、".join(EDUCATION), ("学历",), "文化程度"
    ),
    "m_health": Column(
        "健康状况", "m_health", False, "健康", "、".join(HEALTH), ("身体状况",), "健康状况"
    ),
    "m_labour": Column(
        "劳动能力",
        "m_labour",
        False,
        "普通劳动力",
        "、".join(LABOUR),
        ("劳动技能",),
        "劳动能力",
    ),
    "m_status": Column(
        "务工或在校",
        "m_status",
        False,
        "在家",
        "、".join(STATUS) + "；留空为在家",
        ("务工状况", "在校或务工"),
        "务工或在校状况",
    ),
}
HOUSEHOLD_KEYS = [
    "village",
    "head_name",
    "id_number",
    "phone",
    "size",
    "causes",
    "year_registered",
    "year_exited",
    "tech_help",
    "monitoring",
    *(f"income_{y}" for y in INCOME_YEARS),
]
# Household fields an import writes (the record's attribute, the row's key); an absent
# column's field is left as stored.
HOUSEHOLD_FIELDS = {
    "head_name": "head_name",
    "phone": "phone",
    "size": "size",
    "year_registered": "year_registered",
    "year_exited": "year_exited",
    "tech_help": "tech_help",
    "monitoring": "monitoring",
    "cause_list": "causes",
}
MEMBER_FIELDS = ("name", "relation", "education", "health", "labour", "status")


V = {
    "village": Column(
        "村代码",
        "village",
        True,
        "130821100201",
        "12位统计用区划代码",
        ("行政区划代码", "村级代码", "村编码", "村区划代码", "区划代码"),
    ),
    "village_name": Column("村名称", "village_name", False, "下板城村", "", ("村名", "行政村")),
    "is_registered_poor": Column(
        "是否贫困村", "is_registered_poor", True, "是", "是/否", ("贫困村", "是否建档立卡贫困村")
    ),
    "registered_year": Column(
        "纳入年份", "registered_year", False, 2015, "", ("识别年份", "认定年份"), "纳入年份"
    ),
    "exited_on": Column(
        "出列日期",
        "exited_on",
        False,
        "",
        "未出列留空；日期如 2019-12-20",
        ("退出日期", "脱贫出列日期"),
        "出列日期",
    ),
    "households_total": Column(
        "总户数", "households_total", False, 320, "", ("户数", "全村户数"), "总户数"
    ),
    "households_poor": Column(
        "贫困户数", "households_poor", False, 56, "", ("建档立卡贫困户数",), "贫困户数"
    ),
    "people_total": Column(
        "总人口", "people_total", False, 960, "", ("人口", "全村人口", "总人口数"), "总人口"
    ),
    "people_poor": Column(
        "贫困人口", "people_poor", False, 150, "", ("贫困人口数", "建档立卡贫困人口"), "贫困人口"
    ),
    "labour_force": Column(
        "劳动力", "labour_force", False, 520, "", ("劳动力人数", "劳动力数"), "劳动力"
    ),
    "arable_mu": Column("耕地面积(亩)", "arable_mu", False, "2300.00", "", ("耕地",), "耕地面积"),
    "forest_mu": Column("林地面积(亩)", "forest_mu", False, "8600.00", "", ("林地",), "林地面积"),
    "grassland_mu": Column(
        "草场面积(亩)", "grassland_mu", False, "1200.00", "", ("草场", "草地面积"), "草场面积"
    ),
    "main_industries": Column(
        "主导产业", "main_industries", False, "肉牛养殖、玉米种植", "", ("主要产业",), "主导产业"
    ),
    "resources": Column(
        "资源优势", "resources", False, "山场广阔，适宜饲草种植", "", ("资源禀赋",), "资源优势"
    ),
    "tags": Column("标签", "tags", False, "饲草,养殖", "", (), "标签"),
    "distance_km": Column(
        "距县城(公里)",
        "distance_km",
        False,
        "18.5",
        "",
        ("距县城距离", "距县城里程(公里)"),
        "距县城距离",
    ),
    "has_workstation": Column(
        "有村级科技服务工作站",
        "has_workstation",
        False,
        "否",
        "是/否；须与研究院科技服务网络的工作站名册一致",
        ("科技服务工作站",),
    ),
    "is_demonstration": Column("示范村", "is_demonstration", False, "否", "是/否", ("是否示范村",)),
}
VILLAGE_FIELDS = [k for k in V if k not in {"village", "village_name"}]
