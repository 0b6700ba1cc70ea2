import pytest
from django.db import IntegrityError, InternalError, OperationalError, connection, transaction
from django.urls import reverse

from bangfu.accounts import audit, audit_verify
from bangfu.accounts.models import AuditEvent
from bangfu.core.context import acting_as
from bangfu.places.models import Division, Programme

pytestmark = pytest.mark.django_db
DB_REFUSALS = (IntegrityError, InternalError, OperationalError)


def make_programme():
    return Programme.objects.create(name="P", start_year=2017, end_year=2020)


def test_create_update_delete_are_recorded_with_field_changes(city_officer):
    with acting_as(user=city_officer, channel="web", address="10.1.1.1"):
        p = make_programme()
        p.end_year = 2021
        p.save()
        pk = p.pk
        p.delete()
    rows = list(AuditEvent.objects.filter(object_type="places.programme").order_by("id"))
    assert [r.event for r in rows] == ["create", "update", "delete"]
    assert rows[0].changes["name"] == [None, "P"]
    assert rows[1].changes == {"end_year": ["2020", "2021"]}
    assert rows[2].object_id == str(pk)
    assert {(r.actor_name, r.role, r.address, r.channel) for r in rows} == {
        ("city_officer", "city", "10.1.1.1", "web")
    }


def test_unchanged_save_writes_no_update_row():
    p = make_programme()
    p.save()
    assert AuditEvent.objects.filter(object_type="places.programme", event="update").count() == 0


def test_orm_update_and_delete_of_audit_rows_are_refused():
    ev = audit.record(event="test")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=ev.pk).update(event="forged")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    ev.event = "forged"
    with pytest.raises(PermissionError):
        ev.save()
    with pytest.raises(PermissionError):
        ev.delete()
    assert AuditEvent.objects.get(pk=ev.pk).event == "test"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE accounts_auditevent SET event = 'forged'",
        "DELETE FROM accounts_auditevent",
    ],
)
def test_the_database_refuses_raw_update_and_delete(sql):
    """Even SQL that bypasses the ORM is refused by the triggers, on SQLite and PostgreSQL."""
    ev = audit.record(event="test")
    with pytest.raises(DB_REFUSALS), transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql)
    assert AuditEvent.objects.get(pk=ev.pk).event == "test"


def test_postgresql_refuses_truncate():
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE exists on PostgreSQL only")
    audit.record(event="test")
    with pytest.raises(DB_REFUSALS), transaction.atomic(), connection.cursor() as cur:
        cur.execute("TRUNCATE accounts_auditevent")
    assert AuditEvent.objects.filter(event="test").count() == 1


def _drop_triggers(cur):
    """Simulates someone with direct database access (the test's transaction restores it)."""
    if connection.vendor == "postgresql":
        cur.execute("ALTER TABLE accounts_auditevent DISABLE TRIGGER USER")
    else:
        cur.execute("DROP TRIGGER accounts_auditevent_no_update")


def test_hash_chain_verifies_and_names_a_tampered_row():
    rows = [audit.record(event=f"e{i}") for i in range(3)]
    assert list(audit_verify.verify_chain()) == []
    with connection.cursor() as cur:
        _drop_triggers(cur)
        cur.execute("UPDATE accounts_auditevent SET detail = 'changed' WHERE id = %s", [rows[1].pk])
    assert [(ev.pk, problem) for ev, problem in audit_verify.verify_chain()] == [
        (rows[1].pk, "content")
    ]


def test_verify_audit_command_fails_on_tampering(capsys):
    from django.core.management import CommandError, call_command

    ev = audit.record(event="a")
    audit.record(event="b")
    with connection.cursor() as cur:
        _drop_triggers(cur)
        cur.execute("UPDATE accounts_auditevent SET event = 'forged' WHERE id = %s", [ev.pk])
    with pytest.raises(CommandError, match="audit chain broken"):
        call_command("verify_audit")
    assert f"row {ev.pk} " in capsys.readouterr().err


