"""The OpenAPI schema: it generates without warnings and lists the pairing endpoints."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    text = (tmp_path / "schema.yml").read_text()
    assert "PairingStatusEnum" in text
    assert "PlanItemStateEnum" in text


def test_the_schema_lists_the_pairing_endpoints(client_for, city_officer):
    text = client_for(city_officer).get("/api/schema/").content.decode()
    for path in (
        "/api/v1/pairings/{number}/activate/",
        "/api/v1/plan-items/{id}/progress/",
        "/api/v1/relays/{id}/hand-over/",
        "/api/v1/coverage/uncovered/",
    ):
        assert path in text
