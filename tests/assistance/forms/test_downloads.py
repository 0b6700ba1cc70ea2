"""The forms as users and operators get them: periods, downloads, the command, LibreOffice."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from bangfu.accounts.models import AuditEvent
from bangfu.assistance import indicators
from bangfu.assistance.io.progress import TITLE_PROGRESS, write_progress
from bangfu.assistance.io.scope import XLSX, form_period, latest_closed
from bangfu.assistance.io.statistics import TITLE_STATISTICS, write_statistics
from bangfu.core.periods import Period

from .conftest import H2
from .reading import as_figures, body, sheets

pytestmark = pytest.mark.django_db


def test_the_default_period_is_the_latest_closed_one():
    assert form_period(None, today=dt.date(2018, 1, 5)) == Period(2017, 2)
    assert form_period("", today=dt.date(2017, 12, 21)) == Period(2017, 1)
    assert form_period("2017h2", today=dt.date(2018, 1, 5)) == Period(2017, 2)


def test_a_bad_period_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match=r"e\.g\. 2017H2"):
        form_period("2017H3")
    with pytest.raises(ValueError, match="has not begun"):
        form_period("2999H1")


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


def test_a_form_downloaded_again_is_kept_until_the_data_changes(
    data, client_for, officer_chengde, django_assert_max_num_queries
):
    """The second download computes nothing (core.caching) yet is audited like the first;
    a confirmed record changes the next one."""
    from bangfu.assistance.services.review import assistance_confirm

    client = client_for(officer_chengde)

    def total():
        response = client.get(URL.format("statistics"), {"period": "2017H2"})
        return as_figures(body(sheets(io.BytesIO(response.content))["本期（2017H2）"])[1])

    first = total()
    exports = AuditEvent.objects.filter(event="export").count()
    with django_assert_max_num_queries(12):
        assert total() == first
    assert AuditEvent.objects.filter(event="export").count() == exports + 1
    assistance_confirm(user=officer_chengde, record=data["pending"])
    assert total()["records"] == first["records"] + 1


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