def test_verify_audit_command_reports_clean_chain(capsys):
    from django.core.management import call_command

    audit.record(event="a")
    audit.record(event="b")
    call_command("verify_audit")
    assert "audit chain intact" in capsys.readouterr().out


def test_no_full_id_or_phone_number_reaches_the_audit_trail():
    audit.record(
        event="note", detail="户主 130821199001011234 电话 13812345678", object_repr="13812345678"
    )
    ev = AuditEvent.objects.latest("id")
    assert "130821199001011234" not in ev.detail
    assert "13812345678" not in ev.detail
    assert "130821********1234" in ev.detail
    assert "138****5678" in ev.detail
    assert ev.object_repr == "138****5678"


def test_no_admin_page_for_the_audit_trail(client_for, sysadmin):
    c = client_for(sysadmin)
    assert c.get("/sysadmin/accounts/auditevent/").status_code == 404
    assert c.get("/sysadmin/accounts/user/").status_code == 200


def test_api_offers_no_write_on_the_audit_trail(client_for, auditor):
    ev = audit.record(event="test")
    c = client_for(auditor)
    url = f"/api/v1/audit-events/{ev.pk}/"
    assert c.get(url).status_code == 200
    assert c.put(url, {"event": "x"}, content_type="application/json").status_code == 405
    assert c.patch(url, {"event": "x"}, content_type="application/json").status_code == 405
    assert c.delete(url).status_code == 405
    assert (
        c.post("/api/v1/audit-events/", {"event": "x"}, content_type="application/json").status_code
        == 405
    )
    assert AuditEvent.objects.get(pk=ev.pk).event == "test"


def test_auditor_filters_and_exports_and_the_export_is_audited(client_for, auditor, city_officer):
    with acting_as(user=city_officer):
        make_programme()
    audit.record(event="formula", detail='=HYPERLINK("http://x")')
    c = client_for(auditor)
    page = c.get(reverse("accounts:audit"), {"actor": "city_officer"})
    assert page.status_code == 200
    assert "places.programme" in page.content.decode()
    assert "formula" not in page.content.decode()
    resp = c.get(reverse("accounts:audit_export"))
    body = b"".join(resp.streaming_content).decode("utf-8-sig")
    assert resp["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK" in body  # formula-like cells are escaped
    assert AuditEvent.objects.filter(event="export", actor_name="auditor").count() == 1


def test_denied_page_is_recorded(client_for, auditor):
    c = client_for(auditor)
    assert c.get("/places/").status_code == 403
    ev = AuditEvent.objects.filter(event="access_denied").get()
    assert (ev.actor_name, ev.outcome, ev.object_repr) == ("auditor", "denied", "/places/")


def test_out_of_scope_lookup_is_recorded(client_for, officer_chengde):
    c = client_for(officer_chengde)
    assert c.get("/places/130828/").status_code == 404
    ev = AuditEvent.objects.filter(event="access_denied").get()
    assert (ev.object_type, ev.object_id) == ("places.division", "130828")


def test_management_command_changes_are_attributed_to_the_operator(capsys):
    from django.core.management import call_command

    Division.objects.filter(level="village", code__startswith="130881").delete()
    call_command("load_divisions")
    ev = AuditEvent.objects.filter(event="load_divisions").latest("id")
    assert (ev.channel, ev.actor_name) == ("command", "operator")


@pytest.mark.parametrize(
    ("path", "channel"),
    [("/sysadmin/accounts/user/", "admin"), ("/api/v1/me/", "api"), ("/registry/", "web")],
)
def test_the_channel_of_a_request_follows_where_the_admin_site_is_mounted(path, channel):
    """Changes made on the admin site (mounted at /sysadmin/) are audited as channel "admin"."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from bangfu.core import context
    from bangfu.core.middleware import RequestContextMiddleware

    seen = []

    def view(request):
        seen.append(context.current().channel)
        return HttpResponse()

    RequestContextMiddleware(view)(RequestFactory().get(path))
    assert seen == [channel]
