"""The field app's pages: the shell, the manifest, the service worker, the phone's lists
(scoped, without full ID or phone numbers), and sign-out clearing the phone's store."""

from __future__ import annotations

import json

import pytest

from bangfu.core.identifiers.resident_id import make_id_number

pytestmark = pytest.mark.django_db


def test_the_manifest_makes_the_app_installable(client):
    resp = client.get("/field/manifest.webmanifest")
    assert resp.status_code == 200
    assert resp["Content-Type"] == "application/manifest+json"
    data = json.loads(resp.content)
    assert data["start_url"] == "/field/"
    assert data["display"] == "standalone"
    sizes = {i["sizes"] for i in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in data["icons"]:
        assert icon["src"].startswith("/static/field/icon-")


def test_the_service_worker_loads_workbox_from_our_own_static_files(client):
    resp = client.get("/field/sw.js")
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("text/javascript")
    body = resp.content.decode()
    assert 'importScripts("/static/vendor/workbox/workbox-sw.js")' in body
    assert "modulePathPrefix" in body
    assert "googleapis" not in body
    assert "http" not in body.split("*/", 1)[1]


def test_the_shell_has_no_inline_script_or_style(client_for, officer_chengde):
    resp = client_for(officer_chengde).get("/field/")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert 'style="' not in html
    for tag in html.split("<script")[1:]:
        assert "src=" in tag.split(">", 1)[0]
    assert 'rel="manifest"' in html
    assert 'data-testid="form-home_visit"' in html


def test_the_lists_are_the_users_scope_without_full_numbers(
    client_for, officer_chengde, officer_weichang, helper_liaison, pairing, plan_item, case
):
    resp = client_for(officer_chengde).get("/field/api/data/")
    assert resp.status_code == 200
    body = resp.json()
    forms = body["forms"]
    assert body["csrf"]
    assert [p["number"] for p in forms["assistance"]["pairings"]] == [pairing.number]
    assert [c["number"] for c in forms["home_visit"]["cases"]] == [case.number]
    assert forms["home_visit"]["cases"][0]["version"] == case.version
    assert [i["id"] for i in forms["progress"]["items"]] == [plan_item.pk]
    assert [c["code"] for c in forms["visit"]["counties"]] == ["130821"]
    text = resp.content.decode()
    assert case.household.id_number not in text
    assert "13912345678" not in text
    assert make_id_number("13082119700303123")[:14] not in text

    weichang = client_for(officer_weichang).get("/field/api/data/").json()["forms"]
    assert weichang["assistance"]["pairings"] == []
    assert weichang["home_visit"]["cases"] == []
    assert weichang["progress"] is None

    liaison = client_for(helper_liaison).get("/field/api/data/").json()["forms"]
    assert liaison["home_visit"] is None
    assert liaison["visit"] is None
    assert [h["uscc"] for h in liaison["assistance"]["helpers"]] == [pairing.helper.uscc]
    assert [v["code"] for v in liaison["assistance"]["villages"]] == [pairing.village.code]
    assert [i["id"] for i in liaison["progress"]["items"]] == [plan_item.pk]


def test_signing_out_clears_the_phones_store(client_for, officer_chengde):
    resp = client_for(officer_chengde).post("/accounts/logout/")
    assert resp.status_code == 302
    assert resp["Clear-Site-Data"] == '"cache", "storage"'
