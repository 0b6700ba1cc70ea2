"""Attachments 7 (帮扶统计表) and 6 (村企结对帮扶进度表): figures from confirmed records only,
in the form's layout, for the user's scope; the download views and the export command."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import load_workbook

from bangfu.accounts.models import AuditEvent
from bangfu.assistance import indicators
from bangfu.assistance.io.progress import TITLE_PROGRESS, progress_table, write_progress
from bangfu.assistance.io.scope import XLSX, ScopeError, form_period, latest_closed
from bangfu.assistance.io.statistics import (
    GROUPS,
    TITLE_STATISTICS,
    statistics_table,
    write_statistics,
)
from bangfu.assistance.services.records import assistance_save, assistance_submit
from bangfu.assistance.services.review import assistance_confirm, assistance_return
from bangfu.core.periods import Period, parse_period
from bangfu.pairing.services.pairings import pairing_end
from bangfu.pairing.services.plans import plan_item_save, plan_progress_add
from bangfu.places.models import Division
from tests.pairing.conftest import make_active

pytestmark = pytest.mark.django_db

H2 = parse_period("2017H2")
CODES = [i.code for i in indicators.INDICATORS]
FIRST = 2  # attachment 7: 序号, unit name, then the indicators in INDICATORS order


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def confirmed(recorder, confirmer, **fields):
    record = assistance_save(user=recorder, **fields)
    assistance_submit(user=recorder, record=record)
    return assistance_confirm(user=confirmer, record=record)


@pytest.fixture
def data(
    pairing,
    training,
    households,
    poor_villages,
    weichang_village,
    helper_liaison,
    officer_chengde,
    officer_weichang,
    make_helper,
):
    """Two helpers in 承德县 (one also in 围场县, one in a second township), confirmed records
    in 2017H2 and 2017H1, and a submitted record that must not count."""
    helper = pairing.helper
    other_helper = make_helper(name="承德丰收农业有限公司")
    other_pairing = make_active(officer_chengde, other_helper, poor_villages[1], "就业")
    elsewhere = (
        Division.objects.filter(level="village", county__code="130821")
        .exclude(parent=pairing.village.parent)
        .order_by("code")
        .first()
    )
    base = {"helper": helper, "village": pairing.village, "pairing": pairing}
    records = {
        "training": confirmed(
            helper_liaison, officer_chengde, beneficiaries=households[:2], **training
        ),
        "donation": confirmed(
            helper_liaison,
            officer_chengde,
            **base,
            on=dt.date(2017, 8, 1),
            pathway="charity",
            kind="money_donation",
            description="捐款捐物",
            money_yuan="12345.67",
            goods_yuan="1000.50",
            beneficiaries=households[:1],
        ),
        "jobs": confirmed(
            officer_chengde,
            officer_chengde,
            helper=other_helper,
            village=poor_villages[1],
            pairing=other_pairing,
            on=dt.date(2017, 9, 15),
            pathway="employment",
            kind="jobs",
            description="安排就业",
            jobs=5,
            poor_jobs=3,
            wages_yuan="60000",
            beneficiaries=households[2:],
        ),
        "investment_h1": confirmed(
            helper_liaison,
            officer_chengde,
            **base,
            on=dt.date(2017, 6, 1),
            pathway="industry",
            kind="investment",
            description="投资建设养殖小区",
            investment_yuan="500000",
        ),
        "purchase": confirmed(
            helper_liaison,
            officer_chengde,
            helper=helper,
            village=elsewhere,
            on=dt.date(2017, 10, 10),
            pathway="commerce",
            kind="purchase",
            description="采购农产品",
            purchase_yuan="88000",
        ),
        "weichang": confirmed(
            officer_weichang,
            officer_weichang,
            helper=helper,
            village=weichang_village,
            on=dt.date(2017, 11, 1),
            pathway="technology",
            kind="training",
            description="养殖技术培训",
            persons_trained=10,
            poor_trained=4,
        ),
    }
    pending = assistance_save(
        user=helper_liaison,
        **base,
        on=dt.date(2017, 9, 1),
        pathway="charity",
        kind="money_donation",
        description="尚未确认的捐款",
        money_yuan="99999",
    )
    assistance_submit(user=helper_liaison, record=pending)
    return {
        "records": records,
        "pending": pending,
        "other_helper": other_helper,
        "other_pairing": other_pairing,
        "elsewhere": elsewhere,
    }


# --------------------------------------------------------------------------- reading the files


def sheets(source) -> dict[str, list[tuple]]:
    book = load_workbook(source, data_only=True)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def body(rows: list[tuple]) -> tuple[list[tuple], tuple]:
    """The data rows (numbered) and the 合计 row of a form sheet."""
    data = [r for r in rows if isinstance(r[0], int)]
    total = next(r for r in rows if r[0] == "合计")
    return data, total


def as_figures(row: tuple) -> dict:
    out = {}
    for code, value in zip(CODES, row[FIRST:], strict=False):
        out[code] = (
            Decimal(str(value)).quantize(Decimal("0.01"))
            if indicators.BY_CODE[code].money
            else value
        )
    return out


def assert_sheet_matches(rows, units, unit, *, start, end, **scope):
    """Every row equals figures_by for its unit, the total equals figures over the scope."""
    records = indicators.counted_records(start=start, end=end, **scope)
    by_unit = indicators.figures_by(records, unit)
    data, total = body(rows)
    assert [r[1] for r in data] == [u[1] for u in units]
    for row, (pk, _name) in zip(data, units, strict=True):
        expected = by_unit.get(pk) or dict.fromkeys(CODES, 0)
        assert as_figures(row) == {c: expected[c] for c in CODES}, _name
    assert as_figures(total) == indicators.figures(records)
    return data, total


# --------------------------------------------------------------------------- attachment 7


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
    assert "A1:T1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A2"].value == "填报单位（盖章）：承德县扶贫办"
    assert "统计期间：2017年下半年（2017年6月21日—2017年12月21日）" in [
        c.value for c in ws[2] if c.value
    ]
    rows = list(ws.iter_rows(values_only=True))
    groups = next(r for r in rows if r[0] == "序号")
    assert groups[FIRST] == GROUPS["helpers"]  # the column groups above the names
    names = rows[rows.index(groups) + 1]
    assert [n.replace("\n", "") for n in names[FIRST:]] == [
        i.name_zh for i in indicators.INDICATORS
    ]
    units_row = rows[rows.index(names) + 1]
    assert list(units_row[FIRST:]) == [i.unit_zh for i in indicators.INDICATORS]
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


# --------------------------------------------------------------------------- attachment 6


@pytest.fixture
def plan(pairing, officer_chengde):
    """Three plan items of the pairing: done, late and not yet due at the end of 2017H2;
    the late one is finished in 2018H1 (after that period's end)."""

    def item(what, target, due):
        return plan_item_save(
            user=officer_chengde,
            pairing=pairing,
            what=what,
            how="",
            indicator=what,
            target_value=Decimal(target),
            unit="人",
            due_date=due,
        )

    done = item("培训", "10", dt.date(2017, 10, 1))
    late = item("就业", "100", dt.date(2017, 11, 1))
    later = item("采购", "5", dt.date(2018, 5, 1))
    report = plan_progress_add
    report(user=officer_chengde, item=done, reported_on=dt.date(2017, 9, 1), value=Decimal(10))
    report(user=officer_chengde, item=late, reported_on=dt.date(2017, 8, 1), value=Decimal(50))
    report(user=officer_chengde, item=late, reported_on=dt.date(2018, 3, 1), value=Decimal(100))
    return done, late, later


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


# --------------------------------------------------------------------------- periods


def test_the_default_period_is_the_latest_closed_one():
    assert form_period(None, today=dt.date(2018, 1, 5)) == Period(2017, 2)
    assert form_period("", today=dt.date(2017, 12, 21)) == Period(2017, 1)
    assert form_period("2017h2", today=dt.date(2018, 1, 5)) == Period(2017, 2)


def test_a_bad_period_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match=r"e\.g\. 2017H2"):
        form_period("2017H3")
    with pytest.raises(ValueError, match="has not begun"):
        form_period("2999H1")


