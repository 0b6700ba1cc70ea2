"""Editing a commendation or criticism notice and its entries before it is issued: the rules,
the version check, the history, and the refusal once issued (service, page and API)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from bangfu.core.models import StaleRecordError
from bangfu.evaluation.models import Notice, NoticeEntry
from bangfu.evaluation.services import notices

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(programme, city_officer):
    notice = notices.notice_create(
        user=city_officer,
        programme=programme,
        year=2017,
        kind="commendation",
        subject="2017年度先进单位",
        issuer="市合作交流办",
    )
    notices.notice_entry_add(
        user=city_officer, notice=notice, subject="person", name="李强", reason="工作突出"
    )
    return Notice.objects.get(pk=notice.pk)


@pytest.fixture
def entry(draft):
    return draft.entries.get()


@pytest.fixture
def issued(draft, city_officer):
    notices.notice_issue(user=city_officer, notice=draft, issued_on=dt.date(2018, 1, 20))
    return Notice.objects.get(pk=draft.pk)


# --------------------------------------------------------------------------- the services


def test_a_draft_is_edited_and_its_title_follows(draft, city_officer):
    notices.notice_update(
        user=city_officer,
        notice=draft,
        kind="criticism",
        subject="关于承德县扶贫办的通报批评",
        number="津合办〔2018〕11号",
    )
    notice = Notice.objects.get(pk=draft.pk)
    assert notice.title == "关于承德县扶贫办的通报批评"
    assert notice.number == "津合办〔2018〕11号"
    assert notice.version == draft.version


def test_only_the_city_office_edits(draft, entry, officer_chengde):
    with pytest.raises(PermissionDenied):
        notices.notice_update(user=officer_chengde, notice=draft, subject="改")
    with pytest.raises(PermissionDenied):
        notices.notice_entry_update(user=officer_chengde, entry=entry, reason="改")
    assert Notice.objects.get(pk=draft.pk).subject == "2017年度先进单位"


def test_an_issued_notice_and_its_entries_no_longer_change(issued, city_officer):
    entry = issued.entries.get()
    with translation.override("zh-hans"):
        for edit in (
            lambda: notices.notice_update(user=city_officer, notice=issued, subject="改"),
            lambda: notices.notice_entry_update(user=city_officer, entry=entry, reason="改"),
            lambda: notices.notice_entry_remove(user=city_officer, entry=entry),
        ):
            with pytest.raises(ValidationError) as err:
                edit()
            assert "已于2018-01-20印发" in err.value.messages[0]
    assert Notice.objects.get(pk=issued.pk).subject == "2017年度先进单位"
    assert NoticeEntry.objects.get(pk=entry.pk).reason == "工作突出"


def test_a_stale_version_is_refused_and_nothing_is_written(draft, entry, city_officer):
    read = draft.version
    notices.notice_update(user=city_officer, notice=draft, issuer="天津市合作交流办")
    with pytest.raises(StaleRecordError):
        notices.notice_update(user=city_officer, notice=draft, version=read, issuer="别的")
    assert Notice.objects.get(pk=draft.pk).issuer == "天津市合作交流办"
    notices.notice_entry_update(user=city_officer, entry=entry, reason="长期驻村")
    with pytest.raises(StaleRecordError):
        notices.notice_entry_update(user=city_officer, entry=entry, version=1, reason="x")
    assert NoticeEntry.objects.get(pk=entry.pk).reason == "长期驻村"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"subject": "关于的表彰通报"}, "subject"),
        ({"issuer": " "}, "issuer"),
        ({"kind": "praise"}, "kind"),
        ({"year": 2016}, "year"),
    ],
)
def test_bad_notice_fields_are_refused_on_their_field(draft, city_officer, fields, field):
    with pytest.raises(ValidationError) as err:
        notices.notice_update(user=city_officer, notice=draft, **fields)
    assert field in err.value.message_dict
    assert Notice.objects.get(pk=draft.pk).version == draft.version


def test_an_entry_becomes_a_helper_named_by_its_own_name(entry, city_officer, helper_org):
    notices.notice_entry_update(user=city_officer, entry=entry, subject="helper", helper=helper_org)
    changed = NoticeEntry.objects.get(pk=entry.pk)
    assert (changed.subject, changed.name, changed.helper) == (
        "helper",
        helper_org.name,
        helper_org,
    )
    with pytest.raises(ValidationError) as err:
        notices.notice_entry_update(user=city_officer, entry=changed, helper=None)
    assert "helper" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        notices.notice_entry_update(user=city_officer, entry=changed, reason="")
    assert "reason" in err.value.message_dict


def test_taking_an_entry_off_is_in_the_notices_history(draft, entry, city_officer):
    from bangfu.accounts.history import history_for

    notices.notice_entry_remove(user=city_officer, entry=entry)
    assert not draft.entries.exists()
    with translation.override("zh-hans"):
        details = [e.detail for e in history_for(obj=draft)]
    assert any("李强" in d for d in details)


# --------------------------------------------------------------------------- the pages


def test_the_pages_edit_a_draft_and_show_the_history(client_for, city_officer, draft, entry):
    c = client_for(city_officer)
    page = c.get(f"/oversight/notices/{draft.pk}/").text
    assert f"/oversight/notices/{draft.pk}/edit/" in page
    assert f"/oversight/notices/{draft.pk}/entries/{entry.pk}/" in page
    resp = c.post(
        f"/oversight/notices/{draft.pk}/edit/",
        {
            "kind": "commendation",
            "year": 2017,
            "subject": "2017年度先进单位和个人",
            "issuer": "市合作交流办",
            "version": draft.version,
        },
    )
    assert resp.status_code == 302
    resp = c.post(
        f"/oversight/notices/{draft.pk}/entries/{entry.pk}/",
        {"subject": "person", "name": "李强", "reason": "长期驻村帮扶", "version": entry.version},
    )
    assert resp.status_code == 302
    page = c.get(f"/oversight/notices/{draft.pk}/").text
    assert "关于2017年度先进单位和个人的表彰通报" in page
    history = page.split('data-testid="history"')[1]
    assert "长期驻村帮扶" in history
    assert "工作突出" in history
    assert "2017年度先进单位和个人" in history


def test_a_stale_page_keeps_what_was_typed(client_for, city_officer, draft):
    c = client_for(city_officer)
    read = draft.version
    notices.notice_update(user=city_officer, notice=draft, number="津合办〔2018〕2号")
    resp = c.post(
        f"/oversight/notices/{draft.pk}/edit/",
        {
            "kind": "commendation",
            "year": 2017,
            "subject": "我的标题",
            "issuer": "市合作交流办",
            "version": read,
        },
    )
    assert resp.status_code == 200
    assert "已被他人修改" in resp.text
    assert "我的标题" in resp.text
    assert Notice.objects.get(pk=draft.pk).subject == "2017年度先进单位"


def test_the_pages_refuse_an_issued_notice(client_for, city_officer, issued):
    c = client_for(city_officer)
    entry = issued.entries.get()
    page = c.get(f"/oversight/notices/{issued.pk}/").text
    assert "edit-notice" not in page
    assert "edit-entry" not in page
    for url in (
        f"/oversight/notices/{issued.pk}/edit/",
        f"/oversight/notices/{issued.pk}/entries/{entry.pk}/",
    ):
        resp = c.get(url)
        assert resp.status_code == 302
        assert resp["Location"] == f"/oversight/notices/{issued.pk}/"
        resp = c.post(url, {"subject": "person", "name": "王", "reason": "改"}, follow=True)
        assert "不能再修改" in resp.text
    resp = c.post(f"/oversight/notices/{issued.pk}/entries/{entry.pk}/remove/", follow=True)
    assert "不能再修改" in resp.text
    assert NoticeEntry.objects.get(pk=entry.pk).reason == "工作突出"
    assert Notice.objects.get(pk=issued.pk).entries.count() == 1


def test_an_entry_of_another_notice_is_404(client_for, city_officer, draft, programme):
    other = notices.notice_create(
        user=city_officer,
        programme=programme,
        year=2018,
        kind="commendation",
        subject="另一份",
        issuer="市合作交流办",
    )
    entry = draft.entries.get()
    resp = client_for(city_officer).get(f"/oversight/notices/{other.pk}/entries/{entry.pk}/")
    assert resp.status_code == 404


# --------------------------------------------------------------------------- the API


def test_api_edits_a_draft_and_its_entries(client_for, city_officer, draft, entry, helper_org):
    c = client_for(city_officer)
    resp = c.patch(
        f"/api/v1/notices/{draft.pk}/",
        {"number": "津合办〔2018〕3号", "version": draft.version},
        content_type="application/json",
    )
    assert resp.status_code == 200, resp.content
    assert resp.json()["number"] == "津合办〔2018〕3号"
    resp = c.patch(
        f"/api/v1/notices/{draft.pk}/entries/{entry.pk}/",
        {"subject": "helper", "helper": helper_org.uscc},
        content_type="application/json",
    )
    assert resp.status_code == 200, resp.content
    assert resp.json()["entries"][0]["name"] == helper_org.name
    resp = c.patch(
        f"/api/v1/notices/{draft.pk}/entries/{entry.pk}/",
        {"helper": "000000000000000000"},
        content_type="application/json",
    )
    assert resp.status_code == 400
    assert "helper" in resp.json()
    resp = c.delete(f"/api/v1/notices/{draft.pk}/entries/{entry.pk}/")
    assert resp.status_code == 200
    assert resp.json()["entries"] == []


def test_api_stale_version_is_409(client_for, city_officer, draft):
    c = client_for(city_officer)
    url = f"/api/v1/notices/{draft.pk}/"
    ok = c.patch(url, {"issuer": "甲", "version": draft.version}, "application/json")
    assert ok.status_code == 200
    resp = c.patch(url, {"issuer": "乙", "version": draft.version}, "application/json")
    assert resp.status_code == 409
    assert "已被他人修改" in resp.json()["detail"]
    assert Notice.objects.get(pk=draft.pk).issuer == "甲"


def test_api_refuses_an_issued_notice(client_for, city_officer, officer_chengde, issued):
    c = client_for(city_officer)
    entry = issued.entries.get()
    resp = c.patch(f"/api/v1/notices/{issued.pk}/", {"subject": "改"}, "application/json")
    assert resp.status_code == 400
    assert "不能再修改" in str(resp.json())
    resp = c.patch(
        f"/api/v1/notices/{issued.pk}/entries/{entry.pk}/", {"reason": "改"}, "application/json"
    )
    assert resp.status_code == 400
    assert c.delete(f"/api/v1/notices/{issued.pk}/entries/{entry.pk}/").status_code == 400
    assert NoticeEntry.objects.filter(pk=entry.pk, reason="工作突出").exists()
    other = client_for(officer_chengde)
    assert other.patch(f"/api/v1/notices/{issued.pk}/", {}, "application/json").status_code == 403
