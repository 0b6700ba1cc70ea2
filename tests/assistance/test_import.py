"""Assistance records from .xlsx: all or nothing, every bad cell named, drafts, idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from bangfu.accounts.models import AuditEvent
from bangfu.assistance.imports.columns import A
from bangfu.assistance.imports.spec import AssistanceSpec
from bangfu.assistance.models import Assistance
from bangfu.assistance.services.locks import period_lock
from bangfu.assistance.services.records import assistance_submit
from bangfu.assistance.services.review import assistance_confirm
from bangfu.core.excel.reading import read_table
from bangfu.core.excel.writing import write_xlsx
from bangfu.core.imports.engine import run_import
from bangfu.dataio.exports import export_to_file
from bangfu.dataio.kinds import specs

pytestmark = pytest.mark.django_db

HEADERS = [c.header for c in A.values()]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def row(**over) -> list:
    values = {c.key: "" for c in A.values()}
    values.update(over)
    return [values[c.key] for c in A.values()]


@pytest.fixture
def rows(pairing, households):
    """Three records of helper_org in the pairing's village of 承德县."""
    return [
        row(
            on="2017-07-10",
            helper=pairing.helper.uscc,
            village=pairing.village.code,
            pairing=pairing.number,
            pathway="科技帮扶",
            kind="技能培训",
            description="中药材种植技术培训",
            persons_trained="40",
            poor_trained="25",
            beneficiaries=f"{households[0].ref}、{households[1].ref}",
        ),
        row(
            on="2017/8/1",
            helper=pairing.helper.uscc,
            village=pairing.village.code,
            pathway="公益帮扶",
            kind="捐款",
            description="捐助贫困学生",
            money_yuan="12,000.50",
            households_reached="5",
            beneficiaries=households[0].ref.lower(),
        ),
        row(
            on="2018-03-02",
            helper=pairing.helper.uscc,
            village=pairing.village.code,
            pairing=pairing.number,
            pathway="commerce",
            kind="purchase",
            description="收购小米 8 吨",
            purchase_yuan="64000",
        ),
    ]


def xlsx(tmp_path: Path, rows, name="a.xlsx") -> Path:
    path = tmp_path / name
    write_xlsx(path, title="承德县帮扶记录", headers=HEADERS, rows=rows)
    return path


def imp(path, user=None, **kw):
    all_specs = specs()
    return run_import(
        all_specs["assistance"],
        path,
        filename=Path(path).name,
        user=user,
        other_specs=all_specs.values(),
        **kw,
    )


def problems(result) -> list[tuple[int, str]]:
    return [(e.row, e.column) for e in result.errors]


def test_a_clean_file_imports_drafts(tmp_path, rows, pairing, households, officer_chengde):
    result = imp(xlsx(tmp_path, rows), user=officer_chengde)
    assert result.errors == []
    assert (result.written, result.rows, result.counts.created) == (True, 3, 3)
    training, gift, purchase = Assistance.objects.order_by("on")
    assert {a.status for a in (training, gift, purchase)} == {"draft"}
    assert (training.period, training.county.code, training.pairing) == (
        "2017H2",
        "130821",
        pairing,
    )
    assert (training.persons_trained, training.poor_trained) == (40, 25)
    assert set(training.beneficiaries.all()) == set(households[:2])
    assert training.households_reached == 2
    assert training.created_by == officer_chengde
    assert (gift.pathway, gift.kind, gift.money_yuan, gift.pairing) == (
        "charity",
        "money_donation",
        Decimal("12000.50"),
        None,
    )
    assert gift.households_reached == 5  # more than the one listed
    assert (purchase.period, purchase.kind, purchase.purchase_yuan) == (
        "2018H1",
        "purchase",
        Decimal("64000.00"),
    )
    assert AuditEvent.objects.filter(event="import", object_type="registry.assistance").exists()


def test_reimporting_the_same_file_changes_nothing(tmp_path, rows, officer_chengde):
    path = xlsx(tmp_path, rows)
    imp(path, user=officer_chengde)
    versions = list(Assistance.objects.order_by("id").values_list("version", flat=True))
    audit_rows = AuditEvent.objects.count()
    again = imp(path, user=officer_chengde)
    assert again.errors == []
    assert (again.counts.created, again.counts.updated, again.counts.unchanged) == (0, 0, 3)
    assert list(Assistance.objects.order_by("id").values_list("version", flat=True)) == versions
    assert AuditEvent.objects.count() == audit_rows + 1  # the import event only