# --------------------------------------------------------------------------- downloads


URL = "/assistance/forms/{}.xlsx"


@pytest.mark.parametrize("form", ["statistics", "progress"])
def test_a_county_officer_downloads_its_own_county_only(
    data, client_for, officer_chengde, officer_weichang, form
):
    response = client_for(officer_chengde).get(URL.format(form), {"period": "2017H2"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "2017H2-130821.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert "承德县扶贫办" in book.worksheets[0]["A2"].value
    event = AuditEvent.objects.filter(event="export", object_type=f"assistance.{form}").last()
    assert event.actor_name == "officer_chengde"
    assert "2017H2" in event.detail

    denied = client_for(officer_weichang).get(URL.format(form), {"county": "130821"})
    assert denied.status_code == 404
    township = data["records"]["training"].township.code
    denied = client_for(officer_weichang).get(URL.format(form), {"township": township})
    assert denied.status_code == 404


def test_the_download_equals_the_table_for_the_users_scope(data, client_for, officer_chengde):
    response = client_for(officer_chengde).get(URL.format("statistics"), {"period": "2017H2"})
    rows = sheets(io.BytesIO(response.content))["本期（2017H2）"]
    _, total = body(rows)
    assert as_figures(total) == indicators.figures(
        indicators.counted_records(
            user=officer_chengde, start=H2.start, end=H2.end, county="130821"
        )
    )
    assert as_figures(total)["persons_trained"] == 40  # not 围场's 10


def test_a_helper_liaison_downloads_its_own_helper_only(data, client_for, helper_liaison):
    client = client_for(helper_liaison)
    response = client.get(URL.format("statistics"), {"period": "2017H2"})
    assert response.status_code == 200
    other = data["other_helper"].uscc
    assert client.get(URL.format("statistics"), {"helper": other}).status_code == 404
    assert client.get(URL.format("progress"), {"helper": other}).status_code == 404


def test_a_bad_period_is_a_400_page_saying_what_to_write(db, client_for, city_officer):
    response = client_for(city_officer).get(URL.format("statistics"), {"period": "2017-2"})
    assert response.status_code == 400
    assert "2017H2" in response.content.decode()
    response = client_for(city_officer).get(URL.format("progress"), {"period": "2017H3"})
    assert response.status_code == 400


def test_without_a_period_the_latest_closed_one_is_used(db, client_for, city_officer):
    from django.utils import timezone

    response = client_for(city_officer).get(URL.format("statistics"))
    assert response.status_code == 200
    code = latest_closed(timezone.localdate()).code
    assert f"{code}-all.xlsx" in response["Content-Disposition"]


def test_an_unknown_code_is_a_404(db, client_for, city_officer):
    client = client_for(city_officer)
    assert client.get(URL.format("statistics"), {"county": "999999"}).status_code == 404
    assert client.get(URL.format("progress"), {"helper": "nosuchhelper"}).status_code == 404


def test_roles_without_business_data_may_not_download(db, client_for, auditor, sysadmin):
    assert client_for(auditor).get(URL.format("statistics")).status_code == 403
    assert client_for(sysadmin).get(URL.format("progress")).status_code == 403


# --------------------------------------------------------------------------- the command


def test_the_command_writes_both_forms(data, tmp_path, capsys):
    path = tmp_path / "stat.xlsx"
    call_command("export_data", "statistics", str(path), "--period", "2017H2")
    out = capsys.readouterr().out
    assert out == f"statistics 2017H2: 5 rows written to {path}\n"
    rows = sheets(path)["本期（2017H2）"]
    assert as_figures(body(rows)[1]) == indicators.figures(
        indicators.counted_records(start=H2.start, end=H2.end)
    )
    path = tmp_path / "prog.xlsx"
    call_command("export_data", "progress", str(path), "--period", "2017H2", "--county", "130821")
    assert capsys.readouterr().out.strip() == f"progress 2017H2: 2 rows written to {path}"
    assert len(body(sheets(path)["附件6（2017H2）"])[0]) == 2
    assert AuditEvent.objects.filter(event="export", channel="command").count() == 2


def test_the_command_refuses_a_bad_period(db, tmp_path):
    with pytest.raises(CommandError, match=r"2017H3.*e\.g\. 2017H2"):
        call_command("export_data", "statistics", str(tmp_path / "x.xlsx"), "--period", "2017H3")
    with pytest.raises(CommandError, match="--period applies"):
        call_command("export_data", "pairings", str(tmp_path / "x.xlsx"), "--period", "2017H2")
    with pytest.raises(CommandError, match=r"\.xlsx"):
        call_command("export_data", "progress", str(tmp_path / "x.csv"))


def test_the_indicators_document_is_up_to_date():
    path = Path(__file__).resolve().parents[2] / "docs" / "INDICATORS.md"
    assert path.read_text(encoding="utf-8") == indicators.markdown()


# --------------------------------------------------------------------------- LibreOffice


def xlsx_to_pdf(data: bytes, exe: str) -> bytes:
    """Convert with headless LibreOffice in its own profile (as pairing.documents does)."""
    with tempfile.TemporaryDirectory(prefix="bangfu-test-soffice-") as tmp:
        work = Path(tmp)
        (work / "form.xlsx").write_bytes(data)
        subprocess.run(
            [
                exe,
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work / "out"),
                str(work / "form.xlsx"),
            ],
            check=True,
            capture_output=True,
            timeout=180,
            env={"PATH": os.environ.get("PATH", ""), "HOME": str(work), "LANG": "C.UTF-8"},
        )
        pdf = (work / "out" / "form.pdf").read_bytes()
    keep = os.environ.get("BANGFU_FORMS_PDF_DIR")  # to look at the pages
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        (Path(keep) / f"form-{len(os.listdir(keep))}.pdf").write_bytes(pdf)
    return pdf


@pytest.mark.e2e
def test_both_forms_open_in_libreoffice_with_titles_units_and_totals(data, plan, settings):
    from bangfu.pairing import documents

    settings.SOFFICE_PATH = ""
    exe = documents.soffice_path()
    calc = exe and (Path(os.path.realpath(exe)).parent / "libsclo.so").exists()
    missing = [
        name
        for name, found in (
            ("soffice", exe),
            ("LibreOffice Calc (libreoffice-calc-nogui)", calc),
            ("pdftotext", shutil.which("pdftotext")),
        )
        if not found
    ]
    if missing:
        message = f"{', '.join(missing)} not installed (scripts/ensure-libreoffice.sh)"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    for writer, title in (
        (write_statistics, TITLE_STATISTICS),
        (write_progress, TITLE_PROGRESS),
    ):
        out = io.BytesIO()
        writer(out, period="2017H2")
        pdf = xlsx_to_pdf(out.getvalue(), exe)
        assert pdf.startswith(b"%PDF")
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"],
            input=pdf,
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout.decode("utf-8")
        squeezed = "".join(text.split())
        assert title in squeezed
        assert "元" in squeezed
        assert "合计" in squeezed
        assert "填报单位（盖章）" in squeezed
        assert "13,346.17" in squeezed
