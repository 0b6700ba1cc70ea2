"""The import pages: upload, see every bad row named, download the marked rows, import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bangfu.core.excel.writing import write_xlsx
from bangfu.core.models import ImportJob
from bangfu.dataio import services
from bangfu.registry.models import Household
from tests.registry.test_import import HEADERS, family, row

pytestmark = pytest.mark.django_db


def upload(tmp_path, rows, name="花名册.xlsx"):
    path = tmp_path / name
    write_xlsx(path, title="花名册", headers=HEADERS, rows=rows)
    return SimpleUploadedFile(name, path.read_bytes())


def test_bad_file_is_rejected_with_rows_named_and_a_marked_report(
    tmp_path, client_for, officer_chengde
):
    rows = family()
    rows[1] = row(m_name="李芳", m_id_number="130821198202021240", m_relation="配偶")
    c = client_for(officer_chengde)
    resp = c.post("/data/import/households/", {"file": upload(tmp_path, rows)})
    assert resp.status_code == 302
    page = c.get(resp["Location"])
    body = page.content.decode()
    assert 'data-status="rejected"' in body
    assert "成员身份证号" in body
    assert ">4<" in body
    assert Household.objects.count() == 0
    job = ImportJob.objects.get()
    report = c.get(f"/data/imports/{job.public_id}/report/")
    assert report.status_code == 200
    assert b"".join(report.streaming_content).startswith(b"PK")


def test_clean_file_imports_and_the_upload_is_removed(tmp_path, client_for, officer_chengde):
    from pathlib import Path

    c = client_for(officer_chengde)
    resp = c.post("/data/import/households/", {"file": upload(tmp_path, family())})
    job = ImportJob.objects.get()
    assert job.status == "done"
    assert job.counts["created"] == 2
    assert not Path(job.stored_path).exists()
    assert "2" in c.get(resp["Location"]).content.decode()
    assert Household.objects.count() == 2


def test_large_upload_goes_to_the_background_worker(
    tmp_path, client_for, officer_chengde, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "SYNC_IMPORT_MAX_BYTES", 10)
    c = client_for(officer_chengde)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        resp = c.post("/data/import/households/", {"file": upload(tmp_path, family())})
    assert len(callbacks) == 1  # the task was enqueued after commit (run at once in tests)
    job = ImportJob.objects.get()
    assert job.status == "done"
    partial = c.get(resp["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial
    assert 'value="100"' in partial


def test_text_file_named_xlsx_is_refused_and_nothing_written(client_for, officer_chengde):
    c = client_for(officer_chengde)
    c.post("/data/import/households/", {"file": SimpleUploadedFile("h.xlsx", b"name,id\\n1,2\\n")})
    job = ImportJob.objects.get()
    assert job.status == "rejected"
    assert "Excel" in job.message or "表" in job.message
    assert Household.objects.count() == 0


def test_someone_elses_job_is_404(tmp_path, client_for, officer_chengde, city_officer):
    client_for(officer_chengde).post(
        "/data/import/households/", {"file": upload(tmp_path, family())}
    )
    job = ImportJob.objects.get()
    assert client_for(city_officer).get(f"/data/imports/{job.public_id}/").status_code == 404


def test_template_download_has_the_headers(client_for, officer_chengde):
    import io

    import openpyxl

    resp = client_for(officer_chengde).get("/data/templates/households/")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(resp.streaming_content)))
    cells = [c.value for row in book.worksheets[0].iter_rows(max_row=3) for c in row if c.value]
    assert "*户主身份证号" in cells or "户主身份证号" in cells


def _clearing_upload(tmp_path):
    """The family again with 王伟's phone cells emptied: it clears one stored phone."""
    rows = [r[:] for r in family()]
    for r in rows[:3]:
        r[HEADERS.index("联系电话")] = ""
    return upload(tmp_path, rows, name="清空.xlsx")


def test_a_file_that_clears_values_waits_for_confirmation_then_imports(
    tmp_path, client_for, officer_chengde
):
    from pathlib import Path

    c = client_for(officer_chengde)
    c.post("/data/import/households/", {"file": upload(tmp_path, family())})
    resp = c.post("/data/import/households/", {"file": _clearing_upload(tmp_path)})
    job = ImportJob.objects.get(filename="清空.xlsx")
    assert (job.status, job.clears) == ("confirm", {"联系电话": 1})
    assert Path(job.stored_path).exists()  # kept for the confirmation
    body = c.get(resp["Location"]).content.decode()
    assert "尚未写入任何数据：文件中的空白单元格将清空 1 个已有手机号。" in body
    assert f'action="/data/imports/{job.public_id}/confirm/"' in body
    assert Household.objects.get(head_name="王伟").phone == "13812345678"

    done = c.post(f"/data/imports/{job.public_id}/confirm/")
    assert done["Location"] == f"/data/imports/{job.public_id}/"
    job.refresh_from_db()
    assert (job.status, job.counts["updated"]) == ("done", 1)
    assert job.notes == ["已清空 1 个已有手机号（文件中为空白单元格）。"]
    assert Household.objects.get(head_name="王伟").phone == ""
    assert not Path(job.stored_path).exists()
    # confirming again does nothing
    c.post(f"/data/imports/{job.public_id}/confirm/")
    job.refresh_from_db()
    assert job.status == "done"


def test_cancelling_imports_nothing_and_removes_the_upload(tmp_path, client_for, officer_chengde):
    from pathlib import Path

    c = client_for(officer_chengde)
    c.post("/data/import/households/", {"file": upload(tmp_path, family())})
    c.post("/data/import/households/", {"file": _clearing_upload(tmp_path)})
    job = ImportJob.objects.get(filename="清空.xlsx")
    c.post(f"/data/imports/{job.public_id}/cancel/")
    job.refresh_from_db()
    assert (job.status, job.message) == ("rejected", "已取消，未导入任何数据。")
    assert not Path(job.stored_path).exists()
    assert Household.objects.get(head_name="王伟").phone == "13812345678"


def test_a_background_import_also_waits_and_is_confirmed_in_the_background(
    tmp_path, client_for, officer_chengde, monkeypatch, django_capture_on_commit_callbacks
):
    c = client_for(officer_chengde)
    c.post("/data/import/households/", {"file": upload(tmp_path, family())})
    monkeypatch.setattr(services, "SYNC_IMPORT_MAX_BYTES", 10)
    with django_capture_on_commit_callbacks(execute=True):
        c.post("/data/import/households/", {"file": _clearing_upload(tmp_path)})
    job = ImportJob.objects.get(filename="清空.xlsx")
    assert job.status == "confirm"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        c.post(f"/data/imports/{job.public_id}/confirm/")
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.status == "done"
    assert Household.objects.get(head_name="王伟").phone == ""


def test_ignored_columns_are_named_on_the_job_page(tmp_path, client_for, officer_chengde):
    path = tmp_path / "h.xlsx"
    write_xlsx(path, title=None, headers=[*HEADERS, "备注"], rows=[[*r, "x"] for r in family()])
    c = client_for(officer_chengde)
    resp = c.post(
        "/data/import/households/", {"file": SimpleUploadedFile("h.xlsx", path.read_bytes())}
    )
    assert "忽略了列：备注（未识别）。" in c.get(resp["Location"]).content.decode()
    assert ImportJob.objects.get().status == "done"
