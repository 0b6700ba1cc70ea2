"""The annual evaluation: checklist, the three checks and who may score them, final score,
ranking, notices."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from bangfu.evaluation.models import ChecklistItem, Score, ScoreSheet
from bangfu.evaluation.permissions import may_score
from bangfu.evaluation.selectors import board, checklist_points
from bangfu.evaluation.services.checklist import checklist_create, checklist_item_add
from bangfu.evaluation.services.checks import sheet_save
from bangfu.evaluation.services.notices import notice_create, notice_entry_add, notice_issue
from bangfu.evaluation.services.outcome import evaluation_finalise
from tests.visits.conftest import full_scores

pytestmark = pytest.mark.django_db


def test_first_checklist_is_the_plans_self_check_in_100_points(checklist_2017):
    items = list(checklist_2017.items.all())
    assert sum(i.points for i in items) == 100
    assert {i.group for i in items} == {"organisation", "agreements", "materials"}
    assert {i.evidence_key for i in items} >= {
        "roster",
        "agreements",
        "plan_items",
        "submissions",
        "assistance",
        "visits",
    }
    assert checklist_2017.evaluations.count() == 5


def test_next_years_checklist_copies_last_years(programme, city_officer, checklist_2017):
    checklist_item_add(
        user=city_officer, checklist=checklist_2017, title="示范村建设", group="other", points=5
    )
    second = checklist_create(user=city_officer, programme=programme, year=2018)
    assert [i.title for i in second.items.all()] == [i.title for i in checklist_2017.items.all()]
    assert checklist_points(second) == 105


@pytest.mark.parametrize("points", [0, -5, "2.5", "", None, True])
def test_a_checklist_item_whose_points_are_not_positive_is_refused(
    city_officer, checklist_2017, points
):
    before = checklist_2017.items.count()
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        checklist_item_add(
            user=city_officer, checklist=checklist_2017, title="x", group="other", points=points
        )
    assert "whole number above 0" in str(exc.value)
    assert checklist_2017.items.count() == before


def test_the_database_refuses_zero_points(checklist_2017):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ChecklistItem.objects.create(checklist=checklist_2017, group="other", title="x", points=0)


def test_the_checklist_is_fixed_once_scoring_started(city_officer, officer_chengde, eval_chengde):
    sheet_save(
        user=officer_chengde,
        evaluation=eval_chengde,
        kind="self",
        scores={eval_chengde.checklist.items.first().pk: ("5", "")},
    )
    with pytest.raises(ValidationError):
        checklist_item_add(
            user=city_officer, checklist=eval_chengde.checklist, title="x", group="other", points=5
        )


def test_a_score_above_the_items_points_is_refused_and_nothing_is_saved(
    officer_chengde, eval_chengde
):
    items = list(eval_chengde.checklist.items.all())
    scores = full_scores(eval_chengde.checklist)
    scores[items[0].pk] = (str(items[0].points + 1), "超出")
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        sheet_save(user=officer_chengde, evaluation=eval_chengde, kind="self", scores=scores)
    assert f"at most {items[0].points} points" in str(exc.value)
    assert not ScoreSheet.objects.exists()
    assert not Score.objects.exists()


def test_a_score_below_zero_is_refused(officer_chengde, eval_chengde):
    item = eval_chengde.checklist.items.first()
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        sheet_save(
            user=officer_chengde, evaluation=eval_chengde, kind="self", scores={item.pk: ("-1", "")}
        )
    assert "below 0" in str(exc.value)
    assert not Score.objects.exists()


def test_the_database_refuses_a_negative_score(officer_chengde, eval_chengde):
    from django.db import IntegrityError, transaction

    sheet = ScoreSheet.objects.create(evaluation=eval_chengde, kind="self")
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(sheet=sheet, item=eval_chengde.checklist.items.first(), score=-1)


def test_submitting_needs_every_item_and_then_the_sheet_is_read_only(officer_chengde, eval_chengde):
    item = eval_chengde.checklist.items.first()
    with pytest.raises(ValidationError):
        sheet_save(
            user=officer_chengde,
            evaluation=eval_chengde,
            kind="self",
            scores={item.pk: ("5", "")},
            submit=True,
        )
    assert not ScoreSheet.objects.exists()
    sheet = sheet_save(
        user=officer_chengde,
        evaluation=eval_chengde,
        kind="self",
        scores=full_scores(eval_chengde.checklist, "0.9"),
        submit=True,
    )
    assert sheet.state == "submitted"
    assert sheet.total == Decimal("90.0")
    with pytest.raises(ValidationError):
        sheet_save(
            user=officer_chengde,
            evaluation=eval_chengde,
            kind="self",
            scores=full_scores(eval_chengde.checklist),
        )
    sheet.refresh_from_db()
    assert sheet.total == Decimal("90.0")


def test_who_may_score_which_check(
    city_officer,
    officer_chengde,
    officer_weichang,
    officer_xinglong,
    inspector,
    eval_chengde,
    inspector_on_chengde,
):
    allowed = {
        (u.username, k)
        for u in (city_officer, officer_chengde, officer_weichang, officer_xinglong, inspector)
        for k in ("self", "spot", "cross")
        if may_score(u, eval_chengde, k)
    }
    assert allowed == {
        ("officer_chengde", "self"),
        ("city_officer", "spot"),
        ("officer_xinglong", "cross"),  # the rotation's checker of 承德县
        ("inspector", "cross"),  # assigned to 承德县
    }


def test_scoring_a_county_not_assigned_to_you_is_refused(
    programme, officer_weichang, inspector, checklist_2017, rotation_2017, inspector_on_chengde
):
    weichang_eval = checklist_2017.evaluations.get(county__code="130828")
    chengde_eval = checklist_2017.evaluations.get(county__code="130821")
    scores = full_scores(checklist_2017)
    with pytest.raises(PermissionDenied):  # the inspector is assigned 承德县 only
        sheet_save(user=inspector, evaluation=weichang_eval, kind="cross", scores=scores)
    with pytest.raises(PermissionDenied):  # 围场县 cross-checks 平泉市, not 承德县
        sheet_save(user=officer_weichang, evaluation=chengde_eval, kind="cross", scores=scores)
    assert not ScoreSheet.objects.exists()


def test_an_inspector_scores_the_cross_check_of_an_assigned_county(
    inspector, eval_chengde, inspector_on_chengde
):
    sheet = sheet_save(
        user=inspector,
        evaluation=eval_chengde,
        kind="cross",
        scores=full_scores(eval_chengde.checklist, "0.8"),
        submit=True,
    )
    assert sheet.checker_county.code == "130822"  # the rotation's checker, recorded
    assert sheet.total == Decimal("80.0")


def _score_year(checklist, city, fractions):
    """Spot and cross checks for every county: {code: (spot fraction, cross fraction)}."""
    from bangfu.evaluation.models import Evaluation

    for evaluation in Evaluation.objects.filter(checklist=checklist).select_related("county"):
        spot, cross = fractions[evaluation.county.code]
        for kind, fraction in (("spot", spot), ("cross", cross)):
            sheet = ScoreSheet.objects.create(evaluation=evaluation, kind=kind)
            for item_id, (value, note) in full_scores(checklist, fraction).items():
                Score.objects.create(sheet=sheet, item_id=item_id, score=value, note=note)
            sheet.state = "submitted"
            sheet.total = sum(s.score for s in sheet.scores.all())
            sheet.submitted_at = dt.datetime(2018, 1, 5, tzinfo=dt.UTC)
            sheet.save()


def test_finalising_refuses_while_a_check_is_missing(city_officer, checklist_2017):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        evaluation_finalise(user=city_officer, checklist=checklist_2017)
    assert "not submitted" in str(exc.value)
    assert not checklist_2017.evaluations.filter(finalised_at__isnull=False).exists()


def test_final_score_is_the_mean_of_spot_and_cross_with_ranks_and_grades(
    city_officer, checklist_2017
):
    _score_year(
        checklist_2017,
        city_officer,
        {
            "130821": ("0.9", "1"),  # 95.0 excellent
            "130822": ("0.8", "0.9"),  # 85.0 good
            "130825": ("0.9", "0.8"),  # 85.0 good, same rank
            "130828": ("0.6", "0.7"),  # 65.0 pass
            "130881": ("0.5", "0.6"),  # 55.0 fail
        },
    )
    evaluation_finalise(user=city_officer, checklist=checklist_2017)
    got = {
        e.county.code: (e.final_score, e.rank, e.grade)
        for e in checklist_2017.evaluations.select_related("county")
    }
    assert got == {
        "130821": (Decimal("95.0"), 1, "excellent"),
        "130822": (Decimal("85.0"), 2, "good"),
        "130825": (Decimal("85.0"), 2, "good"),
        "130828": (Decimal("65.0"), 4, "pass"),
        "130881": (Decimal("55.0"), 5, "fail"),
    }
    with pytest.raises(ValidationError):  # final scores no longer change
        sheet_save(
            user=city_officer,
            evaluation=checklist_2017.evaluations.get(county__code="130821"),
            kind="spot",
            scores={},
        )


def test_board_scopes_a_county_to_its_own_and_the_one_it_checks(
    city_officer, officer_chengde, checklist_2017, rotation_2017
):
    rows = board(user=officer_chengde, checklist=checklist_2017)
    assert {r.evaluation.county.code for r in rows} == {"130821", "130825"}
    assert len(board(user=city_officer, checklist=checklist_2017)) == 5


def test_notice_docx_has_the_title_names_reasons_issuer_and_date(
    programme, city_officer, helper_org
):
    from docx import Document

    from bangfu.evaluation.documents import notice_docx
    from tests.printing import assert_docx_a4

    notice = notice_create(
        user=city_officer,
        programme=programme,
        year=2017,
        kind="commendation",
        subject="2017年度“科企帮万村”行动先进单位和个人",
        issuer="天津市人民政府合作交流办公室",
        number="津合办〔2018〕3号",
    )
    notice_entry_add(
        user=city_officer, notice=notice, subject="helper", helper=helper_org, reason="捐资助学"
    )
    notice_entry_add(
        user=city_officer, notice=notice, subject="person", name="李强", reason="工作突出"
    )
    notice_issue(user=city_officer, notice=notice, issued_on=dt.date(2018, 1, 20))
    doc = Document(__import__("io").BytesIO(notice_docx(notice)))
    assert_docx_a4(notice_docx(notice))  # A4, with the issuer's stamp line
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for row in doc.tables[0].rows for c in row.cells]
    assert "关于2017年度“科企帮万村”行动先进单位和个人的表彰通报" in text
    assert "天津市人民政府合作交流办公室" in text
    assert "2018年1月20日" in text
    assert helper_org.name in cells
    assert "捐资助学" in cells
    assert "李强" in cells
    with pytest.raises(ValidationError):  # issued: read-only
        notice_entry_add(user=city_officer, notice=notice, subject="person", name="王", reason="x")


def test_criticism_notice_title(programme, city_officer):
    notice = notice_create(
        user=city_officer,
        programme=programme,
        year=2018,
        kind="criticism",
        subject="关于平泉市扶贫办的通报批评",
        issuer="市合作交流办",
    )
    assert notice.title == "关于平泉市扶贫办的通报批评"


def test_a_helper_entry_needs_the_helper(programme, city_officer):
    notice = notice_create(
        user=city_officer,
        programme=programme,
        year=2018,
        kind="commendation",
        subject="先进企业",
        issuer="市",
    )
    with pytest.raises(ValidationError):
        notice_entry_add(user=city_officer, notice=notice, subject="helper", reason="x")
    assert not notice.entries.exists()


# --------------------------------------------------------------------------- pages and API


def test_score_page_shows_the_error_above_points_and_saves_nothing(
    officer_chengde, eval_chengde, client_for
):
    items = list(eval_chengde.checklist.items.all())
    data = {f"score_{i.pk}": str(i.points) for i in items}
    data[f"score_{items[0].pk}"] = "99"
    resp = client_for(officer_chengde).post(
        f"/oversight/evaluations/{eval_chengde.pk}/score/self/",
        {**data, "submit": "1"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert resp.status_code == 200
    assert f"at most {items[0].points} points" in resp.content.decode()
    assert not ScoreSheet.objects.exists()


def test_score_page_submits_and_the_detail_shows_the_column(
    officer_chengde, eval_chengde, client_for
):
    client = client_for(officer_chengde)
    data = {f"score_{i.pk}": str(i.points) for i in eval_chengde.checklist.items.all()}
    resp = client.post(
        f"/oversight/evaluations/{eval_chengde.pk}/score/self/", {**data, "submit": "1"}
    )
    assert resp.status_code == 302
    assert ScoreSheet.objects.get(evaluation=eval_chengde, kind="self").total == 100
    page = client.get(eval_chengde.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "100.0" in page.content.decode()


def test_api_refuses_a_score_above_points_with_400(officer_chengde, eval_chengde, client_for):
    item = eval_chengde.checklist.items.first()
    resp = client_for(officer_chengde).post(
        f"/api/v1/evaluations/{eval_chengde.pk}/score/",
        {"kind": "self", "scores": [{"item": item.pk, "score": str(item.points + 1)}]},
        content_type="application/json",
    )
    assert resp.status_code == 400
    assert not Score.objects.exists()


def test_api_evaluation_detail_has_evidence_and_sheets(city_officer, eval_chengde, client_for):
    resp = client_for(city_officer).get(f"/api/v1/evaluations/{eval_chengde.pk}/")
    assert resp.status_code == 200
    body = resp.json()
    assert body["county"] == "130821"
    assert len(body["evidence"]) == 6


def test_notice_document_download(city_officer, client_for, programme):
    notice = notice_create(
        user=city_officer,
        programme=programme,
        year=2017,
        kind="commendation",
        subject="先进",
        issuer="市",
    )
    resp = client_for(city_officer).get(f"/oversight/notices/{notice.pk}/notice.docx")
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
