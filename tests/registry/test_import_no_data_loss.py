"""Imports never lose data (issue 12): an absent column leaves its field as stored, an empty
cell clears a stored value only after the user has seen how many and confirmed, headers are
recognised through each kind's aliases, an unrecognised header is named, and a bad row is
one problem on that row, never a cascade on its household's other rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from bangfu.accounts.models import AuditEvent
from bangfu.core.excel.cells import header_key
from bangfu.core.excel.writing import write_xlsx
from bangfu.core.identifiers.resident_id import make_id_number
from bangfu.core.identifiers.uscc import make_uscc
from bangfu.dataio.kinds import specs
from bangfu.helpers.io import C
from bangfu.helpers.models import Helper
from bangfu.registry.io.columns import V
from bangfu.registry.models import Household, Member, VillageProfile
from tests.registry.test_import import HEAD, HEAD2, HEADERS, SON, WIFE, family, imp, row

pytestmark = pytest.mark.django_db

HEAD3 = make_id_number("13082119650505321")
DAUGHTER3 = make_id_number("13082119900606322")
NEW_PHONE = "13987654321"


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def write(tmp_path: Path, headers, rows, name="h.xlsx") -> Path:
    path = tmp_path / name
    write_xlsx(path, title="承德县建档立卡贫困户花名册", headers=headers, rows=rows)
    return path


def renamed(old: str, new: str) -> list[str]:
    return [new if h == old else h for h in HEADERS]


def without(rows, *headers):
    """The rows and headers of the households template less some columns."""
    keep = [i for i, h in enumerate(HEADERS) if h not in headers]
    return [HEADERS[i] for i in keep], [[r[i] for i in keep] for r in rows]


def stored_phones() -> dict[str, str]:
    return dict(Household.objects.values_list("head_name", "phone"))


@pytest.fixture
def imported(tmp_path):
    """The family file imported: 王伟 (phone 13812345678, three members) and 赵强 (no phone)."""
    result = imp(write(tmp_path, HEADERS, family(), "first.xlsx"))
    assert (result.written, result.errors) == (True, [])
    return result


# --- an absent column, a renamed header ------------------------------------------------------


@pytest.mark.parametrize("header", ["手机号码", "手机号", "手机", "联系方式", "电话号码"])
def test_a_phone_column_headed_as_rosters_do_updates_phones(tmp_path, imported, header):
    """Regression: 手机号码 was not recognised, so every stored phone was blanked."""
    rows = [r[:] for r in family()]
    for r in rows[:3]:
        r[HEADERS.index("联系电话")] = NEW_PHONE
    result = imp(write(tmp_path, renamed("联系电话", header), rows))
    assert (result.written, result.errors, result.ignored) == (True, [], [])
    assert (result.counts.updated, result.counts.unchanged) == (1, 1)
    assert stored_phones() == {"王伟": NEW_PHONE, "赵强": ""}


def test_dropping_the_phone_column_leaves_stored_phones(tmp_path, imported):
    headers, rows = without(family(), "联系电话")
    versions = list(Household.objects.order_by("id").values_list("version", flat=True))
    result = imp(write(tmp_path, headers, rows))
    assert (result.written, result.errors, result.clears) == (True, [], {})
    assert (result.counts.updated, result.counts.unchanged) == (0, 2)
    assert stored_phones() == {"王伟": "13812345678", "赵强": ""}
    assert list(Household.objects.order_by("id").values_list("version", flat=True)) == versions
    assert result.absent == ["联系电话"]
    assert result.notes() == ["文件中没有这些列，已有数据保持不变：联系电话。"]


def test_dropping_optional_household_and_member_columns_changes_nothing(tmp_path, imported):
    """Each optional column: tech help, monitoring, causes, exit year, the member's education,
    health, labour and status; absent, they leave what is stored (and a new record gets the
    field's default)."""
    Household.objects.filter(head_name="王伟").update(monitoring="unstable", year_exited=2019)
    dropped = ("科技帮扶对象", "监测状态", "致贫原因", "脱贫年份", "文化程度", "健康状况")
    dropped += ("劳动能力", "务工或在校")
    headers, rows = without(family(), *dropped)
    more = row(head_name="孙丽", id_number=HEAD3, size="1", m_name="孙丽", m_id_number=HEAD3)
    rows.append(without([more], *dropped)[1][0])
    result = imp(write(tmp_path, headers, rows))
    assert (result.written, result.errors, result.clears) == (True, [], {})
    assert (result.counts.created, result.counts.updated, result.counts.unchanged) == (1, 0, 2)
    wang = Household.objects.get(head_name="王伟")
    assert (wang.tech_help, wang.monitoring, wang.cause_list, wang.year_exited) == (
        True,
        "unstable",
        ["illness", "skills"],
        2019,
    )
    son = Member.objects.get(name="王小明")
    assert (son.education, son.labour, son.status) == ("primary", "na", "school")
    sun = Household.objects.get(head_name="孙丽")
    assert (sun.tech_help, sun.monitoring, sun.causes) == (False, "none", "")
    assert Member.objects.get(name="孙丽").status == "home"


# --- an empty cell clears, only on confirmation --------------------------------------------------


def test_an_empty_phone_cell_clears_only_after_confirmation(tmp_path, imported):
    rows = [r[:] for r in family()]
    for r in rows[:3]:
        r[HEADERS.index("联系电话")] = ""
    path = write(tmp_path, HEADERS, rows)
    versions = list(Household.objects.order_by("id").values_list("version", flat=True))
    audit_rows = AuditEvent.objects.count()

    asked = imp(path)
    assert (asked.written, asked.needs_confirmation, asked.clears) == (False, True, {"联系电话": 1})
    assert asked.message.startswith("尚未写入任何数据：文件中的空白单元格将清空 1 个已有手机号。")
    assert stored_phones() == {"王伟": "13812345678", "赵强": ""}
    assert list(Household.objects.order_by("id").values_list("version", flat=True)) == versions
    assert AuditEvent.objects.count() == audit_rows

    other = imp(path, allow_clear={"联系电话": 2})  # not what the file clears: asked again
    assert (other.written, other.needs_confirmation) == (False, True)
    assert stored_phones()["王伟"] == "13812345678"

    done = imp(path, allow_clear=asked.clears)
    assert (done.written, done.counts.updated, done.counts.unchanged) == (True, 1, 1)
    assert stored_phones() == {"王伟": "", "赵强": ""}
    assert "已清空 1 个已有手机号（文件中为空白单元格）。" in done.notes()
    event = AuditEvent.objects.filter(event="import").latest("id")
    assert event.detail.endswith("cleared=联系电话:1")


def test_empty_member_and_household_cells_are_counted_per_record(tmp_path, imported):
    Household.objects.filter(head_name="王伟").update(monitoring="unstable")
    rows = [r[:] for r in family()]
    for r in rows[:3]:
        r[HEADERS.index("监测状态")] = ""  # the household's: counted once, not per member
        r[HEADERS.index("健康状况")] = ""  # stored 健康 for all three members
    rows[3][HEADERS.index("健康状况")] = ""  # 赵强's too
    result = imp(write(tmp_path, HEADERS, rows))
    assert result.clears == {"监测状态": 1, "健康状况": 4}
    assert Member.objects.filter(health="healthy").count() == 4


def test_the_command_stops_unless_allowed_to_clear(tmp_path, imported, capsys):
    rows = [r[:] for r in family()]
    for r in rows[:3]:
        r[HEADERS.index("联系电话")] = ""
    path = write(tmp_path, [*HEADERS, "备注"], [[*r, "x"] for r in rows])
    with pytest.raises(CommandError, match="--allow-clear"):
        call_command("import_data", "households", str(path))
    assert stored_phones()["王伟"] == "13812345678"
    err = capsys.readouterr().err
    assert "忽略了列：备注（未识别）。" in err
    assert "文件中的空白单元格将清空 1 个已有手机号。" in err
    call_command("import_data", "households", str(path), "--allow-clear")
    assert stored_phones()["王伟"] == ""


# --- aliases, unrecognised headers ---------------------------------------------------------


def test_households_aliases_of_id_numbers_head_name_and_phone(tmp_path):
    aliases = {
        "户主姓名": "户主",
        "户主身份证号": "户主身份证号码",
        "联系电话": "手机号码",
        "成员姓名": "姓名",
        "成员身份证号": "公民身份号码",
        "家庭人口": "家庭人口数",
        "2016年人均纯收入(元)": "2016年人均纯收入（元）",
    }
    headers = [aliases.get(h, h) for h in HEADERS]
    headers[HEADERS.index("纳入年份")] = "*纳入年份（必填）"
    result = imp(write(tmp_path, headers, family()))
    assert (result.written, result.errors, result.ignored) == (True, [], [])
    assert result.counts.created == 2
    wang = Household.objects.get(head_name="王伟")
    assert (wang.id_number, wang.phone, wang.size) == (HEAD, "13812345678", 3)
    assert sorted(Member.objects.values_list("id_number", flat=True)) == sorted(
        [HEAD, WIFE, SON, HEAD2]
    )
    assert str(wang.incomes.get(year=2016).per_capita) == "2800.00"


@pytest.mark.parametrize("alias", ["身份证号码", "证件号码", "身份证号"])
def test_a_bare_id_number_header_is_the_members(tmp_path, alias):
    result = imp(write(tmp_path, renamed("成员身份证号", alias), family()))
    assert (result.written, result.errors) == (True, [])
    assert Member.objects.count() == 4


def test_an_unknown_column_is_named_and_nothing_is_cleared(tmp_path, imported):
    headers = [*renamed("联系电话", "手机号吗"), "备注"]
    rows = [[*r, "说明"] for r in family()]
    result = imp(write(tmp_path, headers, rows))
    assert result.ignored == ["手机号吗", "备注"]
    assert result.notes()[0] == "忽略了列：手机号吗、备注（未识别）。"
    assert stored_phones()["王伟"] == "13812345678"  # its column is absent: left as stored


def test_a_header_and_its_alias_together_are_refused_naming_both(tmp_path):
    headers = [*HEADERS, "手机号码"]
    result = imp(write(tmp_path, headers, [[*r, "13812345678"] for r in family()]))
    assert not result.written
    assert result.message == "表头“联系电话”和“手机号码”都是“联系电话”列，请只保留其中一列。"
    assert Household.objects.count() == 0


@pytest.mark.parametrize("kind", ["households", "villages", "helpers", "assistance"])
def test_each_kind_has_aliases_and_none_names_two_columns(kind):
    spec = specs()[kind]
    owner: dict[str, str] = {}
    for column in spec.columns:
        for name in (column.header, *column.accepted()):
            key = header_key(name)
            assert owner.setdefault(key, column.header) == column.header, name
    assert sum(len(c.aliases) for c in spec.columns) >= 8


def test_the_template_notes_sheet_lists_each_columns_aliases(client_for, officer_chengde):
    import io

    import openpyxl

    resp = client_for(officer_chengde).get("/data/templates/households/")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(resp.streaming_content)))
    notes = [r[0].value for r in book.worksheets[1].iter_rows() if r[0].value]
    phone = next(n for n in notes if n.startswith("联系电话："))
    assert phone == (
        "联系电话：选填；手机号码；也可写作：手机号、手机号码、手机、联系方式、电话、电话号码、"
        "户主手机号、户主电话"
    )
    assert "户主姓名：必填；也可写作：户主、户主名称" in notes
    assert (
        "2016年人均纯收入(元)：选填；元，保留两位小数；留空不改动已有数据；也可写作："
        in (next(n for n in notes if n.startswith("2016年"))[:42])
    )
    assert any(n.startswith("文件中没有的选填列，已有记录的该项保持不变。") for n in notes)


