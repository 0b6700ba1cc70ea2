"""A small 承德县 scenario for the suggestions: poor villages, one covered, helpers by region."""

from __future__ import annotations

import datetime as dt

import pytest

from bangfu.core.identifiers.uscc import make_uscc
from bangfu.helpers.models import Helper
from bangfu.places.models import Division, RegionPairing
from bangfu.registry.models import Household, VillageProfile
from tests.pairing.conftest import make_active, programme  # noqa: F401  (fixture)

CHENGDE, WEICHANG = "130821", "130828"


def helper(code: str, n: int, name: str, **extra) -> Helper:
    """A helper registered in county `code` (its USCC's region)."""
    defaults = {"kind": "private", "capacity": 1, "industry": "", "strengths": ""}
    return Helper.objects.create(
        name=name, uscc=make_uscc(f"91{code}MA0A1BC{n:02d}"), **{**defaults, **extra}
    )


@pytest.fixture
def scene(programme, officer_chengde):  # noqa: F811
    """Four poor villages of 承德县 (the first has an active helper), a non-poor and an exited
    one; helpers: 中药材 of 承德县 (capacity 2), 养殖 of 承德县, 电商 of 围场县, a full one."""
    chengde = Division.objects.get(code=CHENGDE)
    RegionPairing.objects.create(programme=programme, helping_district="天津市区甲", county=chengde)
    villages = list(Division.objects.filter(level="village", county=chengde).order_by("code")[:6])
    industries = ["中药材,肉牛养殖", "中药材种植", "肉牛养殖", "蔬菜大棚", "中药材", "中药材"]
    for i, v in enumerate(villages):
        VillageProfile.objects.create(
            village=v,
            is_registered_poor=i != 4,
            exited_on=None if i != 5 else dt.date(2019, 12, 31),
            registered_year=2014,
            main_industries=industries[i],
        )
    Household.objects.create(
        village=villages[2], head_name="王伟", year_registered=2016, causes=",skills,capital,"
    )
    covered_by = helper(CHENGDE, 1, "承德已结对企业", capacity=1, industry="旅游")
    make_active(officer_chengde, covered_by, villages[0], focus="旅游")
    herbs = helper(
        CHENGDE, 2, "承德中药材公司", capacity=2, industry="中药材", strengths="中药材种植 加工"
    )
    cattle = helper(
        CHENGDE, 3, "承德肉牛合作社", kind="cooperative", industry="肉牛养殖", strengths="肉牛"
    )
    shop = helper(WEICHANG, 4, "围场电商公司", industry="电商", strengths="中药材 网店")
    return {
        "villages": villages,
        "herbs": herbs,
        "cattle": cattle,
        "shop": shop,
        "full": covered_by,
    }
