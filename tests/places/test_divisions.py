from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from bangfu.accounts.models import AuditEvent
from bangfu.places.models import Division
from bangfu.places.services import DEFAULT_DIVISIONS_FILE, pinyin_initials

pytestmark = pytest.mark.django_db


def counts():
    return {
        lvl: Division.objects.filter(level=lvl).count()
        for lvl in ("city", "county", "township", "village")
    }


def test_load_divisions_loads_the_real_list_and_is_idempotent(capsys):
    """Two runs leave 1 city, 5 counties, 126 townships, 1,638 villages."""
    call_command("load_divisions")
    call_command("load_divisions")
    assert counts() == {"city": 1, "county": 5, "township": 126, "village": 1638}
    out = capsys.readouterr().out.strip().splitlines()
    assert (
        out[-1]
        == "divisions: 5 counties, 126 townships, 1638 villages (0 created, 0 updated, 1770 unchanged)"
    )


def test_every_division_points_at_its_county_and_parent():
    village = Division.objects.select_related("parent", "county").get(code="130821100201")
    assert village.level == "village"
    assert village.parent.code == "130821100"
    assert village.county.code == "130821"
    assert Division.objects.get(code="130821").county_id == Division.objects.get(code="130821").pk
    assert not Division.objects.exclude(level="city").filter(county__isnull=True).exists()


def test_pinyin_initials():
    assert pinyin_initials("下板城镇") == "xbcz"
    assert Division.objects.get(code="130821100").initials == "xbcz"


def test_search_by_initials_name_and_code():
    assert "下板城镇" in [d.name for d in Division.objects.search("xbc")]
    assert next(d.code for d in Division.objects.search("下板城")) == "130821100"
    assert set(Division.objects.search("130821100").values_list("level", flat=True)) == {
        "township",
        "village",
    }
    assert not Division.objects.search("").exists()


def _broken_copy(tmp_path: Path, line_no: int, replacement: str) -> Path:
    lines = DEFAULT_DIVISIONS_FILE.read_text(encoding="utf-8").splitlines()
    lines[line_no - 1] = replacement
    path = tmp_path / "broken.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_broken_row_loads_nothing_and_is_named(tmp_path, django_db_blocker):
    """A file with one bad row is refused whole; the row, column and value are named."""
    Division.objects.filter(level="village", code__startswith="130881").delete()
    before = counts()
    # a village row with an 11-digit code, and a village whose parent is missing
    bad = _broken_copy(tmp_path, 200, "village,13082110020,坏村,130821100")
    with pytest.raises(CommandError) as exc:
        call_command("load_divisions", str(bad))
    assert "nothing was loaded" in str(exc.value)
    assert counts() == before


def test_broken_row_error_lists_row_column_value(tmp_path):
    from bangfu.places.services import DivisionFileError, divisions_load

    bad = _broken_copy(tmp_path, 300, "village,130821999001,无主村,130821999")
    with pytest.raises(DivisionFileError) as exc:
        divisions_load(path=bad)
    (err,) = exc.value.errors
    assert (err.row, err.column, err.value) == (300, "parent_code", "130821999")


def test_unknown_level_and_duplicate_code_are_reported(tmp_path):
    from bangfu.places.services import DivisionFileError, divisions_load

    path = tmp_path / "x.csv"
    path.write_text(
        "level,code,name,parent_code\nprovince,13,河北省,\ncity,1308,承德市,13\ncity,1308,承德市,13\n",
        encoding="utf-8",
    )
    with translation.override("zh-hans"), pytest.raises(DivisionFileError) as exc:
        divisions_load(path=path)
    assert [(e.row, e.column) for e in exc.value.errors] == [(2, "level"), (4, "code")]
    assert exc.value.errors[1].reason == "与第 3 行代码相同"


def test_a_code_three_times_names_the_first_row_each_time(tmp_path):
    from bangfu.places.services import DivisionFileError, divisions_load

    path = tmp_path / "x.csv"
    path.write_text("level,code,name,parent_code\n" + "city,1308,承德市,13\n" * 3, encoding="utf-8")
    with translation.override("zh-hans"), pytest.raises(DivisionFileError) as exc:
        divisions_load(path=path)
    assert [(e.row, e.reason) for e in exc.value.errors] == [
        (3, "与第 2 行代码相同"),
        (4, "与第 2 行代码相同"),
    ]


def test_a_refused_row_is_one_problem_its_children_are_not_blamed(tmp_path):
    """A township with an unknown level: before, each of its villages was also refused as
    having an unknown parent."""
    from bangfu.places.services import DivisionFileError, divisions_load

    path = tmp_path / "x.csv"
    path.write_text(
        "level,code,name,parent_code\n"
        "town,130821999,新镇,130821\n"
        "village,130821999001,一村,130821999\n"
        "village,130821999002,二村,130821999\n",
        encoding="utf-8",
    )
    with pytest.raises(DivisionFileError) as exc:
        divisions_load(path=path)
    assert [(e.row, e.column) for e in exc.value.errors] == [(2, "level")]


def test_chinese_headers_are_recognised_and_unknown_ones_named(tmp_path, capsys):
    path = tmp_path / "x.csv"
    path.write_text(
        "级别,统计用区划代码,名称,上级代码,城乡分类代码\ncity,1308,承德市,13,\n",
        encoding="utf-8",
    )
    with translation.override("zh-hans"):
        call_command("load_divisions", str(path))
    assert "忽略了列：城乡分类代码（未识别）。" in capsys.readouterr().err


def test_load_divisions_missing_file():
    with pytest.raises(CommandError, match="No such file"):
        call_command("load_divisions", "/nonexistent/file.csv")


def test_renamed_village_is_updated_and_audited(tmp_path):
    bad = _broken_copy(tmp_path, 200, "")
    lines = DEFAULT_DIVISIONS_FILE.read_text(encoding="utf-8").splitlines()
    row = lines[199].split(",")
    row[2] = row[2] + "新"
    lines[199] = ",".join(row)
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    call_command("load_divisions", str(bad))
    obj = Division.objects.get(code=row[1])
    assert obj.name == row[2]
    assert obj.version == 2
    ev = AuditEvent.objects.filter(event="update", object_id=row[1]).get()
    assert ev.changes["name"][1] == row[2]