# --- one bad row, one problem -------------------------------------------------------------------


def test_three_bad_rows_are_three_problems_without_knock_on_errors(tmp_path):
    """One bad row in each of three households; before, the household whose head's number
    was mistyped on one row also got "0 heads" and size-mismatch errors on its other rows."""
    bad_head = HEAD[:-1] + ("0" if HEAD[-1] != "0" else "1")
    bad_head3 = HEAD3[:-1] + ("0" if HEAD3[-1] != "0" else "1")
    rows = family()  # rows 3-5: 王伟's household, row 6: 赵强's
    rows[1] = row(id_number=bad_head, m_name="李芳", m_id_number=WIFE, m_relation="配偶")
    rows[3] = row(head_name="赵强", id_number=HEAD2, size="1", m_name="赵强", m_id_number=HEAD2)
    rows[3][HEADERS.index("健康状况")] = "很好"
    rows += [
        row(head_name="孙丽", id_number=bad_head3, size="2", m_name="孙丽", m_id_number=HEAD3),
        row(
            head_name="孙丽",
            id_number=HEAD3,
            size="2",
            m_name="孙小红",
            m_id_number=DAUGHTER3,
            m_relation="之女",
        ),
    ]
    result = imp(write(tmp_path, HEADERS, rows), valid_only=False)
    assert not result.written
    masked, masked3 = (
        bad_head[:6] + "********" + bad_head[-4:],
        bad_head3[:6] + "********" + bad_head3[-4:],
    )
    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (4, "户主身份证号", f"户主身份证号：“{masked}”不是有效的身份证号：校验码应为 {HEAD[-1]}。"),
        (6, "健康状况", "无法识别的值，请填写以下之一：健康、长期慢性病、患有大病、残疾"),
        (
            7,
            "户主身份证号",
            f"户主身份证号：“{masked3}”不是有效的身份证号：校验码应为 {HEAD3[-1]}。",
        ),
    ]
    assert Household.objects.count() == 0


