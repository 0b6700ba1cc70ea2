"""Training pages: lists with filters and masked IDs, forms, remove, export, the record form."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from bangfu.training.models import Trainee, TrainingSession

from .conftest import OTHER, POOR_CHILD, add

pytestmark = pytest.mark.django_db


@pytest.fixture
def zh():
    from django.utils import translation

    with translation.override("zh-hans"):
        yield


def test_the_roster_shows_masked_ids_and_filters(
    session, bare_session, household, officer_chengde, client_for
):
    add(officer_chengde, session, POOR_CHILD, name="王小明", certificate_no="ZS-1")
    add(officer_chengde, bare_session, OTHER[1], name="赵六")
    client = client_for(officer_chengde)
    page = client.get("/training/trainees/").content.decode()
    assert "王小明" in page
    assert "赵六" in page
    assert POOR_CHILD not in page
    assert POOR_CHILD[:6] + "********" + POOR_CHILD[-4:] in page
    only = client.get("/training/trainees/?certificate=yes").content.decode()
    assert "王小明" in only
    assert "赵六" not in only
    year = client.get("/training/trainees/?year=2018").content.decode()
    assert "赵六" in year
    assert "王小明" not in year
    village = session.village.code
    by_village = client.get(f"/training/trainees/?village={village}").content.decode()
    assert "王小明" in by_village
    course = client.get("/training/trainees/?course=果树").content.decode()
    assert "赵六" in course
    assert "王小明" not in course
    other = client.get("/training/trainees/?county=130828").content.decode()
    assert "王小明" not in other
    assert "赵六" not in other


def test_a_liaison_sees_its_own_roster_without_the_poor_column(
    session, bare_session, household, officer_chengde, helper_liaison, client_for
):
    add(officer_chengde, session, POOR_CHILD, name="王小明")
    add(officer_chengde, bare_session, OTHER[1], name="赵六")
    page = client_for(helper_liaison).get("/training/trainees/").content.decode()
    assert "王小明" in page
    assert "赵六" not in page
    assert "Registered poor household" not in page
    assert "建档立卡" not in page


def test_the_export_is_masked_and_filtered(session, officer_chengde, client_for):
    add(officer_chengde, session, OTHER[2], name="钱七", certificate_no="ZS-9")
    response = client_for(officer_chengde).get(
        f"/training/trainees/export.xlsx?session={session.pk}"
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "钱七" in cells
    assert "ZS-9" in cells
    assert OTHER[2] not in cells
    assert OTHER[2][:6] + "********" + OTHER[2][-4:] in cells


def test_record_a_session_and_add_a_trainee_through_the_pages(
    record, officer_chengde, client_for, zh
):
    client = client_for(officer_chengde)
    response = client.post(
        "/training/sessions/new/",
        {
            "course": "肉牛养殖",
            "starts_on": "2017-07-09",
            "ends_on": "2017-07-10",
            "place": "村委会",
            "village": record.village.pk,
            "organiser": "helper",
            "helper": record.helper.pk,
            "assistance": record.number.lower(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    session = TrainingSession.objects.get(course="肉牛养殖")
    assert session.assistance == record
    response = client.post(
        f"/training/sessions/{session.pk}/trainees/new/",
        {"name": "孙八", "id_number": OTHER[3], "village": record.village.pk},
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.persons_trained == 1
    detail = client.get(session.get_absolute_url()).content.decode()
    assert "孙八" in detail
    assert OTHER[3] not in detail


def test_bad_input_is_answered_in_chinese_and_nothing_is_saved(
    session, officer_chengde, client_for, zh
):
    client = client_for(officer_chengde)
    response = client.post(
        f"/training/sessions/{session.pk}/trainees/new/",
        {"name": "孙八", "id_number": "130821199003011234", "village": session.village.pk},
    )
    assert response.status_code == 200
    assert "校验码" in response.content.decode()
    response = client.post(
        "/training/sessions/new/",
        {
            "course": "课",
            "starts_on": "2017-07-10",
            "ends_on": "2017-07-01",
            "place": "村",
            "county": session.county.pk,
            "organiser": "institute",
        },
    )
    assert "培训结束日期不能早于开始日期" in response.content.decode()
    response = client.post(
        "/training/sessions/new/",
        {
            "course": "课",
            "starts_on": "2017-07-10",
            "ends_on": "2017-07-10",
            "place": "村",
            "county": session.county.pk,
            "organiser": "institute",
            "assistance": "A000000000",
        },
    )
    assert "您的范围内没有此编号的帮扶记录" in response.content.decode()
    assert not Trainee.objects.exists()
    assert TrainingSession.objects.count() == 1


def test_remove_a_trainee(session, officer_chengde, client_for, record):
    t = add(officer_chengde, session, OTHER[4])
    client = client_for(officer_chengde)
    assert client.get(f"/training/trainees/{t.pk}/remove/").status_code == 200
    assert client.post(f"/training/trainees/{t.pk}/remove/").status_code == 302
    assert not Trainee.objects.filter(pk=t.pk).exists()
    record.refresh_from_db()
    assert record.persons_trained == 0


def test_edit_a_trainee(session, officer_chengde, client_for):
    t = add(officer_chengde, session, OTHER[4])
    client = client_for(officer_chengde)
    response = client.post(
        f"/training/trainees/{t.pk}/edit/",
        {
            "name": "改名",
            "id_number": OTHER[4],
            "village": session.village.pk,
            "certificate_no": "ZS-2",
        },
    )
    assert response.status_code == 302
    t.refresh_from_db()
    assert (t.name, t.certificate_no) == ("改名", "ZS-2")
    response = client.post(
        f"/training/trainees/{t.pk}/edit/",
        {"name": "再改", "id_number": "", "village": session.village.pk},
    )
    assert response.status_code == 302
    t.refresh_from_db()
    assert (t.name, t.id_number) == ("再改", OTHER[4])


def test_the_record_form_shows_the_counts_as_drawn_from_the_roster(
    session, record, officer_chengde, client_for, zh
):
    from bangfu.assistance.models import Assistance

    add(officer_chengde, session, OTHER[5])
    draft = Assistance.objects.get(pk=record.pk)
    draft.status = "draft"
    draft.save(update_fields=["status"])
    client = client_for(officer_chengde)
    form = client.get(f"/assistance/{record.number}/edit/").content.decode()
    assert "按培训花名册统计" in form
    import re

    field = re.search(r'<input[^>]*name="persons_trained"[^>]*>', form).group(0)
    assert "disabled" in field
    detail = client.get(f"/assistance/{record.number}/").content.decode()
    assert 'data-testid="trained-from-roster"' in detail
    assert f"/training/sessions/{session.pk}/" in detail


def test_session_list_counts_its_names(
    session, officer_chengde, client_for, django_assert_max_num_queries
):
    for i in range(1, 4):
        add(officer_chengde, session, OTHER[i])
    client = client_for(officer_chengde)
    with django_assert_max_num_queries(20):
        page = client.get("/training/sessions/").content.decode()
    assert session.course in page
    with django_assert_max_num_queries(20):
        client.get("/training/trainees/")


def test_the_training_pages_are_in_the_menus_of_those_who_use_them(
    officer_chengde, helper_liaison, inspector, auditor
):
    from bangfu.dashboard.navigation import menus_for

    def urls(user):
        return {i["url"] for m in menus_for(user, "/") for i in m["items"]}

    for user in (officer_chengde, helper_liaison, inspector):
        assert {"/training/sessions/", "/training/trainees/"} <= urls(user)
    assert not {"/training/sessions/", "/training/trainees/"} & urls(auditor)
