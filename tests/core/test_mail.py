"""E-mail beside in-app notifications: after commit, one message per address, never fatal."""

import pytest
from django.core import mail

from bangfu.core.models import Notification
from bangfu.core.notifications import notify

pytestmark = pytest.mark.django_db


def test_mail_goes_after_commit_one_per_address(
    city_officer, officer_chengde, officer_weichang, mailoutbox, django_capture_on_commit_callbacks
):
    city_officer.email = "a@example.org"
    officer_chengde.email = "b@example.org"
    for u in (city_officer, officer_chengde):
        u.save()
    users = [city_officer, officer_chengde, officer_weichang]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert notify(users=users, kind="t", title="标题", body="正文", url="/x/", email=True) == 3
    assert mailoutbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.org", "b@example.org"]
    assert all(m.to == [m.to[0]] for m in mailoutbox)  # nobody sees the other recipients
    assert "http://127.0.0.1:8000/x/" in mailoutbox[0].body


def test_a_failing_mail_server_loses_nothing(
    city_officer, monkeypatch, django_capture_on_commit_callbacks
):
    city_officer.email = "a@example.org"
    city_officer.save()

    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(mail.EmailMessage, "send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[city_officer], kind="t", title="标题", email=True)
    assert Notification.objects.filter(recipient=city_officer).count() == 1