def test_a_duplicated_id_number_names_the_first_row(tmp_path):
    rows = family()
    rows[2] = row(m_name="王小明", m_id_number=WIFE, m_relation="之子")  # the wife's number
    rows.insert(3, row(m_name="王小红", m_id_number=WIFE, m_relation="之女", size="3"))
    result = imp(write(tmp_path, HEADERS, rows))
    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (5, "成员身份证号", "与第 4 行是同一人"),
        (6, "成员身份证号", "与第 4 行是同一人"),
    ]


def test_two_households_given_one_heads_number_is_one_problem(tmp_path):
    """赵强's household typed with 王伟's number: one problem on its row, not one per column
    that differs plus a head count and a size mismatch."""
    rows = family()
    rows[3] = row(head_name="赵强", id_number=HEAD, size="1", m_name="赵强", m_id_number=HEAD)
    result = imp(write(tmp_path, HEADERS, rows))
    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (6, "户主身份证号", "与第 3 行（户主王伟）的户主身份证号相同，但户主姓名不同")
    ]


# --- villages and helpers -------------------------------------------------------------------


def _village_rows(**over):
    base = {c.key: str(c.example) for c in V.values()}
    base.update(village_name="", **over)
    return [[base[c.key] for c in V.values()]]


def test_villages_absent_columns_stay_and_empty_cells_ask_first(tmp_path):
    headers = [c.header for c in V.values()]
    path = tmp_path / "v.xlsx"
    write_xlsx(path, title=None, headers=headers, rows=_village_rows())
    assert imp_kind("villages", path).counts.created == 1
    keep = [i for i, h in enumerate(headers) if h not in {"总户数", "耕地面积(亩)"}]
    rows = [[r[i] for i in keep] for r in _village_rows(households_poor="60")]
    write_xlsx(path, title=None, headers=[headers[i] for i in keep], rows=rows)
    result = imp_kind("villages", path)
    assert (result.written, result.counts.updated, result.clears) == (True, 1, {})
    profile = VillageProfile.objects.get()
    assert (profile.households_total, profile.households_poor, str(profile.arable_mu)) == (
        320,
        60,
        "2300.00",
    )
    # the poor still may not outnumber the stored total, although the file lacks it
    rows = [[r[i] for i in keep] for r in _village_rows(households_poor="400")]
    write_xlsx(path, title=None, headers=[headers[i] for i in keep], rows=rows)
    bad = imp_kind("villages", path)
    assert [(e.row, e.column) for e in bad.errors] == [(2, "贫困户数")]
    # an empty cell clears: counted, asked first
    write_xlsx(
        path, title=None, headers=headers, rows=_village_rows(main_industries="", labour_force="")
    )
    asked = imp_kind("villages", path)
    assert (asked.written, asked.errors, asked.clears) == (False, [], {"劳动力": 1, "主导产业": 1})
    assert VillageProfile.objects.get().labour_force == 520