def test_an_export_imports_back_unchanged_and_a_number_updates_its_draft(
    tmp_path, rows, officer_chengde, helper_liaison
):
    imp(xlsx(tmp_path, rows), user=officer_chengde)
    confirmed = Assistance.objects.get(kind="purchase")
    assistance_submit(user=helper_liaison, record=confirmed)
    assistance_confirm(user=officer_chengde, record=confirmed)
    exported = tmp_path / "export.xlsx"
    assert export_to_file("assistance", exported, user=officer_chengde) == 3
    back = imp(exported, user=officer_chengde)
    assert back.errors == []
    assert (back.counts.created, back.counts.updated, back.counts.unchanged) == (0, 0, 3)

    # a row with the record number changes that draft, content and all
    gift = Assistance.objects.get(kind="money_donation")
    changed = row(
        number=gift.number,
        on="2017-08-02",
        helper=gift.helper.uscc,
        village=gift.village.code,
        pathway="公益帮扶",
        kind="捐物",
        description="捐助学习用品",
        goods_yuan="3000",
    )
    path = xlsx(tmp_path, [changed], "edit.xlsx")
    # the empty cells clear the gift's amount, households reached and beneficiaries: said
    # first, with the numbers, and written only on confirmation of exactly those numbers
    asked = imp(path, user=officer_chengde)
    cleared = {"资金(元)": 1, "受益户数": 1, "受益户": 1}
    assert (asked.written, asked.needs_confirmation, asked.clears) == (False, True, cleared)
    assert "would clear 1 stored 资金、1 stored 受益户数、1 stored 受益户名单." in asked.message
    assert Assistance.objects.get(pk=gift.pk).version == 1
    result = imp(path, user=officer_chengde, allow_clear=asked.clears)
    assert (result.errors, result.counts.updated) == ([], 1)
    gift.refresh_from_db()
    assert (gift.kind, gift.goods_yuan, gift.money_yuan, gift.version) == (
        "goods_donation",
        Decimal("3000.00"),
        Decimal("0.00"),
        2,
    )
    assert gift.beneficiaries.count() == 0
    assert AuditEvent.objects.filter(event="update", object_id=gift.number).exists()

    # a confirmed record is never changed by an import
    locked = row(
        number=confirmed.number.lower(),
        on="2018-03-02",
        helper=confirmed.helper.uscc,
        village=confirmed.village.code,
        pathway="商贸帮扶",
        kind="采购",
        description="收购小米 8 吨",
        purchase_yuan="99000",
    )
    result = imp(xlsx(tmp_path, [locked], "locked.xlsx"), user=officer_chengde)
    assert problems(result) == [(3, "记录编号")]
    assert "confirmed record cannot be edited" in result.errors[0].reason
    confirmed.refresh_from_db()
    assert confirmed.purchase_yuan == Decimal("64000.00")


