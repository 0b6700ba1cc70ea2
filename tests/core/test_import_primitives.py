"""The cheaper primitives the households import uses: each gives exactly what the one it
replaces gives (encryption, keyed hashes, pinyin initials, cell texts)."""

from __future__ import annotations

import hashlib
import hmac
import random

from bangfu.core import crypto
from bangfu.core.excel.cells import normalize_cell
from bangfu.core.excel.table import _Texts
from bangfu.core.imports.bulk import Hashes
from bangfu.places.services import _pypinyin_initials, pinyin_initials


def test_sealer_values_open_with_decrypt_and_never_share_a_nonce():
    seal = crypto.Sealer()
    count = crypto.Sealer.BLOCK + 10  # crosses a block of nonces
    tokens = [seal(f"13082119800101{i:04d}") for i in range(count)]
    assert [crypto.decrypt(t) for t in tokens] == [f"13082119800101{i:04d}" for i in range(count)]
    nonces = {crypto.token_key_id(t) + t.split(":", 2)[2][:16] for t in tokens}
    assert len(nonces) == count
    assert all(
        t.startswith(f"{crypto.PREFIX}:{crypto.key_id(crypto.encryption_keys()[0])}:")
        for t in tokens
    )


def test_keyed_hash_is_hmac_sha256_and_hashes_remember_it():
    value = "130821198001011232"
    expected = hmac.new(crypto.hash_key(), value.encode(), hashlib.sha256).hexdigest()
    assert crypto.keyed_hash(value) == expected
    hashes = Hashes()
    assert hashes[value] == expected
    assert list(hashes) == [value]


def test_pinyin_initials_spelt_by_character_match_pypinyin():
    names = ["王伟", "长青", "曾子豪", "单田芳", "下板城镇", "重庆", "朝阳区", "乐亭", "A王"]
    rng = random.Random(7)
    common = "王李张刘陈杨赵黄周吴长曾单重乐朝行伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超"
    names += ["".join(rng.choice(common) for _ in range(rng.randint(1, 4))) for _ in range(3000)]
    for name in names:
        pinyin_initials.cache_clear()
        assert pinyin_initials(name) == _pypinyin_initials(name), name


def test_remembered_cell_texts_equal_normalize_cell():
    texts = _Texts()
    for raw in ["  王伟 ", "１３０８２１", "\u3000a", "", 3.0, 3.5, 130821100201.0, "3"]:
        assert texts[raw] == normalize_cell(raw)
        assert texts[raw] == normalize_cell(raw)  # the second time from memory


def test_take_once_parses_each_good_value_once_and_reports_each_bad_row():
    from bangfu.core.imports.spec import Column, take_once
    from bangfu.core.parsing import parse_int

    col = Column(header="人口数", key="size")
    calls = []

    def counted(raw, **kw):
        calls.append(raw)
        return parse_int(raw, **kw)

    memo, errors = {}, []
    got = [
        take_once(memo, errors, row, col, raw, counted, minimum=1, maximum=30)
        for row, raw in enumerate(["3", "3", "x", "3", "x", "40", "2"], start=2)
    ]
    assert got == [3, 3, None, 3, None, None, 2]
    assert calls == ["3", "x", "x", "40", "2"]  # "3" once; each bad cell on its own row
    assert [(e.row, e.column, e.value) for e in errors] == [
        (4, "人口数", "x"),
        (6, "人口数", "x"),
        (7, "人口数", "40"),
    ]
    other = Column(header="年份", key="year")
    assert take_once(memo, errors, 9, other, "3", counted) == 3
    assert calls[-1] == "3"  # remembered per column, not per text
