"""`bangfu export_data pairings FILE.xlsx [--county CODE]`: attachment 5 from the command line."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from bangfu.pairing.models import Pairing

from .conftest import make_active

pytestmark = pytest.mark.django_db


def data_rows(path):
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "序号")
    return [r for r in rows[start + 1 :] if isinstance(r[0], int)]  # not the signature line


def test_one_row_per_active_pairing_by_county(
    programme,
    poor_villages,
    weichang_village,
    helpers,
    officer_chengde,
    officer_weichang,
    tmp_path,
    capsys,
):
    make_active(officer_chengde, helpers[0], poor_villages[0], "养殖")
    make_active(officer_chengde, helpers[1], poor_villages[0], "电商")
    make_active(officer_weichang, helpers[2], weichang_village, "旅游")
    call_command("export_data", "pairings", str(tmp_path / "all.xlsx"))
    assert "pairings: 3 rows" in capsys.readouterr().out
    rows = data_rows(tmp_path / "all.xlsx")
    assert len(rows) == Pairing.objects.filter(status="active").count() == 3
    assert [r[0] for r in rows] == [1, 2, 3]
    call_command("export_data", "pairings", str(tmp_path / "cd.xlsx"), "--county", "130821")
    rows = data_rows(tmp_path / "cd.xlsx")
    assert {r[1] for r in rows} == {"承德县"}
    assert len(rows) == 2
    title = load_workbook(tmp_path / "cd.xlsx").active["A2"].value
    assert "承德县扶贫办" in title


def test_bad_arguments_are_refused(db, tmp_path):
    with pytest.raises(CommandError, match="999999"):
        call_command("export_data", "pairings", str(tmp_path / "x.xlsx"), "--county", "999999")
    with pytest.raises(CommandError, match=r"\.xlsx"):
        call_command("export_data", "pairings", str(tmp_path / "x.csv"))
