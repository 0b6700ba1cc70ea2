"""Attachment 6 (村企结对帮扶进度表): a row per pairing active in the period, its plan."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from bangfu.assistance.io.progress import progress_table, write_progress
from bangfu.pairing.services.pairings import pairing_end

from .reading import body

pytestmark = pytest.mark.django_db


def test_the_progress_table_has_a_row_per_pairing_active_in_the_period(data, plan, pairing):
    table = progress_table(period="2017H2")
    assert [r.number for r in table.rows] == [pairing.number, data["other_pairing"].number]
    mine, other = table.rows
    # plan items as they stood on 21 December 2017, although one was finished since
    assert (mine.items_total, mine.items_done, mine.items_late) == (3, 1, 1)
    assert mine.assistance_yuan == Decimal("13346.17")  # the H1 investment is not in 2017H2
    assert (mine.persons_trained, mine.jobs) == (40, 0)
    assert (other.persons_trained, other.jobs, other.items_total) == (0, 5, 0)
    assert mine.status == "active"
    assert mine.agreement_on == dt.date(2017, 5, 1)
    assert table.total.persons_trained == 40  # the 围场 training is not of a pairing
    assert table.total.assistance_yuan == mine.assistance_yuan + other.assistance_yuan

    later = progress_table(period="2018H1").rows[0]
    assert (later.items_total, later.items_done, later.items_late) == (3, 2, 1)
    assert later.assistance_yuan == 0


def test_a_pairing_ended_before_the_period_is_not_listed(data, officer_chengde):
    other = data["other_pairing"]
    pairing_end(user=officer_chengde, pairing=other, on=dt.date(2017, 12, 1), reason="企业经营困难")
    rows = {r.number: r for r in progress_table(period="2017H2").rows}
    assert rows[other.number].status == "ended"
    assert rows[other.number].status_zh == "已结束"
    assert other.number not in {r.number for r in progress_table(period="2018H1").rows}


def test_the_layout_of_attachment_6(data, plan, pairing):
    out = io.BytesIO()
    assert write_progress(out, period="2017H2", county="130821") == 2
    ws = load_workbook(io.BytesIO(out.getvalue())).worksheets[0]
    assert ws["A1"].value == "“科企帮万村”精准扶贫行动村企结对帮扶进度表"
    rows = list(ws.iter_rows(values_only=True))
    data_rows, total = body(rows)
    first = data_rows[0]
    assert first[1:5] == ("承德县", pairing.village.parent.name, first[3], pairing.helper.name)
    assert first[7:14] == (3, 1, 1, 13346.17, 40, 0, "进行中")
    assert total[7:13] == (3, 1, 1, 13346.17, 40, 5)
    assert any(r[0] == "序号" for r in rows)
    assert any("元" in r for r in rows)
