"""Place names use whole characters, not a radical standing in for a part of one."""

from __future__ import annotations

import csv

from bangfu.places.models import Division
from bangfu.places.services import DEFAULT_DIVISIONS_FILE, pinyin_initials

# 阝 (U+961D) and the radical blocks: CJK Radicals Supplement, Kangxi Radicals.
RADICALS = {0x961D} | set(range(0x2E80, 0x2FE0))


def test_no_shipped_name_writes_a_character_as_a_character_plus_a_radical():
    with DEFAULT_DIVISIONS_FILE.open(encoding="utf-8") as handle:
        bad = [
            (row["code"], row["name"])
            for row in csv.DictReader(handle)
            if any(ord(ch) in RADICALS for ch in row["name"])
        ]
    assert bad == []


def test_the_village_written_with_a_split_character_has_its_one_code_point(db):
    village = Division.objects.get(code="130821100218")
    assert village.name == "北\U000287e0村村民委员会"
    assert len(village.name) == 8  # 瞿阝 is one character, not two
    assert village.initials.startswith("bqc")
    assert pinyin_initials("北\U000287e0村") == "bqc"
