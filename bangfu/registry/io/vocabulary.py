"""The registry templates' vocabularies: what users write in a cell, and the code stored."""

from __future__ import annotations

# The templates' vocabulary: what users write in a cell -> the stored code.
CAUSES = {
    "因病": "illness",
    "因残": "disability",
    "因学": "schooling",
    "因灾": "disaster",
    "缺土地": "land",
    "缺水": "water",
    "缺技术": "skills",
    "缺劳力": "labour",
    "缺资金": "capital",
    "交通条件落后": "transport",
    "自身发展动力不足": "drive",
    "其他": "other",
}
MONITORING = {
    "未纳入监测": "none",
    "脱贫不稳定户": "unstable",
    "边缘易致贫户": "marginal",
    "突发严重困难户": "sudden",
    "已消除风险": "cleared",
}
RELATIONS = {
    "户主": "head",
    "配偶": "spouse",
    "之子": "child",
    "之女": "child",
    "子女": "child",
    "父母": "parent",
    "之父": "parent",
    "之母": "parent",
    "孙子女": "grandchild",
    "之孙子": "grandchild",
    "之孙女": "grandchild",
    "祖父母": "grandparent",
    "兄弟姐妹": "sibling",
    "之儿媳": "child_in_law",
    "之女婿": "child_in_law",
    "儿媳女婿": "child_in_law",
    "其他": "other",
}
EDUCATION = {
    "文盲或半文盲": "none",
    "小学": "primary",
    "初中": "junior",
    "高中或中专": "senior",
    "大专及以上": "college",
    "学龄前儿童": "preschool",
}
HEALTH = {"健康": "healthy", "长期慢性病": "chronic", "患有大病": "serious", "残疾": "disabled"}
LABOUR = {
    "普通劳动力": "able",
    "弱劳动力或半劳动力": "weak",
    "丧失劳动力": "none",
    "无劳动力": "na",
}
STATUS = {"在家": "home", "外出务工": "away", "在校生": "school"}
INCOME_YEARS = tuple(range(2014, 2021))


def label(vocabulary: dict[str, str], code: str) -> str:
    """The first label of a code (the one exports write)."""
    return next((label for label, c in vocabulary.items() if c == code), code)
