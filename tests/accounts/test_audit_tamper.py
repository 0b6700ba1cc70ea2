"""The audit trail against someone with database access (issue 13; SECURITY.md §10-12).

The attacker drops (SQLite) or disables (PostgreSQL) the append-only triggers inside the
test's transaction, which the test's rollback restores, then edits, re-chains or deletes rows
the way someone with a database console would. They do not have AUDIT_MAC_KEY.
"""

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import types

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

from bangfu.accounts import audit, audit_chain, audit_verify, checkpoints
from bangfu.accounts.models import AuditEvent
from bangfu.core.context import acting_as

from .test_audit import DB_REFUSALS

pytestmark = pytest.mark.django_db


def _key(n: int) -> str:
    return base64.urlsafe_b64encode(bytes([n]) * 32).decode()


@pytest.fixture
def keys(monkeypatch):
    """Set AUDIT_MAC_KEY for the test (the key cache is cleared around it)."""

    def use(value: str):
        monkeypatch.setenv("AUDIT_MAC_KEY", value)
        audit_chain.mac_keys.cache_clear()

    yield use
    audit_chain.mac_keys.cache_clear()


@pytest.fixture
def empty_trail(db):
    """A trail that starts in this test (the session's set-up rows are put aside)."""
    audit_verify.delete_through_gate(10**12)
    assert AuditEvent.objects.count() == 0


def attacker_disables_triggers():
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("ALTER TABLE accounts_auditevent DISABLE TRIGGER USER")
        else:
            cur.execute("DROP TRIGGER accounts_auditevent_no_update")
            cur.execute("DROP TRIGGER accounts_auditevent_no_delete")


def _set(cur, ev):
    cur.execute(
        "UPDATE accounts_auditevent SET detail = %s, prev_hash = %s, hash = %s, "
        "chain_version = %s, key_id = %s WHERE id = %s",
        [ev.detail, ev.prev_hash, ev.hash, ev.chain_version, ev.key_id, ev.pk],
    )


def attacker_rechains(from_id: int, how: str, upto: int | None = None) -> None:
    """Recompute every link from `from_id` on, as well as one can without the key."""
    wrong_key = os.urandom(32)
    rows = list(AuditEvent.objects.order_by("id"))
    prev = ""
    with connection.cursor() as cur:
        for ev in rows:
            if ev.pk >= from_id and (upto is None or ev.pk <= upto):
                ev.prev_hash = prev
                if how == "sha256":  # the old plain chain
                    ev.chain_version, ev.key_id = 1, ""
                    ev.hash = audit_chain.row_digest(prev, ev)
                elif how == "sha256-as-keyed":  # the keyed row format, hashed without a key
                    payload = {**audit_chain.row_content(ev), "v": 2, "kid": ev.key_id}
                    ev.hash = hashlib.sha256(
                        (prev + audit_chain.canonical(payload)).encode()
                    ).hexdigest()
                else:  # "wrong key"
                    ev.hash = audit_chain.row_mac(prev, ev, wrong_key)
                _set(cur, ev)
            prev = ev.hash


@pytest.mark.parametrize("how", ["sha256", "sha256-as-keyed", "wrong key"])
def test_an_edited_row_with_a_recomputed_chain_is_named(empty_trail, how, capsys):
    rows = [audit.record(event="note", detail=f"row {i}") for i in range(5)]
    assert audit_verify.verify_trail()[1] == []
    attacker_disables_triggers()
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE accounts_auditevent SET detail = 'nothing happened' WHERE id = %s", [rows[2].pk]
        )
    attacker_rechains(rows[2].pk, how)
    if how == "sha256":  # what used to be enough: the plain SHA-256 chain is whole again
        prev = ""
        for ev in AuditEvent.objects.filter(id__lte=rows[1].pk).order_by("id"):
            prev = ev.hash
        for ev in AuditEvent.objects.filter(id__gte=rows[2].pk).order_by("id"):
            assert (ev.prev_hash, ev.hash) == (prev, audit_chain.row_digest(prev, ev))
            prev = ev.hash
    walk, problems = audit_verify.verify_trail()
    code = "unkeyed" if how == "sha256" else "content"
    assert [(ev.pk, what) for ev, what in walk.bad] == [(r.pk, code) for r in rows[2:]]
    # the plain chain also leaves the newest row unkeyed, which is named as well
    tail = [rows[4].pk] if how == "sha256" else []
    assert [p.row_id for p in problems] == [r.pk for r in rows[2:]] + tail
    assert problems[0].message.startswith(f"row {rows[2].pk} (")
    with pytest.raises(CommandError, match=f"audit chain broken: {3 + len(tail)} problems"):
        call_command("verify_audit")
    assert f"row {rows[2].pk} (" in capsys.readouterr().err


