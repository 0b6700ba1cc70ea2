"""Attachment 7 (帮扶统计表): confirmed records only, the form's layout, the user's scope."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bangfu.assistance import indicators
from bangfu.assistance.io.scope import ScopeError
from bangfu.assistance.io.statistics import GROUPS, statistics_table, write_statistics
from bangfu.assistance.services.records import assistance_submit
from bangfu.assistance.services.review import assistance_confirm, assistance_return
from bangfu.places.models import Division

from .conftest import H2
from .reading import CODES, FIRST, as_figures, assert_sheet_matches, body, sheets

pytestmark = pytest.mark.django_db


def test_the_statistics_table_equals_the_indicators_for_the_programme(data):
    out = io.BytesIO()
    count = write_statistics(out, period="2017H2")
    counties = list(Division.objects.filter(level="county").order_by("code"))
    assert count == len(counties) == 5
    book = sheets(io.BytesIO(out.getvalue()))
    assert list(book) == ["本期（2017H2）", "累计（2017H2）"]
    units = [(c.pk, c.name) for c in counties]
    now = book["本期（2017H2）"]
    data_rows, total = assert_sheet_matches(now, units, "county", start=H2.start, end=H2.end)
    so_far = book["累计（2017H2）"]
    assert_sheet_matches(so_far, units, "county", start=None, end=H2.end)

    # the figures themselves, by hand
    got = as_figures(total)
    assert got["persons_trained"] == 50
    assert got["poor_trained"] == 29
    assert got["money"] == Decimal("12345.67")  # the submitted 99,999 does not count
    assert got["charity"] == Decimal("13346.17")
    assert got["jobs"] == 5
    assert got["wages"] == Decimal("60000.00")
    assert got["purchases"] == Decimal("88000.00")
    assert got["industry_investment"] == 0  # dated in 2017H1
    assert as_figures(body(so_far)[1])["industry_investment"] == Decimal("500000.00")
    assert got["records"] == 5
    assert (got["households_reached"], got["people_reached"]) == (3, 9)
    # distinct, not summed: the liaison's helper works in two counties
    assert got["helpers"] == 2
    assert sum(r[FIRST + CODES.index("helpers")] for r in data_rows) == 3
    # units without records still appear, with zeros
    by_name = {r[1]: as_figures(r) for r in data_rows}
    assert by_name["兴隆县"] == dict.fromkeys(CODES, 0)


def test_the_layout_of_attachment_7(data):
    out = io.BytesIO()
    write_statistics(out, period="2017H2", county="130821")
    book = load_workbook(io.BytesIO(out.getvalue()))
    ws = book["本期（2017H2）"]
    assert ws["A1"].value == "“科企帮万村”精准扶贫行动帮扶统计表"
    # 序号, the unit, 18 indicators, then the institute's two tech-help columns (issue 18)
    assert "A1:V1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A2"].value == "填报单位（盖章）：承德县扶贫办"
    assert "统计期间：2017年下半年（2017年6月21日—2017年12月21日）" in [
        c.value for c in ws[2] if c.value
    ]
    rows = list(ws.iter_rows(values_only=True))
    groups = next(r for r in rows if r[0] == "序号")
    assert groups[FIRST] == GROUPS["helpers"]  # the column groups above the names
    names = rows[rows.index(groups) + 1]
    last = FIRST + len(indicators.INDICATORS)
    assert [n.replace("\n", "") for n in names[FIRST:last]] == [
        i.name_zh for i in indicators.INDICATORS
    ]
    assert [n.replace("\n", "") for n in names[last:]] == ["科技帮扶对象户数", "科技帮扶到户数"]
    assert groups[last] == "科技帮扶"
    units_row = rows[rows.index(names) + 1]
    assert list(units_row[FIRST:last]) == [i.unit_zh for i in indicators.INDICATORS]
    assert list(units_row[last:]) == ["户", "户"]
    assert groups[1] == "乡镇"
    money_col = FIRST + CODES.index("money")
    total_row = next(r for r in ws.iter_rows() if r[0].value == "合计")
    assert total_row[money_col].number_format == "#,##0.00"
    assert total_row[money_col].font.b
    assert any(
        "填表人" in str(c.value) and "审核人" in str(c.value) for r in ws.iter_rows() for c in r
    )
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1)  # 1 is the default, left out of the file
    assert ws.page_setup.fitToHeight == 0
    period_line = [c.value for c in book["累计（2017H2）"][2] if c.value]
    assert (
        period_line[-1] == "统计期间：累计，自2017年行动开始至2017年12月21日（截至2017年下半年末）"
    )


def test_a_county_has_a_row_per_township_and_a_township_a_row_per_village(data):
    township = data["records"]["training"].township
    out = io.BytesIO()
    write_statistics(out, period=H2, county="130821")
    townships = Division.objects.filter(level="township", parent__code="130821").order_by("code")
    units = [(t.pk, t.name) for t in townships]
    rows = sheets(io.BytesIO(out.getvalue()))["本期（2017H2）"]
    data_rows, _ = assert_sheet_matches(
        rows, units, "township", start=H2.start, end=H2.end, county="130821"
    )
    assert len(data_rows) == townships.count() > 2
    with_figures = [r[1] for r in data_rows if as_figures(r)["records"]]
    assert with_figures == sorted(
        {township.name, data["elsewhere"].parent.name},
        key=lambda n: townships.get(name=n).code,
    )

    out = io.BytesIO()
    write_statistics(out, period=H2, township=township.code)
    villages = Division.objects.filter(level="village", parent=township).order_by("code")
    units = [(v.pk, v.name.removesuffix("村民委员会").removesuffix("居民委员会")) for v in villages]
    rows = sheets(io.BytesIO(out.getvalue()))["累计（2017H2）"]
    assert_sheet_matches(rows, units, "village", start=None, end=H2.end, township=township.code)


def test_a_helper_liaison_gets_its_own_helpers_villages(data, helper_liaison, pairing):
    table = statistics_table(user=helper_liaison, period="2017H2")
    assert table.scope.helper == pairing.helper
    assert table.unit_level == "village"
    villages = [u for u, _f in table.current.rows]
    assert set(villages) == {
        pairing.village,
        data["elsewhere"],
        data["records"]["weichang"].village,
    }
    assert table.current.total["jobs"] == 0  # the other helper's record
    assert table.current.total == indicators.figures(
        indicators.counted_records(start=H2.start, end=H2.end, helper=pairing.helper.uscc)
    )
    with pytest.raises(ScopeError):
        statistics_table(user=helper_liaison, period="2017H2", helper=data["other_helper"].uscc)


def test_unconfirmed_records_do_not_count(data, officer_chengde):
    before = statistics_table(period="2017H2").current.total
    pending = data["pending"]
    assistance_return(user=officer_chengde, record=pending, note="缺少收据")
    assert statistics_table(period="2017H2").current.total == before
    assistance_submit(user=officer_chengde, record=pending)
    assistance_confirm(user=officer_chengde, record=pending)
    after = statistics_table(period="2017H2").current.total
    assert after["money"] == before["money"] + Decimal("99999.00")
    assert after["records"] == before["records"] + 1


def test_the_indicators_document_is_up_to_date():
    path = Path(__file__).resolve().parents[3] / "docs" / "INDICATORS.md"
    assert path.read_text(encoding="utf-8") == indicators.markdown()
