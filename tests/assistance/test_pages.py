"""The assistance pages as helper liaisons and county officers use them: record, submit,
confirm or send back, re-open, correct; bad input shown on the page; scope."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bangfu.accounts.models import AuditEvent
from bangfu.assistance.models import Assistance, AssistanceStatus, Project, ProjectProgress
from bangfu.assistance.services.records import assistance_save, assistance_submit
from bangfu.assistance.services.review import assistance_confirm
from bangfu.core.identifiers.resident_id import make_id_number
from tests.pairing.conftest import PNG_BYTES

from .conftest import ON, scan

pytestmark = pytest.mark.django_db

EN = {"accept-language": "en"}


def _post_data(pairing, **extra):
    """A training of the pairing, as the form posts it."""
    return {
        "pairing": pairing.pk,
        "village": pairing.village.code,
        "on": ON.isoformat(),
        "pathway": "technology",
        "kind": "training",
        "description": "中药材种植技术培训",
        "persons_trained": "40",
        "poor_trained": "25",
        **extra,
    }


def _officer_data(pairing, **extra):
    return _post_data(pairing, helper=pairing.helper.pk, **extra)


def _field_error_shown(resp, field: str) -> str:
    """The form's error on `field`, checked to be on the page; returns it."""
    assert resp.status_code == 200
    errors = resp.context["form"].errors
    assert field in errors, errors
    message = str(errors[field][0])
    from django.utils.html import escape

    assert escape(message) in resp.content.decode()
    return message


