"""Household, village and helper imports: all or nothing, every bad cell named, idempotent."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from bangfu.accounts.models import AuditEvent
from bangfu.core.excel.writing import write_xlsx
from bangfu.core.identifiers.resident_id import make_id_number
from bangfu.core.identifiers.uscc import make_uscc
from bangfu.core.imports.engine import run_import
from bangfu.dataio.kinds import specs
from bangfu.helpers.models import Helper
from bangfu.registry.io.columns import H
from bangfu.registry.io.households import HouseholdSpec
from bangfu.registry.models import Household, Income, Member

pytestmark = pytest.mark.django_db

HEAD = make_id_number("13082119800101123")
WIFE = make_id_number("13082119820202124")
SON = make_id_number("13082120050303125")
HEAD2 = make_id_number("13082119700707567")
HEADERS = [c.header for c in H.values()]


def row(**over):
    base = {
        "village": "130821100201",
        "village_name": "",
        "head_name": "王伟",
        "id_number": HEAD,
        "phone": "13812345678",
        "size": "3",
        "causes": "因病、缺技术",
        "year_registered": "2015",
        "year_exited": "",
        "tech_help": "是",
        "monitoring": "",
        **{f"income_{y}": "" for y in range(2014, 2021)},
        "income_2016": "2800",
        "m_name": "王伟",
        "m_id_number": HEAD,
        "m_relation": "户主",
        "m_education": "初中",
        "m_health": "健康",
        "m_labour": "普通劳动力",
        "m_status": "在家",
    }
    base.update(over)
    return [base[c.key] for c in H.values()]


def family():
    return [
        row(),
        row(m_name="李芳", m_id_number=WIFE, m_relation="配偶"),
        row(
            m_name="王小明",
            m_id_number=SON,
            m_relation="之子",
            m_education="小学",
            m_labour="无劳动力",
            m_status="在校生",
        ),
        row(
            head_name="赵强",
            id_number=HEAD2,
            size="1",
            phone="",
            causes="缺资金",
            m_name="赵强",
            m_id_number=HEAD2,
        ),
    ]


def xlsx(tmp_path: Path, rows, name="h.xlsx", title="承德县建档立卡贫困户花名册") -> Path:
    path = tmp_path / name
    write_xlsx(path, title=title, headers=HEADERS, rows=rows)
    return path


def imp(path, **kw):
    all_specs = specs()
    return run_import(
        all_specs["households"],
        path,
        filename=Path(path).name,
        other_specs=all_specs.values(),
        **kw,
    )


def test_clean_file_imports_households_members_and_incomes(tmp_path):
    result = imp(xlsx(tmp_path, family()))
    assert result.errors == []
    assert (result.written, result.rows, result.counts.created) == (True, 4, 2)
    h = Household.objects.get(head_name="王伟")
    assert (h.id_number, h.phone, h.size, h.cause_list, h.tech_help) == (
        HEAD,
        "13812345678",
        3,
        ["illness", "skills"],
        True,
    )
    assert [m.relation for m in h.members.order_by("id")] == ["head", "spouse", "child"]
    assert Member.objects.get(id_hash__isnull=False, name="王小明").sex == "M"
    assert str(Income.objects.get(household=h, year=2016).per_capita) == "2800.00"
    assert AuditEvent.objects.filter(event="import", object_type="registry.households").count() == 1


def test_the_collector_is_paused_while_rows_are_read_and_written_then_restored(
    tmp_path, monkeypatch
):
    """The cyclic collector walks the import's many live objects and frees nothing: it is
    paused while the rows are read and written, and runs again afterwards, also after a
    refused file."""
    import gc

    from bangfu.registry.io.households import HouseholdSpec

    seen = []
    parse, write = HouseholdSpec.parse, HouseholdSpec.write

    def spy_parse(self, *args):
        seen.append(("parse", gc.isenabled()))
        return parse(self, *args)

    def spy_write(self, *args):
        seen.append(("write", gc.isenabled()))
        return write(self, *args)

    monkeypatch.setattr(HouseholdSpec, "parse", spy_parse)
    monkeypatch.setattr(HouseholdSpec, "write", spy_write)
    assert gc.isenabled()
    assert imp(xlsx(tmp_path, family())).written
    assert seen == [("parse", False)] * 4 + [("write", False)]
    assert gc.isenabled()
    bad = family()
    bad[0][3] = bad[0][3][:-1] + "0"  # a wrong check character: the file is refused
    assert not imp(xlsx(tmp_path, bad, name="bad.xlsx")).written
    assert gc.isenabled()


def test_collector_pauses_nest_and_respect_a_collector_already_off():
    import gc

    from bangfu.core.imports.collector import collector_paused

    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer import still runs
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # was off before: left off
    finally:
        gc.enable()


def test_reimporting_the_same_file_changes_nothing(tmp_path):
    path = xlsx(tmp_path, family())
    imp(path)
    versions = list(Household.objects.order_by("id").values_list("version", flat=True))
    audit_rows = AuditEvent.objects.count()
    again = imp(path)
    assert (again.counts.created, again.counts.updated, again.counts.unchanged) == (0, 0, 2)
    assert list(Household.objects.order_by("id").values_list("version", flat=True)) == versions
    assert AuditEvent.objects.count() == audit_rows + 1  # the import event only


def test_a_changed_row_updates_its_record_and_is_audited(tmp_path):
    imp(xlsx(tmp_path, family()))
    rows = family()
    rows[3] = row(
        head_name="赵强",
        id_number=HEAD2,
        size="1",
        phone="",
        causes="缺资金、因病",
        m_name="赵强",
        m_id_number=HEAD2,
    )
    result = imp(xlsx(tmp_path, rows, name="h2.xlsx"))
    assert (result.counts.updated, result.counts.unchanged) == (1, 1)
    ev = AuditEvent.objects.filter(event="update", object_type="registry.household").get()
    assert ev.changes["causes"] == [",capital,", ",illness,capital,"]


def test_one_wrong_check_character_refuses_the_whole_file(tmp_path):
    rows = family()
    bad = HEAD2[:-1] + ("0" if HEAD2[-1] != "0" else "1")
    rows[3] = row(head_name="赵强", id_number=bad, size="1", m_name="赵强", m_id_number=bad)
    result = imp(xlsx(tmp_path, rows), report_path=tmp_path / "report.xlsx")
    assert not result.written
    assert Household.objects.count() == 0
    assert {(e.row, e.column) for e in result.errors} == {(6, "户主身份证号"), (6, "成员身份证号")}
    assert "check character" in result.errors[0].reason or "校验" in result.errors[0].reason
    # the problem list is shown, stored and downloaded: numbers in it are masked
    assert all(bad not in e.value + e.reason for e in result.errors)
    assert result.errors[0].value == bad[:6] + "********" + bad[-4:]
    # the report holds the bad row with its cells marked
    import openpyxl

    sheet = openpyxl.load_workbook(tmp_path / "report.xlsx").active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert any(r[0] == 6 for r in values)
    assert any(c.comment for r in sheet.iter_rows() for c in r)


def test_valid_only_imports_the_good_households(tmp_path):
    rows = family()
    rows[3] = row(
        head_name="赵强",
        id_number=HEAD2,
        size="1",
        m_name="赵强",
        m_id_number=HEAD2,
        income_2016="-5",
    )
    result = imp(xlsx(tmp_path, rows), valid_only=True)
    assert result.written
    assert [(e.row, e.column) for e in result.errors] == [(6, "2016年人均纯收入(元)")]
    assert list(Household.objects.values_list("head_name", flat=True)) == ["王伟"]


def test_bad_household_group_is_skipped_whole_with_valid_only(tmp_path):
    rows = family()
    rows[1] = row(m_name="李芳", m_id_number=WIFE, m_relation="配偶", m_health="很好")
    result = imp(xlsx(tmp_path, rows), valid_only=True)
    assert list(Household.objects.values_list("head_name", flat=True)) == ["赵强"]
    assert [(e.row, e.column) for e in result.errors] == [(4, "健康状况")]


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"village": "130821999999"}, "村代码"),
        ({"village": "", "village_name": "不存在村"}, "村名称"),
        ({"income_2016": "-100"}, "2016年人均纯收入(元)"),
        ({"year_exited": "2010"}, "脱贫年份"),
        ({"phone": "010-12345678"}, "联系电话"),
        ({"causes": "因穷"}, "致贫原因"),
        ({"size": "三"}, "家庭人口"),
    ],
)
def test_bad_cells_are_named(tmp_path, change, where):
    rows = [row(**{"size": "1", **change})]
    result = imp(xlsx(tmp_path, rows))
    assert not result.written
    assert where in {e.column for e in result.errors}
    assert all(e.row == 3 for e in result.errors)  # title row 1, header row 2


def test_duplicate_member_within_the_file_and_member_in_two_households(tmp_path):
    rows = family()
    rows.append(
        row(
            head_name="赵强",
            id_number=HEAD2,
            size="1",
            m_name="李芳",
            m_id_number=WIFE,
            m_relation="配偶",
        )
    )
    with translation.override("zh-hans"):
        result = imp(xlsx(tmp_path, rows))
    reasons = {(e.row, e.column): e.reason for e in result.errors}
    assert (7, "成员身份证号") in reasons
    assert reasons[(7, "成员身份证号")] == "与第 4 行是同一人（该行在另一户中）"


def test_member_already_in_another_household_of_the_database(tmp_path):
    imp(xlsx(tmp_path, family()))
    other = [
        row(
            head_name="孙丽",
            id_number=make_id_number("13082119900909001"),
            size="2",
            m_name="孙丽",
            m_id_number=make_id_number("13082119900909001"),
        ),
        row(
            head_name="孙丽",
            id_number=make_id_number("13082119900909001"),
            size="2",
            m_name="王小明",
            m_id_number=SON,
            m_relation="之子",
        ),
    ]
    result = imp(xlsx(tmp_path, other, name="o.xlsx"))
    assert not result.written
    assert [(e.row, e.column) for e in result.errors] == [(4, "成员身份证号")]


def _id_ending_in_x() -> str:
    for seq in range(100, 999):
        candidate = make_id_number(f"13082119850505{seq}")
        if candidate.endswith("X"):
            return candidate
    raise AssertionError("no X check character found")


def test_tolerates_fullwidth_digits_lowercase_x_and_text_numbers(tmp_path):
    x_id = _id_ending_in_x()
    full = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in x_id[:-1]) + "x"
    rows = [row(id_number=full, m_id_number=x_id.lower(), size="１", phone="138 1234 5678")]
    result = imp(xlsx(tmp_path, rows))
    assert result.errors == []
    h = Household.objects.get()
    assert (h.id_number, h.phone, h.size) == (x_id, "13812345678", 1)


def test_csv_with_gbk_encoding(tmp_path):
    path = tmp_path / "h.csv"
    lines = [",".join(HEADERS)] + [",".join(str(v) for v in r) for r in family()]
    path.write_bytes("\n".join(lines).encode("gb18030"))
    result = imp(path)
    assert result.errors == []
    assert Household.objects.count() == 2


@pytest.mark.parametrize(
    ("content", "fragment"),
    [(b"", "empty"), (b"just some text, not a workbook", "Excel")],
)
def test_unreadable_uploads_are_refused(tmp_path, content, fragment):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(content)
    result = imp(path)
    assert not result.written
    assert fragment.lower() in result.message.lower() or result.message


def test_file_of_another_registry_is_named(tmp_path):
    from bangfu.helpers.io import C

    path = tmp_path / "helpers.xlsx"
    write_xlsx(
        path,
        title=None,
        headers=[c.header for c in C.values()],
        rows=[["某公司", make_uscc("91130821MA0A1B2C3"), "民营企业", "", "", "", 1, "", ""]],
    )
    result = imp(path)
    assert not result.written
    assert "帮扶主体" in result.message


def test_fifty_megabyte_file_is_refused_before_opening(tmp_path, settings):
    path = tmp_path / "big.csv"
    with open(path, "wb") as fh:
        fh.seek(50 * 1024 * 1024)
        fh.write(b"\n")
    result = imp(path)
    assert not result.written
    assert "MB" in result.message


def test_export_then_import_into_an_empty_registry_reproduces_it(tmp_path):
    imp(xlsx(tmp_path, family()))
    before = sorted(
        (h.head_name, h.id_number, h.phone, h.size, h.causes, h.year_registered, h.tech_help)
        for h in Household.objects.all()
    )
    members_before = sorted(
        (m.name, m.id_number, m.relation, m.education, m.status) for m in Member.objects.all()
    )
    call_command("export_data", "households", str(tmp_path / "out.xlsx"))
    call_command("export_data", "households", str(tmp_path / "out.csv"))
    Household.objects.all().delete()
    assert Member.objects.count() == 0
    call_command("import_data", "households", str(tmp_path / "out.xlsx"))
    after = sorted(
        (h.head_name, h.id_number, h.phone, h.size, h.causes, h.year_registered, h.tech_help)
        for h in Household.objects.all()
    )
    assert after == before
    assert (
        sorted(
            (m.name, m.id_number, m.relation, m.education, m.status) for m in Member.objects.all()
        )
        == members_before
    )
    Household.objects.all().delete()
    call_command("import_data", "households", str(tmp_path / "out.csv"))
    assert Household.objects.count() == 2


def test_import_command_fails_on_a_bad_file_and_writes_nothing(tmp_path, capsys):
    rows = family()
    rows[0] = row(village="130821999999")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_data", "households", str(xlsx(tmp_path, rows)))
    assert Household.objects.count() == 0
    assert "row 3, 村代码" in capsys.readouterr().err


def test_county_officer_cannot_import_into_another_county(tmp_path, officer_weichang):
    result = run_import(
        HouseholdSpec(), xlsx(tmp_path, family()), filename="h.xlsx", user=officer_weichang
    )
    assert not result.written
    assert {e.column for e in result.errors} == {"村代码"}


def test_helpers_import_and_reimport(tmp_path):
    from bangfu.helpers.io import C

    path = tmp_path / "helpers.xlsx"
    code = make_uscc("91120104MA05XYT12")
    write_xlsx(
        path,
        title="帮扶主体名单",
        headers=[c.header for c in C.values()],
        rows=[
            [
                "天津某农业集团有限公司",
                code.lower(),
                "民营企业",
                "农业",
                "冷链",
                "天津市",
                "2",
                "张三",
                "13912345678",
            ]
        ],
    )
    all_specs = specs()
    first = run_import(all_specs["helpers"], path, filename="helpers.xlsx")
    assert first.counts.created == 1
    assert Helper.objects.get(uscc=code).capacity == 2
    again = run_import(all_specs["helpers"], path, filename="helpers.xlsx")
    assert (again.counts.created, again.counts.unchanged) == (0, 1)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("income_2016", "1e30"),
        ("income_2016", "9" * 30),
        ("income_2016", "10000000000"),
        ("size", "Infinity"),
        ("size", "sNaN"),
        ("year_registered", "1e999999999"),
        ("head_name", "名" * 33),
        ("m_name", "名" * 33),
    ],
)
def test_cells_that_once_broke_the_importer_are_refused_cleanly(tmp_path, key, value):
    """Regressions found by the property test: each is a named problem, nothing is written."""
    over = {key: value}
    if key == "head_name":
        over["m_name"] = "王伟"
    result = imp(xlsx(tmp_path, [row(size="1", **over) if key != "size" else row(**over)]))
    assert not result.written
    assert {e.column for e in result.errors} == {H[key].header}
    assert Household.objects.count() == 0


def test_villages_import_upserts_and_checks_rules(tmp_path):
    from bangfu.registry.io.columns import V
    from bangfu.registry.models import VillageProfile

    headers = [c.header for c in V.values()]

    def vrow(**over):
        base = {c.key: str(c.example) for c in V.values()}
        base.update(village_name="", **over)
        return [base[c.key] for c in V.values()]

    path = tmp_path / "v.xlsx"
    write_xlsx(
        path,
        title="村情",
        headers=headers,
        rows=[vrow(), vrow(village="130821100202", is_registered_poor="否")],
    )
    spec = specs()["villages"]
    first = run_import(spec, path, filename="v.xlsx")
    assert (first.counts.created, first.errors) == (2, [])
    assert VillageProfile.objects.get(village__code="130821100201").households_poor == 56
    again = run_import(spec, path, filename="v.xlsx")
    assert (again.counts.created, again.counts.updated, again.counts.unchanged) == (0, 0, 2)
    write_xlsx(
        path,
        title="村情",
        headers=headers,
        rows=[
            vrow(households_poor="60"),
            vrow(village="130821100202", is_registered_poor="否", exited_on="2019-12-20"),
        ],
    )
    bad = run_import(spec, path, filename="v.xlsx")
    assert not bad.written
    assert [(e.row, e.column) for e in bad.errors] == [(4, "出列日期")]
    ok = run_import(spec, path, filename="v.xlsx", valid_only=True)
    assert (ok.counts.updated, ok.counts.unchanged) == (1, 0)
    assert VillageProfile.objects.get(village__code="130821100201").households_poor == 60


def test_helpers_file_with_a_repeated_code_and_a_long_name_is_refused(tmp_path):
    from bangfu.helpers.io import C

    code = make_uscc("91120104MA05XYT12")
    path = tmp_path / "helpers.xlsx"
    write_xlsx(
        path,
        title=None,
        headers=[c.header for c in C.values()],
        rows=[
            ["天津某农业集团有限公司", code, "民营企业", "", "", "", "2", "", ""],
            ["天津某农业集团分公司", code, "民营企业", "", "", "", "1", "", ""],
            ["名" * 101, make_uscc("91120104MA05XYT13"), "民营企业", "", "", "", "1", "", ""],
        ],
    )
    result = run_import(specs()["helpers"], path, filename="helpers.xlsx")
    assert not result.written
    assert [(e.row, e.column) for e in result.errors] == [(3, "统一社会信用代码"), (4, "名称")]
    assert "2" in result.errors[0].reason
    assert Helper.objects.count() == 0
