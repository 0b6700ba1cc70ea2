"""The fit of a helper to a village, in points and in words: industry words (jieba), the
poverty causes the helper's pathways answer, place, track record and spare capacity.

Reasons are kept as (code, value) pairs and put in words when shown (`reason_text`), in the
reader's language.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .solver import FIT_MAX

DEFAULT_WEIGHTS = {
    "industry": 12,  # per matching industry word, up to 3 words
    "need": 8,  # per poverty cause of the village the helper's pathways answer, up to 2
    "same_county": 15,  # the helper is of the village's county
    "same_township": 10,  # … and of its township
    "track_record": 5,  # per earlier pairing that ended well, up to 3
    "room": 2,  # per village of spare capacity, up to 3
}

# The pathways each kind of helper brings (seed §三), and the pathways a poverty cause asks for.
KIND_PATHWAYS = {
    "research": {"technology", "industry"},
    "private": {"industry", "employment", "commerce"},
    "association": {"technology", "industry"},
    "chamber": {"commerce", "charity"},
    "cooperative": {"industry", "technology"},
    "other": {"charity"},
}
CAUSE_PATHWAYS = {
    "skills": {"technology"},
    "capital": {"industry", "charity"},
    "labour": {"charity"},
    "illness": {"charity"},
    "disability": {"charity"},
    "schooling": {"charity"},
    "disaster": {"charity", "other"},
    "land": {"industry"},
    "water": {"other", "charity"},
    "transport": {"other", "commerce"},
    "drive": {"employment", "technology"},
}
# Words too general to say two parties fit.
STOP_WORDS = {
    "技术",
    "服务",
    "发展",
    "提供",
    "帮扶",
    "企业",
    "产业",
    "公司",
    "有限",
    "有限公司",
    "合作",
    "合作社",
    "项目",
    "建设",
    "开展",
    "相关",
    "主要",
    "能力",
    "经验",
    "资源",
    "优势",
    "特色",
    "农业",
    "农村",
    "农民",
    "工作",
    "管理",
    "培训",
    "生产",
    "推广",
    "销售",
    "以及",
    "我们",
}
_HAN = re.compile(r"^[\u4e00-\u9fff]{2,}$")


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


@lru_cache(maxsize=65536)
def words(text: str) -> frozenset[str]:
    """The content words of a Chinese text (jieba's search mode, two characters or more)."""
    if not text:
        return frozenset()
    return frozenset(
        w for w in _jieba().cut_for_search(text) if _HAN.match(w) and w not in STOP_WORDS
    )


@dataclass
class HelperFacts:
    key: int
    kind: str
    text_words: frozenset[str]
    pathways: set[str]
    counties: set[int]  # its home county (USCC, address) and counties it paired in before
    townships: set[int]  # townships its address names
    ended_well: int
    room: int


@dataclass
class VillageFacts:
    key: int
    county: int
    township: int
    text_words: frozenset[str]
    causes: list[str] = field(default_factory=list)  # its main poverty causes, most first


def score(h: HelperFacts, v: VillageFacts, w: dict[str, int]) -> tuple[int, list[tuple]]:
    """(points 0…FIT_MAX, reasons as (code, value)) of helper `h` for village `v`."""
    points = 0
    reasons: list[tuple] = []
    common = sorted(h.text_words & v.text_words, key=lambda s: (-len(s), s))[:3]
    if common:
        points += w["industry"] * len(common)
        reasons.append(("industry", "、".join(common)))
    answered = [c for c in v.causes if CAUSE_PATHWAYS.get(c, set()) & h.pathways][:2]
    if answered:
        points += w["need"] * len(answered)
        reasons.append(("need", answered))
    if v.township in h.townships:
        points += w["same_county"] + w["same_township"]
        reasons.append(("township", None))
    elif v.county in h.counties:
        points += w["same_county"]
        reasons.append(("county", None))
    if h.ended_well:
        n = min(h.ended_well, 3)
        points += w["track_record"] * n
        reasons.append(("record", h.ended_well))
    if h.room > 0:
        points += w["room"] * min(h.room, 3)
        reasons.append(("room", h.room))
    return min(points, FIT_MAX), reasons


def reason_text(code: str, value) -> str:
    """One reason in words, e.g. “产业对口：中药材”."""
    from bangfu.registry.models import Cause

    if code == "industry":
        return _("industry match: %(words)s") % {"words": value}
    if code == "need":
        labels = "、".join(str(Cause(c).label) for c in value if c in Cause.values)
        return _("answers the poverty causes: %(causes)s") % {"causes": labels}
    if code == "township":
        return _("same township")
    if code == "county":
        return _("same county")
    if code == "record":
        return ngettext(
            "%(n)d earlier pairing ended well", "%(n)d earlier pairings ended well", value
        ) % {"n": value}
    if code == "room":
        return ngettext("can still help %(n)d village", "can still help %(n)d villages", value) % {
            "n": value
        }
    if code == "first":
        return _("the village has no helper yet")
    if code == "second":
        return _("gives the village its second helper")
    return str(value)