def test_every_bad_row_is_named_and_nothing_is_written(
    tmp_path, pairing, households, officer_chengde, weichang_village, poor_villages
):
    period_lock(user=None, county=pairing.village.county, period="2018H1")
    base = {
        "helper": pairing.helper.uscc,
        "village": pairing.village.code,
        "pathway": "科技帮扶",
        "kind": "技能培训",
        "description": "培训",
        "on": "2017-07-10",
    }
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    bad = [
        row(**{**base, "pathway": "公益帮扶", "kind": "捐款", "money_yuan": "1000000000000"}),
        row(**{**base, "persons_trained": "10", "poor_trained": "11"}),
        row(**{**base, "kind": "采购"}),
        row(**{**base, "beneficiaries": households[2].ref}),
        row(**{**base, "pairing": pairing.number, "on": "2017-04-30"}),
        row(**{**base, "on": "2018-03-01"}),
        row(**{**base, "on": tomorrow}),
        row(**{**base, "village": weichang_village.code}),
        row(**{**base, "village": "1308211002"}),
        row(**{**base, "beneficiaries": "HNOSUCH00001"}),
        row(**{**base, "money_yuan": -5, "jobs": "many"}),
        row(**{**base, "helper": "91130821MA0A1B2C3X", "description": ""}),
        row(**{**base, "pairing": pairing.number, "village": poor_villages[1].code}),
        row(**base),  # the only good row
        row(**base),  # …listed twice
    ]
    result = imp(xlsx(tmp_path, bad), user=officer_chengde)
    assert not result.written
    assert problems(result) == [
        (3, "资金(元)"),
        (4, "其中贫困人口"),
        (5, "帮扶类型"),
        (6, "受益户"),
        (7, "日期"),
        (8, "日期"),
        (9, "日期"),
        (10, "村代码"),
        (11, "村代码"),
        (12, "受益户"),
        (13, "就业人数"),
        (13, "资金(元)"),
        (14, "帮扶主体统一社会信用代码"),
        (14, "帮扶内容"),
        (15, "结对协议编号"),
        (17, "帮扶内容"),
    ]
    reasons = {(e.row, e.column): e.reason for e in result.errors}
    assert "more than one record can hold" in reasons[(3, "资金(元)")]
    assert "cannot outnumber" in reasons[(4, "其中贫困人口")]
    assert "is not a kind of" in reasons[(5, "帮扶类型")]
    assert "does not live in" in reasons[(6, "受益户")]
    assert "before pairing" in reasons[(7, "日期")]
    assert "locked" in reasons[(8, "日期")]
    assert "future" in reasons[(9, "日期")]
    assert "outside your county" in reasons[(10, "村代码")]
    assert "HNOSUCH00001" in reasons[(12, "受益户")]
    assert "negative" in reasons[(13, "资金(元)")]
    assert "row 16" in reasons[(17, "帮扶内容")]
    assert Assistance.objects.count() == 0


def test_valid_only_imports_the_good_rows(tmp_path, rows, officer_chengde):
    bad = list(rows[0])
    bad[HEADERS.index("其中贫困人口")] = "99"
    rows.insert(1, bad)
    result = imp(xlsx(tmp_path, rows), user=officer_chengde, valid_only=True)
    assert result.written
    assert problems(result) == [(4, "其中贫困人口")]
    assert (result.valid_rows, result.counts.created) == (3, 3)
    assert Assistance.objects.count() == 3


def test_a_liaison_imports_its_own_helpers_records_only(
    tmp_path, rows, pairing, make_helper, helper_liaison
):
    other = make_helper(name="别家企业")
    rows.append(
        row(
            on="2017-07-11",
            helper=other.uscc,
            village=pairing.village.code,
            pathway="科技帮扶",
            kind="技能培训",
            description="别家的培训",
            persons_trained="5",
        )
    )
    result = imp(xlsx(tmp_path, rows), user=helper_liaison)
    assert problems(result) == [(6, "帮扶主体统一社会信用代码")]
    assert "your own helper" in result.errors[0].reason
    assert not Assistance.objects.exists()
    ok = imp(xlsx(tmp_path, rows[:3], "own.xlsx"), user=helper_liaison)
    assert (ok.errors, ok.counts.created) == ([], 3)
    assert set(Assistance.objects.values_list("helper", flat=True)) == {pairing.helper_id}
    assert set(Assistance.objects.values_list("created_by", flat=True)) == {helper_liaison.pk}


def test_a_county_office_cannot_import_into_another_county(
    tmp_path, rows, officer_weichang, city_officer
):
    path = xlsx(tmp_path, rows)
    result = imp(path, user=officer_weichang)
    assert problems(result) == [(3, "村代码"), (4, "村代码"), (5, "村代码")]
    assert "outside your county" in result.errors[0].reason
    result = imp(path, user=city_officer)  # reads everything, records nothing
    assert {e.column for e in result.errors} == {"帮扶主体统一社会信用代码"}
    assert "county office" in result.errors[0].reason
    assert not Assistance.objects.exists()


def test_the_command_imports_with_valid_only(tmp_path, rows):
    rows.append(row(on="2017-07-12", description="缺少帮扶主体"))
    path = xlsx(tmp_path, rows)
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_data", "assistance", str(path))
    call_command("import_data", "assistance", str(path), "--valid-only")
    assert Assistance.objects.count() == 3