def test_a_liaison_records_a_training_and_the_county_officer_confirms_it(
    pairing, helper_liaison, officer_chengde, client_for
):
    liaison = client_for(helper_liaison)
    form_page = liaison.get(f"/assistance/new/?pairing={pairing.number}", headers=EN)
    assert form_page.status_code == 200
    assert form_page.context["form"].initial["pairing"] == pairing.pk
    assert "beneficiaries" not in form_page.context["form"].fields  # no registry for liaisons
    resp = liaison.post(
        "/assistance/new/",
        _post_data(
            pairing,
            files=[scan("培训照片.png", PNG_BYTES, "image/png")],
            submit_record="1",
        ),
    )
    record = Assistance.objects.get()
    assert resp.status_code == 302
    assert resp["Location"] == record.get_absolute_url()
    assert (record.status, record.helper, record.persons_trained) == (
        AssistanceStatus.SUBMITTED,
        pairing.helper,
        40,
    )
    photo = record.evidence.get()
    download = liaison.get(f"/assistance/{record.number}/files/{photo.key}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"\x89PNG")

    officer = client_for(officer_chengde)
    listing = officer.get("/assistance/").content.decode()
    assert 'data-testid="to-confirm"' in listing
    queue = officer.get("/assistance/confirm/").content.decode()
    assert record.number in queue
    resp = officer.post(f"/assistance/{record.number}/do/confirm/", {"next": "queue"})
    assert resp.status_code == 302
    assert resp["Location"] == "/assistance/confirm/"
    record.refresh_from_db()
    assert record.status == AssistanceStatus.CONFIRMED
    assert record.confirmed_by == officer_chengde
    assert list(officer.get("/assistance/confirm/").context["page"]) == []
    detail = liaison.get(record.get_absolute_url(), headers=EN).content.decode()
    assert '<span class="badge text-bg-success" data-testid="status">confirmed</span>' in detail
    assert "培训照片.png" in detail


def test_an_absurd_amount_is_shown_on_the_page_and_nothing_is_saved(
    pairing, officer_chengde, client_for
):
    resp = client_for(officer_chengde).post(
        "/assistance/new/",
        _officer_data(
            pairing,
            pathway="charity",
            kind="money_donation",
            persons_trained="",
            poor_trained="",
            money_yuan="1000000000000",
        ),
    )
    message = _field_error_shown(resp, "money_yuan")
    assert "1,000,000,000,000.00" in message
    assert not Assistance.objects.exists()


def test_more_poor_trainees_than_trainees_is_shown_and_nothing_is_saved(
    pairing, helper_liaison, client_for
):
    resp = client_for(helper_liaison).post(
        "/assistance/new/", _post_data(pairing, poor_trained="41"), headers=EN
    )
    message = _field_error_shown(resp, "poor_trained")
    assert "cannot outnumber" in message
    assert not Assistance.objects.exists()


def test_a_beneficiary_of_another_village_is_refused_on_the_page(
    pairing, households, officer_chengde, client_for
):
    c = client_for(officer_chengde)
    page = c.get(f"/assistance/new/?pairing={pairing.number}").content.decode()
    assert "张一" in page  # the village's households are offered, masked
    assert households[0].id_number not in page
    assert households[0].masked_id_number in page
    assert "李三" not in page  # another village's are not
    resp = c.post(
        "/assistance/new/",
        _officer_data(pairing, beneficiaries=[households[0].pk, households[2].pk]),
    )
    message = _field_error_shown(resp, "beneficiaries")
    assert households[2].ref in message
    assert not Assistance.objects.exists()
    resp = c.post(
        "/assistance/new/",
        _officer_data(pairing, beneficiaries=[households[0].pk, households[1].pk]),
    )
    record = Assistance.objects.get()
    assert set(record.beneficiaries.all()) == set(households[:2])
    assert record.households_reached == 2


def test_a_record_for_another_countys_village_is_refused(
    programme, helper_org, weichang_village, officer_chengde, client_for
):
    resp = client_for(officer_chengde).post(
        "/assistance/new/",
        {
            "helper": helper_org.pk,
            "village": weichang_village.code,
            "on": ON.isoformat(),
            "pathway": "technology",
            "kind": "training",
            "description": "培训",
            "persons_trained": "10",
        },
    )
    assert resp.status_code == 403
    assert not Assistance.objects.exists()
    assert AuditEvent.objects.filter(event="access_denied", detail="assistance.record").exists()


def test_a_record_dated_before_its_pairing_is_refused_on_the_page(
    pairing, helper_liaison, client_for
):
    resp = client_for(helper_liaison).post("/assistance/new/", _post_data(pairing, on="2017-04-30"))
    assert pairing.number in _field_error_shown(resp, "on")
    assert not Assistance.objects.exists()


def test_a_liaison_cannot_confirm(training, helper_liaison, client_for):
    record = assistance_save(user=helper_liaison, **training)
    assistance_submit(user=helper_liaison, record=record)
    c = client_for(helper_liaison)
    assert c.post(f"/assistance/{record.number}/do/confirm/").status_code == 403
    assert c.get(f"/assistance/{record.number}/note/return/").status_code == 403
    assert c.get("/assistance/confirm/").status_code == 403
    record.refresh_from_db()
    assert record.status == AssistanceStatus.SUBMITTED


def test_another_countys_officer_gets_404(training, helper_liaison, officer_weichang, client_for):
    record = assistance_save(user=helper_liaison, **training)
    c = client_for(officer_weichang)
    for path in ("", "edit/", "note/return/"):
        assert c.get(f"/assistance/{record.number}/{path}").status_code == 404
    assert c.post(f"/assistance/{record.number}/do/submit/").status_code == 404
    assert record.number not in c.get("/assistance/").content.decode()
    assert AuditEvent.objects.filter(
        event="access_denied", object_type="assistance.assistance", object_id=record.number
    ).exists()


def test_send_back_edit_and_resubmit(training, helper_liaison, officer_chengde, client_for):
    record = assistance_save(user=helper_liaison, **training)
    assistance_submit(user=helper_liaison, record=record)
    officer = client_for(officer_chengde)
    resp = officer.post(f"/assistance/{record.number}/note/return/", {"note": ""})
    assert resp.status_code == 200  # a note is required
    resp = officer.post(f"/assistance/{record.number}/note/return/", {"note": "请补充培训签到表"})
    assert resp.status_code == 302
    record.refresh_from_db()
    assert (record.status, record.review_note) == (AssistanceStatus.RETURNED, "请补充培训签到表")
    liaison = client_for(helper_liaison)
    edit = liaison.get(f"/assistance/{record.number}/edit/")
    assert "请补充培训签到表" in edit.content.decode()
    assert edit.context["form"].initial["persons_trained"] == 40
    resp = liaison.post(
        f"/assistance/{record.number}/edit/",
        _post_data(
            record.pairing,
            persons_trained="42",
            files=[scan("签到表.pdf")],
            submit_record="1",
        ),
    )
    assert resp.status_code == 302
    record.refresh_from_db()
    assert (record.status, record.persons_trained) == (AssistanceStatus.SUBMITTED, 42)
    assert record.evidence.get().original_name == "签到表.pdf"
    # a submitted record is no longer editable
    resp = liaison.get(f"/assistance/{record.number}/edit/")
    assert resp.status_code == 302


def test_reopen_with_a_reason_and_correct_a_confirmed_record(
    training, helper_liaison, officer_chengde, client_for
):
    record = assistance_save(user=helper_liaison, **training)
    assistance_submit(user=helper_liaison, record=record)
    assistance_confirm(user=officer_chengde, record=record)
    liaison = client_for(helper_liaison)
    assert liaison.get(f"/assistance/{record.number}/note/reopen/").status_code == 403
    # the liaison records a correction: a draft copy, opened for editing
    resp = liaison.post(f"/assistance/{record.number}/correct/")
    correction = Assistance.objects.get(corrects=record)
    assert resp["Location"] == f"/assistance/{correction.number}/edit/"
    assert correction.status == AssistanceStatus.DRAFT
    resp = liaison.post(
        f"/assistance/{correction.number}/edit/",
        _post_data(record.pairing, persons_trained="38", poor_trained="20", submit_record="1"),
    )
    assert resp.status_code == 302
    officer = client_for(officer_chengde)
    officer.post(f"/assistance/{correction.number}/do/confirm/")
    record.refresh_from_db()
    correction.refresh_from_db()
    assert (record.status, correction.status) == ("superseded", "confirmed")
    # the county office re-opens the correction with a reason (audited)
    resp = officer.post(f"/assistance/{correction.number}/note/reopen/", {"note": "人数有误"})
    assert resp.status_code == 302
    correction.refresh_from_db()
    assert correction.status == AssistanceStatus.DRAFT
    assert AuditEvent.objects.filter(event="reopen", detail="人数有误").exists()
    history = officer.get(correction.get_absolute_url()).content.decode()
    assert "人数有误" in history


def test_the_households_partial_is_for_county_offices_of_the_village(
    village, households, officer_chengde, officer_weichang, helper_liaison, client_for
):
    url = f"/assistance/households/?village={village.code}"
    resp = client_for(officer_chengde).get(url, headers={"HX-Request": "true"})
    body = resp.content.decode()
    assert resp.status_code == 200
    assert "张一" in body
    assert "张二" in body
    assert "李三" not in body
    assert households[0].id_number not in body
    assert client_for(helper_liaison).get(url).status_code == 403
    assert client_for(officer_weichang).get(url).status_code == 404


def test_the_list_filters(training, helper_liaison, officer_chengde, city_officer, client_for):
    record = assistance_save(user=helper_liaison, **training)
    c = client_for(city_officer)
    assert record.number in c.get("/assistance/?period=2017H2&county=130821").content.decode()
    assert record.number not in c.get("/assistance/?period=2018H1").content.decode()
    assert record.number in c.get("/assistance/?q=" + record.village.name).content.decode()
    assert record.number in c.get("/assistance/?kind=training&status=draft").content.decode()
    assert record.number not in c.get("/assistance/?pathway=charity").content.decode()
    assert record.number in c.get(f"/assistance/?helper={record.helper.uscc}").content.decode()
    bad = c.get("/assistance/?period=2017Q3", headers=EN)
    assert "is not a period" in bad.content.decode()
    # county officers have no county filter; the list is theirs already
    assert "county" not in client_for(officer_chengde).get("/assistance/").context["form"].fields


def test_the_pairing_page_lists_its_records_and_offers_to_record(
    training, pairing, helper_liaison, inspector, client_for
):
    record = assistance_save(user=helper_liaison, **training)
    page = client_for(helper_liaison).get(pairing.get_absolute_url()).content.decode()
    assert record.number in page
    assert f"/assistance/new/?pairing={pairing.number}" in page
    page = client_for(inspector).get(pairing.get_absolute_url()).content.decode()
    assert record.number in page
    assert "/assistance/new/" not in page


@pytest.fixture
def project(programme):
    return Project.objects.create(
        programme=programme,
        code="forage-grass",
        name="饲粮牧草种植项目",
        first_year=2017,
        target_area_mu=Decimal("17100"),
        target_livestock=52500,
        target_revenue_yuan=Decimal("210000000"),
    )


def test_a_county_officer_records_project_progress(
    project, village, officer_chengde, officer_weichang, city_officer, helper_liaison, client_for
):
    c = client_for(officer_chengde)
    url = f"/assistance/projects/{project.code}/progress/"
    data = {"period": "2017H2", "village": village.pk, "area_mu": "300", "livestock": "120"}
    resp = c.post(url, {**data, "area_mu": "-5"})
    _field_error_shown(resp, "area_mu")
    resp = c.post(url, {**data, "period": "2017Q2"})
    _field_error_shown(resp, "period")
    assert not ProjectProgress.objects.exists()
    assert c.post(url, data).status_code == 302
    assert c.post(url, {**data, "revenue_yuan": "500000"}).status_code == 302  # replaces
    row = ProjectProgress.objects.get()
    assert (row.area_mu, row.livestock, row.revenue_yuan) == (300, 120, 500000)
    # a village of another county is not offered to 围场县's office
    resp = client_for(officer_weichang).post(url, data)
    assert resp.status_code == 200
    assert "village" in resp.context["form"].errors
    assert client_for(city_officer).get(url).status_code == 403
    page = client_for(city_officer).get(f"/assistance/projects/{project.code}/")
    total = page.context["total"]
    assert (total.figures.area_mu, total.figures.livestock) == (300, 120)
    assert total.first_year_revenue == 500000
    assert "承德县" in page.content.decode()
    overview = client_for(city_officer).get("/assistance/projects/").content.decode()
    assert project.name in overview
    assert client_for(helper_liaison).get("/assistance/projects/").status_code == 403
    weichang = client_for(officer_weichang).get(f"/assistance/projects/{project.code}/")
    assert weichang.context["total"].figures.area_mu == 0


def test_household_rows_and_village_rows_do_not_mix(project, village, officer_chengde):
    from django.core.exceptions import ValidationError

    from bangfu.assistance.services.projects import project_progress_save
    from bangfu.registry.models import Household

    household = Household.objects.create(
        village=village,
        head_name="赵六",
        id_number=make_id_number("13082119800404126"),
        year_registered=2015,
    )
    project_progress_save(
        user=officer_chengde,
        project=project,
        period="2017H2",
        village=village,
        household=household,
        area_mu=5,
    )
    with pytest.raises(ValidationError, match="household"):
        project_progress_save(
            user=officer_chengde, project=project, period="2017H2", village=village, area_mu=9
        )