def imp_kind(kind, path, **kw):
    from bangfu.core.imports.engine import run_import

    return run_import(specs()[kind], path, filename=Path(path).name, **kw)


def test_helpers_aliases_absent_columns_and_duplicates_naming_the_first_row(tmp_path):
    code = make_uscc("91120104MA05XYT12")
    Helper.objects.create(
        name="天津某农业集团有限公司",
        uscc=code,
        kind="private",
        capacity=4,
        liaison_name="张三",
        liaison_phone="13912345678",
    )
    path = tmp_path / "helpers.xlsx"
    write_xlsx(
        path,
        title=None,
        headers=["企业名称", "社会信用代码", "单位类型", "联系人", "联系电话", "帮扶优势"],
        rows=[["天津某农业集团有限公司", code, "民营企业", "李四", "13912345670", "冷链"]],
    )
    result = imp_kind("helpers", path)
    assert (result.written, result.errors, result.ignored) == (True, [], [])
    helper = Helper.objects.get()
    assert (helper.capacity, helper.liaison_name, helper.liaison_phone, helper.strengths) == (
        4,
        "李四",
        "13912345670",
        "冷链",
    )
    assert "计划帮扶村数" in result.absent
    other = make_uscc("91120104MA05XYT13")
    write_xlsx(
        path,
        title=None,
        headers=[c.header for c in C.values()],
        rows=[
            ["甲公司", other, "民营企业", "", "", "", "2", "", ""],
            ["乙公司", other, "民营企业", "", "", "", "1", "", ""],
            ["丙公司", other, "民营企业", "", "", "", "1", "", ""],
        ],
    )
    dup = imp_kind("helpers", path)
    assert [(e.row, e.reason) for e in dup.errors] == [
        (3, "统一社会信用代码重复（与第 2 行相同）"),
        (4, "统一社会信用代码重复（与第 2 行相同）"),
    ]


def test_a_household_whose_member_or_income_changes_is_counted_as_updated(tmp_path, imported):
    """Counts are exact: before, a changed member or income left its household "unchanged"."""
    rows = [r[:] for r in family()]
    rows[2][HEADERS.index("文化程度")] = "初中"  # the son: 小学 -> 初中
    rows[3][HEADERS.index("2016年人均纯收入(元)")] = "3100"  # 赵强: 2800 -> 3100
    result = imp(write(tmp_path, HEADERS, rows))
    assert (result.counts.created, result.counts.updated, result.counts.unchanged) == (0, 2, 0)
    assert Member.objects.get(name="王小明").education == "junior"
    again = imp(write(tmp_path, HEADERS, rows, "again.xlsx"))
    assert (again.counts.updated, again.counts.unchanged) == (0, 2)