def test_the_newest_rows_deleted_are_named_against_the_checkpoint(empty_trail, capsys):
    rows = [audit.record(event="note", detail=f"row {i}") for i in range(10)]
    path = checkpoints.write("daily")
    when = checkpoints._when(json.loads(path.read_text()))
    call_command("verify_audit")
    assert capsys.readouterr().out == (
        f"audit chain intact: 10 rows; 1 checkpoints agree, the newest at row {rows[9].pk} "
        f"of {when}\n"
    )
    attacker_disables_triggers()
    with connection.cursor() as cur:
        cur.execute("DELETE FROM accounts_auditevent WHERE id > %s", [rows[6].pk])
    # what is left is a whole chain: only the checkpoint shows what is gone
    assert list(audit_verify.verify_chain()) == []
    problems = audit_verify.verify_trail()[1]
    assert [p.message for p in problems] == [
        f"rows {rows[7].pk}–{rows[9].pk} missing after checkpoint of {when}"
    ]
    # new rows written afterwards do not hide it
    audit.record(event="note", detail="later")
    assert [p.message for p in audit_verify.verify_trail()[1]] == [
        f"rows {rows[7].pk}–{rows[9].pk} missing after checkpoint of {when}"
    ]
    with pytest.raises(CommandError, match="audit chain broken: 1 problems"):
        call_command("verify_audit")
    assert f"rows {rows[7].pk}–{rows[9].pk} missing after checkpoint of {when}" in (
        capsys.readouterr().err
    )


def test_a_row_replaced_at_the_checkpoints_place_is_named(empty_trail):
    rows = [audit.record(event="note", detail=f"row {i}") for i in range(3)]
    path = checkpoints.write("daily")
    when = checkpoints._when(json.loads(path.read_text()))
    attacker_disables_triggers()
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE accounts_auditevent SET hash = %s WHERE id = %s", ["0" * 64, rows[2].pk]
        )
    messages = [p.message for p in audit_verify.verify_trail()[1]]
    assert messages[-1] == f"row {rows[2].pk} differs from the checkpoint of {when}"


def test_a_tampered_checkpoint_file_is_named(empty_trail, keys, capsys):
    rows = [audit.record(event="note") for _ in range(3)]
    good = checkpoints.write("daily")
    altered = checkpoints.write("filing")
    data = json.loads(altered.read_text())
    data["last_id"] = rows[0].pk  # pretend the trail ended earlier
    altered.write_text(json.dumps(data))
    (good.parent / "0-broken.json").write_text("{not json")
    problems = [p.message for p in audit_verify.verify_trail()[1]]
    assert problems == [
        "checkpoint 0-broken.json: unreadable",
        f"checkpoint {altered.name}: signature does not match (the file was altered)",
    ]
    keys(_key(7))  # a key that did not sign the rows nor the checkpoints
    problems = [p.message for p in audit_verify.verify_trail()[1]]
    assert f"checkpoint {good.name}: signed with an unknown key {data['key_id']}" in problems
    with pytest.raises(CommandError):
        call_command("verify_audit")


def test_checkpoint_file_holds_a_signed_head_and_goes_to_the_log(empty_trail, caplog):
    rows = [audit.record(event="note") for _ in range(2)]
    with caplog.at_level("INFO", logger="bangfu.audit"):
        call_command("audit_checkpoint")
    (path,) = checkpoints.checkpoint_dir().glob("*.json")
    data = json.loads(path.read_text())
    kid, key = audit_chain.signing_key()
    assert (data["kind"], data["last_id"], data["last_mac"], data["rows"], data["key_id"]) == (
        "daily",
        rows[1].pk,
        rows[1].hash,
        2,
        kid,
    )
    assert data["sig"] == checkpoints.sign(data, key)
    assert f"audit checkpoint daily: row {rows[1].pk} MAC {rows[1].hash}, 2 rows" in caplog.text


def test_a_checkpoint_is_written_when_the_newest_is_a_day_old(empty_trail):
    audit.record(event="note")
    checkpoints.write("daily")
    checkpoints._last_written = timezone.now().timestamp() - 3600
    checkpoints.maybe_daily()
    assert len(list(checkpoints.checkpoint_dir().glob("*.json"))) == 1
    checkpoints._last_written = timezone.now().timestamp() - 25 * 3600
    checkpoints.maybe_daily()
    assert len(list(checkpoints.checkpoint_dir().glob("*-daily.json"))) == 2


# ------------------------------------------------------------------------------ the key


