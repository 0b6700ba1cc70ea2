"""Training API (masked, scoped, in the schema) and the roster import (all or nothing, Chinese
errors, idempotent)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bangfu.core.excel.writing import write_xlsx
from bangfu.training.models import Trainee

from .conftest import OTHER, POOR_HEAD, TRAINED_ON, add

pytestmark = pytest.mark.django_db

HEADERS = ["姓名", "身份证号", "乡镇", "村", "证书编号"]


def _xlsx(tmp_path, rows, headers=HEADERS):
    path = tmp_path / "roster.xlsx"
    write_xlsx(path, title=None, headers=headers, rows=rows)
    return SimpleUploadedFile("花名册.xlsx", path.read_bytes())


def _rows(session, people):
    v = session.village
    return [[name, number, v.parent.name, v.name, cert] for name, number, cert in people]


def _upload(client, session, file, **extra):
    return client.post(
        f"/training/sessions/{session.pk}/import/",
        {"file": file, **extra},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )


def test_import_a_roster_twice_changes_nothing_the_second_time(
    session, record, household, officer_chengde, client_for, tmp_path
):
    client = client_for(officer_chengde)
    people = [("王伟", POOR_HEAD, "ZS-1"), ("张三", OTHER[1], ""), ("李四", OTHER[2], "ZS-3")]
    response = _upload(client, session, _xlsx(tmp_path, _rows(session, people)))
    assert response.status_code == 302
    assert Trainee.objects.filter(session=session).count() == 3
    record.refresh_from_db()
    assert (record.persons_trained, record.poor_trained) == (3, 1)
    version = record.version
    response = _upload(client, session, _xlsx(tmp_path, _rows(session, people)))
    assert response.status_code == 302
    assert Trainee.objects.filter(session=session).count() == 3
    record.refresh_from_db()
    assert record.version == version  # nothing changed, nothing written


def test_a_file_with_a_bad_row_imports_nothing_and_says_why_in_chinese(
    session, officer_chengde, client_for, tmp_path
):
    client = client_for(officer_chengde)
    rows = _rows(session, [("张三", OTHER[1], ""), ("李四", "130821199003011234", "")])
    rows.append(["王五", OTHER[3], "", "没有这个村", ""])
    rows.append(["张三", OTHER[1], "", session.village.name, ""])
    response = _upload(client, session, _xlsx(tmp_path, rows))
    assert response.status_code == 400
    page = response.content.decode()
    assert "发现 3 处问题，未导入任何数据" in page
    assert "校验码" in page
    assert "没有此名称或代码的村" in page
    assert "与第 2 行为同一人" in page
    assert not Trainee.objects.exists()


def test_an_import_does_not_clear_certificates_without_confirmation(
    session, officer_chengde, client_for, tmp_path
):
    add(officer_chengde, session, OTHER[1], name="张三", certificate_no="ZS-1")
    client = client_for(officer_chengde)
    file = _xlsx(tmp_path, _rows(session, [("张三", OTHER[1], "")]))
    assert _upload(client, session, file).status_code == 400
    assert Trainee.objects.get().certificate_no == "ZS-1"
    file = _xlsx(tmp_path, _rows(session, [("张三", OTHER[1], "")]))
    assert _upload(client, session, file, allow_clear="on").status_code == 302
    assert Trainee.objects.get().certificate_no == ""


def test_the_template_downloads(officer_chengde, client_for):
    response = client_for(officer_chengde).get("/training/roster-template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


# --------------------------------------------------------------------------- API


def test_api_lists_masked_trainees_in_scope(
    session, household, officer_chengde, officer_weichang, helper_liaison, client_for
):
    add(officer_chengde, session, POOR_HEAD, name="王伟")
    data = client_for(officer_chengde).get("/api/v1/trainees/").json()
    assert data["count"] == 1
    row = data["results"][0]
    assert row["id_number"] == POOR_HEAD[:6] + "********" + POOR_HEAD[-4:]
    assert row["poor_household"] is True
    assert (
        client_for(helper_liaison).get("/api/v1/trainees/").json()["results"][0]["poor_household"]
        is None
    )
    assert client_for(officer_weichang).get("/api/v1/trainees/").json()["count"] == 0


def test_api_records_a_session_and_a_trainee_and_the_record_follows(
    record, officer_chengde, client_for
):
    client = client_for(officer_chengde)
    response = client.post(
        "/api/v1/training-sessions/",
        {
            "course": "食用菌栽培",
            "starts_on": TRAINED_ON.isoformat(),
            "ends_on": TRAINED_ON.isoformat(),
            "place": "村委会",
            "village": record.village.code,
            "organiser": "helper",
            "helper": record.helper.uscc,
            "assistance": record.number,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    session_id = response.json()["id"]
    response = client.post(
        "/api/v1/trainees/",
        {
            "session": session_id,
            "name": "周九",
            "id_number": OTHER[6],
            "village": record.village.code,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    record.refresh_from_db()
    assert record.persons_trained == 1
    trainee = response.json()["id"]
    assert client.delete(f"/api/v1/trainees/{trainee}/").status_code == 204
    record.refresh_from_db()
    assert record.persons_trained == 0


def test_api_refuses_bad_input_with_a_reason(session, officer_chengde, client_for):
    response = client_for(officer_chengde).post(
        "/api/v1/trainees/",
        {
            "session": session.pk,
            "name": "周九",
            "id_number": "123",
            "village": session.village.code,
        },
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400
    assert "身份证" in response.content.decode()
    assert not Trainee.objects.exists()


def test_the_endpoints_are_in_the_openapi_schema(officer_chengde, client_for):
    schema = client_for(officer_chengde).get("/api/schema/?format=json").json()
    assert "/api/v1/training-sessions/" in schema["paths"]
    assert "/api/v1/trainees/{id}/" in schema["paths"]


def test_the_assistance_import_keeps_a_roster_fed_figure(
    session, record, officer_chengde, tmp_path
):
    from bangfu.assistance.imports.columns import A
    from bangfu.assistance.imports.spec import AssistanceSpec
    from bangfu.assistance.models import Assistance
    from bangfu.core.imports.engine import run_import

    add(officer_chengde, session, OTHER[7])
    draft = Assistance.objects.get(pk=record.pk)
    draft.status = "draft"
    draft.save(update_fields=["status"])
    values = {c.key: "" for c in A.values()}
    values.update(
        number=record.number,
        on=record.on.isoformat(),
        helper=record.helper.uscc,
        village=record.village.code,
        pairing=record.pairing.number,
        pathway="科技帮扶",
        kind="技能培训",
        description=record.description,
        persons_trained="50",
        poor_trained="0",
    )
    path = tmp_path / "records.xlsx"
    write_xlsx(
        path,
        title=None,
        headers=[c.header for c in A.values()],
        rows=[[values[c.key] for c in A.values()]],
    )
    result = run_import(AssistanceSpec(), path, filename="records.xlsx", user=officer_chengde)
    assert not result.written
    assert any("由培训花名册统计（1 人）" in e.reason for e in result.errors)
    record.refresh_from_db()
    assert record.persons_trained == 1


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/api/v1/training-sessions/", {"course": "x" * 200, "starts_on": "2017-13-01"}),
        (
            "post",
            "/api/v1/training-sessions/",
            {
                "course": "课",
                "starts_on": "2017-07-01",
                "ends_on": "2017-07-01",
                "place": "村",
                "village": "999999999999",
            },
        ),
        ("patch", "/api/v1/training-sessions/{session}/", {"organiser": "helper", "helper": ""}),
        ("patch", "/api/v1/training-sessions/{session}/", {"assistance": "nonsense"}),
        ("patch", "/api/v1/training-sessions/{session}/", {"township": "130828100"}),
        (
            "post",
            "/api/v1/trainees/",
            {"session": 2**40, "name": "a", "id_number": "1", "village": "1"},
        ),
        (
            "post",
            "/api/v1/trainees/",
            {"session": "{session}", "name": "", "id_number": "", "village": ""},
        ),
        ("patch", "/api/v1/trainees/{trainee}/", {"name": ""}),
        ("get", "/api/v1/trainees/?year=abc&session=-1", None),
    ],
)
def test_api_answers_bad_input_with_400_not_a_server_error(
    method, path, body, session, officer_chengde, client_for
):
    trainee = add(officer_chengde, session, OTHER[8])
    path = path.format(session=session.pk, trainee=trainee.pk)
    if body is not None:
        body = {
            k: (v.format(session=session.pk) if isinstance(v, str) else v) for k, v in body.items()
        }
    client = client_for(officer_chengde)
    if method == "get":
        response = client.get(path)
    else:
        response = getattr(client, method)(path, body, content_type="application/json")
    assert response.status_code == 400, response.content[:500]
