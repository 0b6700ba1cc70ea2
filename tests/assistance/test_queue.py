"""The confirmation queue: it lists only what the county office can act on, and the office
confirms or sends back many records at once (tick, one action, one audit row each), all or
nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.utils import translation

from bangfu.accounts.models import AuditEvent
from bangfu.assistance.models import Assistance, AssistanceStatus, PeriodLock
from bangfu.assistance.selectors.records import confirmation_queue, locked_waiting, queue_count
from bangfu.assistance.services.locks import period_lock
from bangfu.assistance.services.records import assistance_save, assistance_submit
from bangfu.assistance.services.review import assistance_confirm, assistance_return

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def submitted(training, officer_chengde):
    """Three submitted trainings of 2017H2 and two of 2017H1 (a locked half-year)."""

    def make(on, n):
        out = []
        for i in range(n):
            r = assistance_save(user=officer_chengde, **{**training, "on": on})
            r.description = f"培训{i}"
            assistance_submit(user=officer_chengde, record=r)
            out.append(r)
        return out

    open_ = make(dt.date(2017, 7, 10), 3)
    locked = make(dt.date(2017, 5, 10), 2)
    period_lock(user=None, county=officer_chengde.county, period="2017H1")
    return open_, locked


def _statuses(records):
    return [Assistance.objects.get(pk=r.pk).status for r in records]


def _audit_rows():
    return AuditEvent.objects.filter(object_type="assistance.assistance").count()


def test_the_queue_lists_only_records_the_office_can_act_on(submitted, officer_chengde, client_for):
    open_, locked = submitted
    queue = confirmation_queue(user=officer_chengde)
    assert [r.number for r in queue] == [r.number for r in open_]
    assert queue_count(user=officer_chengde) == 3
    assert locked_waiting(user=officer_chengde) == [("2017H1", 2)]
    c = client_for(officer_chengde)
    page = c.get("/assistance/confirm/", **EN)
    html = page.content.decode()
    assert [r.number for r in page.context["page"]] == [r.number for r in open_]
    for r in locked:
        assert r.number not in html
    assert 'data-testid="locked-waiting"' in html
    assert "2017H1: 2 records" in html
    # the list page's "to confirm" count is the queue's
    assert c.get("/assistance/", **EN).context["to_confirm"] == 3


def test_a_locked_record_is_neither_confirmed_nor_sent_back(submitted, officer_chengde):
    _open, locked = submitted
    record = locked[0]
    for act in (
        lambda: assistance_confirm(user=officer_chengde, record=record),
        lambda: assistance_return(user=officer_chengde, record=record, note="请补充"),
    ):
        with translation.override("en"), pytest.raises(ValidationError) as err:
            act()  # the message in English whatever an earlier test left active
        assert "locked" in str(err.value)
    assert _statuses(locked) == ["submitted", "submitted"]


def test_the_office_confirms_many_records_at_once(submitted, officer_chengde, client_for):
    open_, _locked = submitted
    before = _audit_rows()
    c = client_for(officer_chengde)
    resp = c.post(
        "/assistance/confirm/many/",
        {"action": "confirm", "numbers": [r.number for r in open_]},
        **EN,
    )
    assert resp.status_code == 302
    assert resp["Location"] == "/assistance/confirm/"
    assert [str(m) for m in get_messages(resp.wsgi_request)] == [
        "3 records confirmed: they now count."
    ]
    assert _statuses(open_) == ["confirmed"] * 3
    assert {Assistance.objects.get(pk=r.pk).confirmed_by_id for r in open_} == {officer_chengde.pk}
    # one audit row per record, each naming its record
    rows = AuditEvent.objects.filter(object_type="assistance.assistance").order_by("id")[before:]
    assert sorted(e.object_id for e in rows) == sorted(r.number for r in open_)
    assert list(confirmation_queue(user=officer_chengde)) == []


def test_the_office_sends_many_back_with_one_note(submitted, officer_chengde, client_for):
    open_, _locked = submitted
    c = client_for(officer_chengde)
    numbers = [r.number for r in open_[:2]]
    resp = c.post("/assistance/confirm/many/", {"action": "return", "numbers": numbers}, **EN)
    assert [str(m) for m in get_messages(resp.wsgi_request)] == ["Say what needs fixing."]
    assert _statuses(open_) == ["submitted"] * 3
    c.get("/assistance/confirm/")  # the message shown
    resp = c.post(
        "/assistance/confirm/many/",
        {"action": "return", "numbers": numbers, "note": "请补充签到表"},
        **EN,
    )
    assert [str(m) for m in get_messages(resp.wsgi_request)] == [
        "2 records sent back with your note."
    ]
    assert _statuses(open_) == ["returned", "returned", "submitted"]
    assert {Assistance.objects.get(pk=r.pk).review_note for r in open_[:2]} == {"请补充签到表"}


@pytest.mark.parametrize("bad", ["locked", "draft", "other_county", "unknown"])
def test_one_record_that_cannot_be_acted_on_refuses_the_whole_batch(
    bad, submitted, officer_chengde, officer_weichang, weichang_village, client_for, training
):
    open_, locked = submitted
    user = officer_chengde
    if bad == "locked":
        odd = locked[0].number
        expected = [f"{odd}: its half-year (2017 first half) has been accepted and is locked"]
    elif bad == "draft":
        odd = assistance_save(user=officer_chengde, **training).number
        expected = [f"{odd}: not waiting for confirmation (draft)"]
    elif bad == "other_county":  # 围场县's office: 承德县's records are out of its scope
        user, odd = officer_weichang, None
        expected = [f"{r.number}: no such record" for r in open_]
    else:
        odd = "A2017H2X99999"
        expected = [f"{odd}: no such record"]
    before = (_audit_rows(), _statuses(open_), _statuses(locked))
    c = client_for(user)
    numbers = [r.number for r in open_] + ([odd] if odd else [])
    resp = c.post("/assistance/confirm/many/", {"action": "confirm", "numbers": numbers}, **EN)
    assert resp.status_code == 302
    shown = [str(m) for m in get_messages(resp.wsgi_request)]
    assert shown == ["Nothing was changed; these records cannot be acted on:", *expected]
    # nothing changed, nothing audited
    assert (_audit_rows(), _statuses(open_), _statuses(locked)) == before


def test_a_liaison_cannot_act_in_bulk(submitted, helper_liaison, client_for):
    open_, _locked = submitted
    c = client_for(helper_liaison)
    resp = c.post("/assistance/confirm/many/", {"action": "confirm", "numbers": [open_[0].number]})
    assert resp.status_code == 403
    assert _statuses(open_) == ["submitted"] * 3


def test_the_api_confirms_many_or_none(submitted, officer_chengde, client_for):
    open_, locked = submitted
    c = client_for(officer_chengde)
    c.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    bad = c.post(
        "/api/v1/assistance/review/",
        {"action": "confirm", "numbers": [open_[0].number, locked[0].number]},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert locked[0].number in str(bad.json())
    assert _statuses(open_) == ["submitted"] * 3
    ok = c.post(
        "/api/v1/assistance/review/",
        {"action": "confirm", "numbers": [r.number for r in open_]},
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert [(r["number"], r["status"]) for r in ok.json()] == [
        (r.number, "confirmed") for r in open_
    ]
    back = c.post(
        "/api/v1/assistance/review/",
        {"action": "return", "numbers": [locked[1].number], "note": "x"},
        content_type="application/json",
    )
    assert back.status_code == 400
    assert _statuses(locked) == ["submitted", "submitted"]


def test_the_queue_page_costs_the_same_for_many_records(
    submitted, officer_chengde, client_for, training, django_assert_max_num_queries
):
    c = client_for(officer_chengde)
    c.get("/assistance/confirm/")  # warm the session
    for i in range(20):
        r = assistance_save(user=officer_chengde, **{**training, "on": dt.date(2017, 8, 1 + i)})
        assistance_submit(user=officer_chengde, record=r)
    with django_assert_max_num_queries(14):
        resp = c.get("/assistance/confirm/")
    assert len(resp.context["page"]) == 23
    assert PeriodLock.objects.count() == 1
    assert AssistanceStatus.SUBMITTED == "submitted"


def test_a_locked_records_page_offers_no_action_it_would_refuse(
    submitted, officer_chengde, client_for
):
    open_, locked = submitted
    c = client_for(officer_chengde)
    html = c.get(f"/assistance/{locked[0].number}/", **EN).content.decode()
    assert 'data-testid="locked"' in html
    for action in ('data-testid="confirm"', 'data-testid="send-back"', 'data-testid="edit"'):
        assert action not in html
    html = c.get(f"/assistance/{open_[0].number}/", **EN).content.decode()
    assert 'data-testid="locked"' not in html
    assert 'data-testid="confirm"' in html
    assert 'data-testid="send-back"' in html