def test_rows_carry_the_key_id_and_the_mac_of_the_previous_row(empty_trail, keys):
    keys(_key(1))
    a = audit.record(event="a")
    b = audit.record(event="b")
    kid = audit_chain.key_id(bytes([1]) * 32)
    assert (a.chain_version, a.key_id, a.prev_hash) == (2, kid, "")
    assert (b.chain_version, b.key_id, b.prev_hash) == (2, kid, a.hash)
    expected = hmac.new(
        bytes([1]) * 32,
        (
            a.hash + audit_chain.canonical({**audit_chain.row_content(b), "v": 2, "kid": kid})
        ).encode(),
        hashlib.sha256,
    ).hexdigest()
    assert AuditEvent.objects.get(pk=b.pk).hash == expected


def test_a_rotated_key_verifies_while_the_old_one_is_listed(empty_trail, keys):
    keys(_key(1))
    old = audit.record(event="old")
    keys(f"{_key(2)},{_key(1)}")
    new = audit.record(event="new")
    assert new.key_id == audit_chain.key_id(bytes([2]) * 32) != old.key_id
    assert audit_verify.verify_trail()[1] == []
    keys(_key(2))
    walk, _problems = audit_verify.verify_trail()
    assert [(ev.pk, what) for ev, what in walk.bad] == [(old.pk, "key")]


def test_old_sha256_rows_verify_and_are_sealed_by_the_first_keyed_row(empty_trail):
    """Rows from before the key keep their plain chain; the keyed row after them covers them."""
    import importlib

    from django.apps import apps

    seal = importlib.import_module("bangfu.accounts.migrations.0004_audit_mac_chain").seal_legacy
    prev = ""
    legacy = []
    for i in range(3):
        ev = AuditEvent(at=timezone.now(), event="old", detail=f"old {i}", chain_version=1)
        ev.prev_hash, ev.hash = prev, audit_chain.row_digest(prev, ev)
        ev.save()
        legacy.append(ev)
        prev = ev.hash
    seal(apps, types.SimpleNamespace(connection=connection))
    sealed = AuditEvent.objects.latest("id")
    assert (sealed.event, sealed.chain_version, sealed.prev_hash) == ("audit_keyed", 2, prev)
    new = audit.record(event="new")
    assert audit_verify.verify_trail()[1] == []
    # rewriting an old row and its plain chain now breaks the keyed row that follows ...
    attacker_disables_triggers()
    with connection.cursor() as cur:
        cur.execute("UPDATE accounts_auditevent SET detail = 'x' WHERE id = %s", [legacy[1].pk])
    with transaction.atomic():
        attacker_rechains(legacy[1].pk, "sha256", upto=legacy[2].pk)
        walk, _problems = audit_verify.verify_trail()
        assert [(ev.pk, what) for ev, what in walk.bad] == [(sealed.pk, "link")]
        transaction.set_rollback(True)
    # ... and re-chaining everything after it as plain SHA-256 leaves an unkeyed newest row
    attacker_rechains(legacy[1].pk, "sha256")
    walk, problems = audit_verify.verify_trail()
    assert walk.bad == []
    assert [p.message for p in problems] == [
        f"row {new.pk} ({new.at:%Y-%m-%d %H:%M:%S} new): the newest row is not keyed "
        "(re-chained tail)"
    ]


def test_the_key_is_required_in_production_and_retention_at_least_183_days(settings, keys):
    from bangfu.accounts.checks import audit_key_configured, audit_retention

    settings.DEBUG = False
    settings.TESTING = False
    keys("")
    assert [e.id for e in audit_key_configured(None)] == ["bangfu.E010"]
    keys("not base64!")
    assert [e.id for e in audit_key_configured(None)] == ["bangfu.E010"]
    keys(_key(3))
    assert audit_key_configured(None) == []
    settings.AUDIT_RETENTION_DAYS = 182
    assert [e.id for e in audit_retention(None)] == ["bangfu.E011"]
    settings.AUDIT_RETENTION_DAYS = 183
    assert audit_retention(None) == []


# ------------------------------------------------------------------------------ denials


def _denials():
    return list(AuditEvent.objects.filter(event="access_denied").values_list("detail", flat=True))


def test_a_denial_survives_the_rollback_of_its_transaction(empty_trail):
    def denied_then_rolled_back():
        with transaction.atomic():
            audit.record(event="note", detail="rolled back")
            audit.record(event="access_denied", outcome="denied", detail="rolled back")
            raise PermissionError

    with acting_as(channel="web"):
        with pytest.raises(PermissionError):
            denied_then_rolled_back()
        assert _denials() == []  # gone with the transaction, until the request ends
    assert _denials() == ["rolled back"]
    assert AuditEvent.objects.filter(event="note").count() == 0
    assert audit_verify.verify_trail()[1] == []


