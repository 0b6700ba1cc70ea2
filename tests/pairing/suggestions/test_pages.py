"""The suggestion pages: run, see the pairs and the coverage, accept, reject, the weights."""

from __future__ import annotations

import pytest

from bangfu.pairing.models import FitWeights, Pairing, Status, Suggestion, SuggestionRun

pytestmark = pytest.mark.django_db


def run_as(c, **data) -> SuggestionRun:
    resp = c.post("/pairings/suggestions/", {"county": "", **data})
    run = SuggestionRun.objects.order_by("-pk").first()
    assert resp.status_code == 302, resp.content.decode()[:2000]
    assert resp["Location"] == f"/pairings/suggestions/{run.public_id}/"
    return run


def test_a_county_officer_runs_sees_reasons_and_accepts(scene, officer_chengde, client_for):
    c = client_for(officer_chengde)
    page = c.get("/pairings/coverage/").content.decode()
    assert "/pairings/suggestions/" in page
    run = run_as(c)
    assert run.county.code == "130821"
    html = c.get(f"/pairings/suggestions/{run.public_id}/").content.decode()
    cattle = run.suggestions.get(helper=scene["cattle"])
    assert cattle.village.name in html
    assert "产业对口：" in html
    assert "同县" in html
    assert 'data-testid="after-covered">4 / 4' in html  # 1 before, 3 covered by the run
    resp = c.post(
        f"/pairings/suggestions/{run.public_id}/accept/", {"suggestion": [str(cattle.pk)]}
    )
    assert resp.status_code == 302
    pairing = Pairing.objects.get(helper=scene["cattle"])
    assert pairing.status == Status.PROPOSED
    html = c.get(resp["Location"]).content.decode()
    assert pairing.number in html
    village_page = c.get(f"/registry/villages/{cattle.village.code}/").content.decode()
    assert pairing.number in village_page


def test_accepting_many_and_nothing_ticked(scene, officer_chengde, client_for):
    c = client_for(officer_chengde)
    run = run_as(c)
    resp = c.post(f"/pairings/suggestions/{run.public_id}/accept/", {}, follow=True)
    assert "至少勾选一条" in resp.content.decode()
    ids = [str(s.pk) for s in run.suggestions.all()]
    c.post(f"/pairings/suggestions/{run.public_id}/accept/", {"suggestion": ids})
    assert Pairing.objects.filter(status=Status.PROPOSED).count() == 3
    assert set(run.suggestions.values_list("state", flat=True)) == {Suggestion.State.ACCEPTED}


def test_rejecting_needs_a_reason_and_keeps_the_pair_out(scene, officer_chengde, client_for):
    c = client_for(officer_chengde)
    run = run_as(c)
    s = run.suggestions.get(helper=scene["cattle"])
    url = f"/pairings/suggestions/{run.public_id}/reject/{s.pk}/"
    resp = c.post(url, {"reason": ""}, follow=True)
    assert "请填写拒绝的理由" in resp.content.decode()
    s.refresh_from_db()
    assert s.state == Suggestion.State.OPEN
    c.post(url, {"reason": "企业不愿去该村"})
    s.refresh_from_db()
    assert (s.state, s.reject_reason) == (Suggestion.State.REJECTED, "企业不愿去该村")
    again = run_as(c)
    assert not again.suggestions.filter(helper=scene["cattle"], village=s.village).exists()


def test_another_county_sees_nothing_of_the_run(
    scene, officer_chengde, officer_weichang, client_for
):
    run = run_as(client_for(officer_chengde))
    other = client_for(officer_weichang)
    assert other.get(f"/pairings/suggestions/{run.public_id}/").status_code == 404
    s = run.suggestions.first()
    url = f"/pairings/suggestions/{run.public_id}/accept/"
    assert other.post(url, {"suggestion": [s.pk]}).status_code == 404
    assert not Pairing.objects.filter(status=Status.PROPOSED).exists()


def test_the_city_office_sets_the_weights(scene, city_officer, officer_chengde, client_for):
    county = client_for(officer_chengde)
    assert county.get("/pairings/suggestions/weights/").status_code == 200
    assert county.post("/pairings/suggestions/weights/", {"industry": 30}).status_code == 403
    city = client_for(city_officer)
    data = {
        "industry": 30,
        "need": 8,
        "same_county": 15,
        "same_township": 10,
        "track_record": 5,
        "room": 2,
    }
    bad = city.post("/pairings/suggestions/weights/", {**data, "industry": 500})
    assert bad.status_code == 200
    assert "0 到 100" in bad.content.decode()
    assert not FitWeights.objects.exists()
    assert city.post("/pairings/suggestions/weights/", data).status_code == 302
    assert FitWeights.objects.get().industry == 30
    run = run_as(city, county="130821")
    cattle = run.suggestions.get(helper=scene["cattle"])
    # 2 words × 30 + county 15 + two causes × 8 + room 2 = 93
    assert cattle.score == 93


def test_the_county_office_opens_a_village_from_the_page(scene, officer_chengde, client_for):
    c = client_for(officer_chengde)
    village = scene["villages"][4]
    resp = c.post(
        "/pairings/suggestions/open/", {"village": village.code, "reason": ""}, follow=True
    )
    assert "请填写村代码和理由" in resp.content.decode()
    c.post("/pairings/suggestions/open/", {"village": village.code, "reason": "产业基础薄弱"})
    run = run_as(c)
    assert run.suggestions.filter(village=village).exists()


def test_a_queued_run_shows_its_progress_and_polls(
    scene, city_officer, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    from bangfu.pairing.services import suggestions as run_services

    monkeypatch.setattr(run_services, "SYNC_PAIRS", 0)
    c = client_for(city_officer)
    with django_capture_on_commit_callbacks(execute=False):
        run = run_as(c)
    assert run.status == SuggestionRun.Status.QUEUED
    partial = c.get(f"/pairings/suggestions/{run.public_id}/", headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert "<html" not in html
    assert 'hx-trigger="every 1s"' in html
    assert "<progress" in html