def test_the_template_has_the_columns_and_imports_as_it_is(
    tmp_path, programme, officer_chengde, helper_org, client_for
):
    from bangfu.places.models import Division
    from bangfu.registry.models import VillageProfile
    from tests.pairing.conftest import make_active

    example = Division.objects.get(code=A["village"].example)
    VillageProfile.objects.create(village=example, is_registered_poor=True, registered_year=2014)
    make_active(officer_chengde, helper_org, example)
    resp = client_for(officer_chengde).get("/data/templates/assistance/")
    assert resp.status_code == 200
    path = tmp_path / "template.xlsx"
    path.write_bytes(b"".join(resp.streaming_content))
    spec = AssistanceSpec()
    with read_table(
        path,
        kind="xlsx",
        required_headers=spec.required_headers(),
        optional_headers=spec.optional_headers(),
    ) as table:
        assert table.headers == HEADERS
    result = imp(path, user=officer_chengde)  # its example: helper_org's training
    assert (result.errors, result.counts.created) == ([], 1)


# --- issue 12: columns recognised through aliases, absent columns left, unknown ones named ---


def _without(rows, *headers):
    keep = [i for i, h in enumerate(HEADERS) if h not in headers]
    return [HEADERS[i] for i in keep], [[r[i] for i in keep] for r in rows]


def test_assistance_aliases_are_recognised(tmp_path, rows, officer_chengde):
    aliases = {
        "日期": "帮扶日期",
        "帮扶主体统一社会信用代码": "统一社会信用代码",
        "村代码": "行政区划代码",
        "帮扶内容": "帮扶事项",
        "培训人次": "培训人数",
        "资金(元)": "资金（元）",
        "受益户": "受益户编号",
    }
    path = tmp_path / "alias.xlsx"
    write_xlsx(path, title=None, headers=[aliases.get(h, h) for h in HEADERS], rows=rows)
    result = imp(path, user=officer_chengde)
    assert (result.written, result.errors, result.ignored) == (True, [], [])
    assert result.counts.created == 3
    training = Assistance.objects.get(kind="training")
    assert (training.persons_trained, training.beneficiaries.count()) == (40, 2)
    assert Assistance.objects.get(kind="money_donation").money_yuan == Decimal("12000.50")


def test_absent_beneficiaries_and_measure_columns_leave_the_record(tmp_path, rows, officer_chengde):
    imp(xlsx(tmp_path, rows), user=officer_chengde)
    training = Assistance.objects.get(kind="training")
    headers, short = _without(rows, "受益户", "培训人次", "其中贫困人口", "结对协议编号")
    short[0][headers.index("帮扶内容")] = "中药材种植技术培训（第二期）"
    path = tmp_path / "short.xlsx"
    write_xlsx(path, title=None, headers=[*headers, "备注"], rows=[[*r, ""] for r in short])
    result = imp(path, user=officer_chengde)
    assert result.ignored == ["备注"]
    assert result.notes()[0] == "Ignored columns: 备注 (not recognised)."
    assert result.absent == ["结对协议编号", "培训人次", "其中贫困人口", "受益户"]
    assert (result.written, result.errors, result.clears) == (True, [], {})
    # the changed row adds a record (its content differs); the two others are unchanged
    assert (result.counts.created, result.counts.unchanged) == (1, 2)
    training.refresh_from_db()
    assert (training.persons_trained, training.poor_trained, training.beneficiaries.count()) == (
        40,
        25,
        2,
    )
    assert training.pairing_id is not None


def test_absent_measures_still_obey_poor_within_all_against_the_record(
    tmp_path, rows, officer_chengde
):
    imp(xlsx(tmp_path, rows), user=officer_chengde)
    training = Assistance.objects.get(kind="training")
    headers, short = _without(rows[:1], "培训人次")
    short[0][headers.index("其中贫困人口")] = "50"  # the stored persons trained is 40
    path = tmp_path / "poor.xlsx"
    write_xlsx(path, title=None, headers=headers, rows=short)
    result = imp(path, user=officer_chengde)
    assert not result.written
    assert [(e.row, e.column) for e in result.errors] == [(2, "其中贫困人口")]
    assert Assistance.objects.get(pk=training.pk).poor_trained == 25
