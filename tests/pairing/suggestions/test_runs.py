"""Suggestion runs on the database: every eligibility rule, reasons, accept and reject."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bangfu.pairing.models import Pairing, Status, Suggestion, SuggestionRun
from bangfu.pairing.selectors.suggestions import reasons_in_words
from bangfu.pairing.services import suggestions as run_services
from bangfu.pairing.services.suggestion_decisions import (
    suggestion_accept,
    suggestion_reject,
    village_open,
)
from bangfu.pairing.services.suggestions import suggestion_run_start
from bangfu.places.models import Division

pytestmark = pytest.mark.django_db


def pairs(run) -> set[tuple[str, str]]:
    return {(s.helper.name, s.village.code) for s in run.suggestions.all()}


def test_uncovered_villages_get_helpers_within_the_rules(scene, officer_chengde):
    run = suggestion_run_start(user=officer_chengde, county=None, widened=False)
    assert run.status == SuggestionRun.Status.DONE
    v = [x.code for x in scene["villages"]]
    got = pairs(run)
    # villages 1–3 have no helper; herbs (room 2) and cattle (room 1) cover three of them?
    # only two helpers of the region have room for three places: every place covers a village
    assert len(got) == 3
    assert {code for _n, code in got} <= {v[1], v[2], v[3]}
    assert run.summary["before"]["with_helper"] == 1
    assert run.summary["optimal"]["covered"] == 3
    # the non-poor, the exited and the covered village get nobody; 围场's shop stays home
    assert not {code for _n, code in got} & {v[0], v[4], v[5]}
    assert "围场电商公司" not in {n for n, _c in got}
    assert "承德已结对企业" not in {n for n, _c in got}  # no spare capacity
    cattle = run.suggestions.get(helper=scene["cattle"])
    assert cattle.village.code == v[2]  # 肉牛养殖 meets 肉牛养殖
    words = "；".join(reasons_in_words(cattle))
    assert "肉牛" in words or "industry match" in words


def test_reasons_name_industry_county_causes_and_room(scene, officer_chengde):
    from django.utils import translation

    run = suggestion_run_start(user=officer_chengde, county=None, widened=False)
    s = run.suggestions.get(helper=scene["cattle"])
    with translation.override("zh-hans"):
        words = "；".join(reasons_in_words(s))
    assert "产业对口：养殖、肉牛" in words
    assert "同县" in words
    assert "缺技术" in words  # the village's household lacks skills; a co-operative teaches
    assert "帮扶能力尚余 1 村" in words
    assert "尚无帮扶主体" in words


def test_widening_brings_helpers_from_outside_the_region(scene, officer_chengde):
    run = suggestion_run_start(user=officer_chengde, county=None, widened=True)
    assert "围场电商公司" in {n for n, _c in pairs(run)}
    assert run.summary["optimal"]["covered"] == 3


def test_an_opened_village_is_suggested_and_its_reason_goes_with_the_pairing(
    scene, officer_chengde
):
    exited = scene["villages"][5]
    village_open(user=officer_chengde, village=exited, reason="返贫风险高，县扶贫办同意继续帮扶")
    run = suggestion_run_start(user=officer_chengde, county=None, widened=False)
    assert exited.code in {c for _n, c in pairs(run)}
    s = run.suggestions.get(village=exited)
    pairing = suggestion_accept(user=officer_chengde, suggestion=s)
    assert pairing.eligibility_reason == "返贫风险高，县扶贫办同意继续帮扶"


def test_only_the_county_office_opens_a_village(scene, city_officer):
    with pytest.raises(PermissionDenied):
        village_open(user=city_officer, village=scene["villages"][4], reason="理由")


def test_accepting_makes_a_proposed_pairing_through_the_services(scene, officer_chengde):
    run = suggestion_run_start(user=officer_chengde, county=None, widened=False)
    s = run.suggestions.get(helper=scene["cattle"])
    pairing = suggestion_accept(user=officer_chengde, suggestion=s)
    assert pairing.status == Status.PROPOSED
    assert (pairing.helper, pairing.village) == (scene["cattle"], s.village)
    assert pairing.focus == "肉牛养殖"
    assert pairing.content.startswith("Suggested pairing") or "建议" in pairing.content
    s.refresh_from_db()
    assert (s.state, s.pairing) == (Suggestion.State.ACCEPTED, pairing)
    with pytest.raises(ValidationError) as err:
        suggestion_accept(user=officer_chengde, suggestion=s)
    assert err.value.error_list[0].code == "decided"
    assert Pairing.objects.filter(helper=scene["cattle"]).count() == 1


def test_acceptance_refuses_a_village_with_five_open_pairings(scene, officer_chengde, programme):
    from tests.pairing.suggestions.conftest import helper

    run = suggestion_run_start(user=officer_chengde, county=None, widened=False)
    s = run.suggestions.get(helper=scene["cattle"])
    from bangfu.pairing.services.pairings import pairing_propose

    for n in range(5):
        h = helper("130821", 20 + n, f"后来企业{n}", capacity=1)
        pairing_propose(
            user=officer_chengde,
            helper=h,
            village=s.village,
            start_date=programme.created_at.date(),
            focus=f"重点{n}",
            content=f"内容{n}",
        )
    with pytest.raises(ValidationError) as err:
        suggestion_accept(user=officer_chengde, suggestion=s)
    assert err.value.error_list[0].code == "village_full"
    assert not Pairing.objects.filter(helper=scene["cattle"]).exists()


def test_a_rejected_pair_stays_out_of_later_runs(scene, officer_chengde):
    run = suggestion_run_start(user=officer_chengde, county=None, widened=False)
    s = run.suggestions.get(helper=scene["cattle"])
    with pytest.raises(ValidationError):
        suggestion_reject(user=officer_chengde, suggestion=s, reason="  ")
    suggestion_reject(user=officer_chengde, suggestion=s, reason="企业不愿去该村")
    again = suggestion_run_start(user=officer_chengde, county=None, widened=False)
    assert ("承德肉牛合作社", s.village.code) not in pairs(again)


def test_a_county_office_runs_only_its_own_county(scene, officer_chengde, officer_weichang):
    weichang = Division.objects.get(code="130828")
    with pytest.raises(PermissionDenied):
        suggestion_run_start(user=officer_chengde, county=weichang, widened=False)
    run = suggestion_run_start(user=officer_weichang, county=None, widened=True)
    assert run.county == weichang
    assert run.suggestions.count() == 0  # no poor village of 围场县 in this scene


def test_institute_and_liaisons_may_not_run(scene, institute_staff, helper_liaison):
    for user in (institute_staff, helper_liaison):
        with pytest.raises(PermissionDenied):
            suggestion_run_start(user=user, county=None, widened=False)


def test_a_large_run_goes_to_the_worker_with_progress(
    scene, city_officer, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(run_services, "SYNC_PAIRS", 0)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = suggestion_run_start(user=city_officer, county=None, widened=False)
    assert run.status == SuggestionRun.Status.QUEUED
    assert len(callbacks) == 1
    callbacks[0]()  # the worker (the test backend runs the task at once)
    run.refresh_from_db()
    assert (run.status, run.percent) == (SuggestionRun.Status.DONE, 100)
    assert run.summary["optimal"]["covered"] == 3
