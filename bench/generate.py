"""A deterministic generator of households files in the households template's layout.

One row per member, the household's columns repeated on each of its rows, the head listed
as a member with relation 户主 (`bangfu.registry.io.columns.H`). Every row is valid: ID
numbers carry their check character (`make_id_number`) and a region code of the village's
county, phones are mainland mobiles, village codes come from the caller (the real division
list).

The household sizes follow a rural mix (1-6 members, about 2.6 on average); the last
household is cut short so that the file has exactly the number of rows asked for. The same
seed gives the same rows, so the CSV and the .xlsx of one run hold identical data.

Usable without Django settings: only `bangfu.core.identifiers.resident_id.make_id_number` (pure) and
the column list are imported, lazily, by the functions that write files.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华玉兰凤兰淑珍海燕红梅志强春梅永刚德胜福成振华宝山长青金凤翠花小明子豪梓涵浩然欣怡"
CAUSES = ["因病", "因残", "因学", "因灾", "缺土地", "缺水", "缺技术", "缺劳力", "缺资金"]
MONITORING = ["", "", "", "", "未纳入监测", "脱贫不稳定户", "边缘易致贫户", "已消除风险"]
EDUCATION = ["文盲或半文盲", "小学", "初中", "高中或中专", "大专及以上"]
HEALTH = ["健康", "健康", "健康", "长期慢性病", "患有大病", "残疾"]
LABOUR = ["普通劳动力", "弱劳动力或半劳动力", "丧失劳动力"]
STATUS = ["在家", "在家", "外出务工"]
# household size -> weight (rural registry: many one- and two-person elderly households)
SIZE_WEIGHTS = {1: 25, 2: 30, 3: 20, 4: 15, 5: 7, 6: 3}
INCOME_YEARS = range(2014, 2021)


@dataclass
class Stats:
    """What a generated file holds (filled in while its rows are produced)."""

    rows: int = 0
    households: int = 0
    members: int = 0
    incomes: int = 0
    sizes: dict[int, int] = field(default_factory=dict)


class _People:
    """Unique, valid resident ID numbers: region code + birth date + sequence + check char."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def id_number(self, region: str, born: dt.date, male: bool) -> str:
        from bangfu.core.identifiers.resident_id import make_id_number

        while True:
            seq = self.rng.randrange(0, 1000)
            if (seq % 2 == 1) != male:
                seq = (seq + 1) % 1000
            first17 = f"{region}{born:%Y%m%d}{seq:03d}"
            if first17 not in self.used:
                self.used.add(first17)
                return make_id_number(first17)


def _born(rng: random.Random, first_year: int, last_year: int) -> dt.date:
    start = dt.date(first_year, 1, 1).toordinal()
    end = dt.date(last_year, 12, 31).toordinal()
    return dt.date.fromordinal(rng.randint(start, end))


def _name(rng: random.Random, surname: str | None = None) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return (surname or rng.choice(SURNAMES)) + given


def households(
    n_rows: int,
    villages: Sequence[tuple[str, str]],
    *,
    seed: int = 20170420,
    single: bool = False,
    stats: Stats | None = None,
) -> Iterator[list]:
    """Rows of the households template, in `H`'s column order, as Python values.

    `villages` is a list of (12-digit code, name). Sizes and years are ints, incomes are
    floats or "", everything else text, as an office's workbook holds them. With `single`
    every household is one row (the head alone).
    """
    rng = random.Random(seed)
    people = _People(rng)
    stats = stats if stats is not None else Stats()
    sizes = list(SIZE_WEIGHTS)
    weights = list(SIZE_WEIGHTS.values())
    left = n_rows
    while left > 0:
        size = 1 if single else min(rng.choices(sizes, weights)[0], left)
        left -= size
        code, village_name = rng.choice(villages)
        region = code[:6]
        surname = rng.choice(SURNAMES)
        head_male = rng.random() < 0.8
        head_born = _born(rng, 1935, 1985)
        head_id = people.id_number(region, head_born, head_male)
        head_name = _name(rng, surname)
        registered = rng.choice((2014, 2014, 2015, 2016))
        exited = rng.choice(("", "", registered + 2, registered + 3, 2019, 2020))
        incomes: dict[int, float | str] = dict.fromkeys(INCOME_YEARS, "")
        base = rng.randint(1800, 3200)
        for year in range(max(registered, 2015), 2021):
            if rng.random() < 0.6:
                incomes[year] = round(base * (1 + 0.12 * (year - 2015)) + rng.random(), 2)
        household = [
            code,
            village_name if rng.random() < 0.7 else "",
            head_name,
            head_id,
            f"1{rng.choice('3578')}{rng.randrange(10**9):09d}" if rng.random() < 0.85 else "",
            size,
            "、".join(rng.sample(CAUSES, rng.choice((1, 1, 2)))),
            registered,
            exited,
            rng.choice(("是", "否", "否")),
            rng.choice(MONITORING),
            *(incomes[y] for y in INCOME_YEARS),
        ]
        members = [(head_name, head_id, "户主", head_born)]
        spouse_added = False
        for _ in range(size - 1):
            if not spouse_added and rng.random() < 0.7:
                spouse_added = True
                born = _born(rng, head_born.year - 3, min(head_born.year + 3, 1990))
                mid = people.id_number(region, born, not head_male)
                members.append((_name(rng), mid, "配偶", born))
                continue
            male = rng.random() < 0.5
            young = min(head_born.year + 22, 2012)
            born = _born(rng, young, min(young + 15, 2015))
            mid = people.id_number(region, born, male)
            relation = "之子" if male else "之女"
            members.append((_name(rng, surname if male else None), mid, relation, born))
        for name, mid, relation, born in members:
            age = 2017 - born.year
            if age < 7:
                education, labour, status = "学龄前儿童", "无劳动力", "在家"
            elif age < 18:
                education, labour, status = rng.choice(("小学", "初中")), "无劳动力", "在校生"
            else:
                education, labour = rng.choice(EDUCATION), rng.choice(LABOUR)
                status = rng.choice(STATUS)
            yield [
                *household,
                name,
                mid,
                relation,
                education,
                rng.choice(HEALTH),
                labour,
                status,
            ]
            stats.rows += 1
            stats.members += 1
        stats.households += 1
        stats.sizes[size] = stats.sizes.get(size, 0) + 1
        stats.incomes += sum(1 for y in INCOME_YEARS if incomes[y] != "")


def headers() -> list[str]:
    from bangfu.registry.io.columns import H

    return [c.header for c in H.values()]


def write_csv(path: Path, rows: Iterator[list]) -> None:
    """UTF-8 with BOM, as `excel.stream_csv` writes exports (what Excel opens correctly)."""
    from bangfu.core.excel import writing as excel

    with open(path, "w", encoding="utf-8", newline="") as fh:
        for chunk in excel.stream_csv(headers(), rows):
            fh.write(chunk)


def write_xlsx(path: Path, rows: Iterator[list]) -> None:
    """The template's columns under a title row, as a county office's roster looks."""
    from bangfu.core.excel import writing as excel

    excel.write_xlsx(path, title="建档立卡贫困户及家庭成员花名册", headers=headers(), rows=rows)


if __name__ == "__main__":  # `python -m bench.generate --scale M`: province-scale data
    import sys

    from .province import main

    sys.exit(main())