def test_a_denial_in_a_committed_transaction_is_written_once(empty_trail):
    with acting_as(channel="web"):
        with transaction.atomic():
            audit.record(event="access_denied", outcome="denied", detail="kept")
        with transaction.atomic():
            try:
                with transaction.atomic():
                    audit.record(event="access_denied", outcome="denied", detail="savepoint")
                    raise PermissionError
            except PermissionError:
                pass
    assert sorted(_denials()) == ["kept", "savepoint"]
    assert audit_verify.verify_trail()[1] == []


# ------------------------------------------------------------------------------ retention


@pytest.fixture
def old_and_new_rows(empty_trail, monkeypatch):
    long_ago = timezone.now() - dt.timedelta(days=200)
    monkeypatch.setattr(audit, "timezone", types.SimpleNamespace(now=lambda: long_ago))
    old = [audit.record(event="note", detail=f"old {i}") for i in range(3)]
    monkeypatch.undo()
    checkpoints.write("daily")  # anchors the old rows; the purge must keep it valid
    new = [audit.record(event="note", detail=f"new {i}") for i in range(2)]
    checkpoints.write("daily")
    return old, new


def test_purge_removes_old_rows_as_one_audited_action_and_the_trail_verifies(
    old_and_new_rows, capsys
):
    old, new = old_and_new_rows
    before = timezone.localdate() - dt.timedelta(days=183)
    call_command("purge_audit", "--before", before.isoformat())
    assert capsys.readouterr().out == (
        f"purged 3 audit rows before {before} (up to row {old[2].pk})\n"
    )
    assert list(AuditEvent.objects.order_by("id").values_list("id", flat=True))[:2] == [
        r.pk for r in new
    ]
    purge = AuditEvent.objects.get(event="audit_purge")
    assert (purge.actor_name, purge.channel, purge.object_id) == (
        "operator",
        "command",
        str(old[2].pk),
    )
    assert (
        purge.detail == f"purged 3 rows before {before}: up to row {old[2].pk} (MAC {old[2].hash})"
    )
    assert audit_verify.verify_trail()[1] == []
    call_command("verify_audit")
    assert capsys.readouterr().out.startswith("audit chain intact: 3 rows; 2 checkpoints agree")
    # the gate is shut again: a raw DELETE is refused as before
    with pytest.raises(DB_REFUSALS), transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM accounts_auditevent WHERE id = %s", [new[0].pk])
    assert AuditEvent.objects.filter(pk=new[0].pk).exists()


def test_rows_deleted_from_the_start_after_a_purge_are_named(old_and_new_rows):
    old, new = old_and_new_rows
    before = timezone.localdate() - dt.timedelta(days=183)
    call_command("purge_audit", "--before", before.isoformat())
    attacker_disables_triggers()
    with connection.cursor() as cur:
        cur.execute("DELETE FROM accounts_auditevent WHERE id = %s", [new[0].pk])
    assert [p.message for p in audit_verify.verify_trail()[1]] == [
        f"rows before row {new[1].pk} missing: the last purge (row "
        f"{AuditEvent.objects.get(event='audit_purge').pk}) kept everything after row {old[2].pk}"
    ]


def test_rows_deleted_from_the_start_without_a_purge_are_named(empty_trail):
    rows = [audit.record(event="note") for _ in range(3)]
    attacker_disables_triggers()
    with connection.cursor() as cur:
        cur.execute("DELETE FROM accounts_auditevent WHERE id = %s", [rows[0].pk])
    assert [p.message for p in audit_verify.verify_trail()[1]] == [
        f"rows before row {rows[1].pk} missing: the trail starts after a row that no recorded "
        "purge removed"
    ]


def test_purge_refuses_a_date_within_the_retention_period(old_and_new_rows):
    before = timezone.localdate() - dt.timedelta(days=182)
    with pytest.raises(CommandError, match="kept 183 days"):
        call_command("purge_audit", "--before", before.isoformat())
    assert AuditEvent.objects.count() == 5


def test_purge_refuses_a_trail_that_does_not_verify(old_and_new_rows):
    old, _new = old_and_new_rows
    attacker_disables_triggers()
    with connection.cursor() as cur:
        cur.execute("UPDATE accounts_auditevent SET detail = 'x' WHERE id = %s", [old[1].pk])
    before = timezone.localdate() - dt.timedelta(days=183)
    with pytest.raises(CommandError, match="nothing purged"):
        call_command("purge_audit", "--before", before.isoformat())
    assert AuditEvent.objects.count() == 5
