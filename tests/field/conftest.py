"""Field capture fixtures: a pairing of the liaison's helper in 承德县 with a plan item, a
monitoring case waiting for its home visit, and helpers to build phone items."""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from decimal import Decimal

import pytest

from bangfu.core.identifiers.resident_id import make_id_number
from bangfu.registry.models import Household
from tests.pairing.conftest import make_active, make_helper, poor_villages, programme, scan  # noqa: F401

# the smallest valid PNG: one white pixel
PIXEL_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC"
)
PHOTO = "data:image/png;base64," + base64.b64encode(PIXEL_PNG).decode()
SYNC = "/field/api/sync/"


@pytest.fixture
def pairing(programme, officer_chengde, helper_org, poor_villages):  # noqa: F811
    return make_active(officer_chengde, helper_org, poor_villages[0])


@pytest.fixture
def plan_item(officer_chengde, pairing):
    from bangfu.pairing.services.plans import plan_item_save

    return plan_item_save(
        user=officer_chengde,
        pairing=pairing,
        what="建设蔬菜大棚",
        indicator="大棚",
        target_value=Decimal("10"),
        unit="个",
        due_date=dt.date(2018, 12, 31),
    )


@pytest.fixture
def case(officer_chengde, poor_villages):  # noqa: F811
    from bangfu.monitoring.services.cases import monitoring_case_open

    household = Household.objects.create(
        village=poor_villages[1],
        head_name="李明",
        id_number=make_id_number("13082119700303123"),
        phone="13912345678",
        year_registered=2015,
        year_exited=2018,
    )
    return monitoring_case_open(
        user=officer_chengde,
        household=household,
        group="unstable",
        source="visit",
        reason="家中主要劳动力患病，收入下降",
        opened_on=dt.date.today() - dt.timedelta(days=2),
    )


def item(kind: str, data: dict, **extra) -> dict:
    return {"id": str(uuid.uuid4()), "kind": kind, "data": data, **extra}


def assistance_item(pairing, **data) -> dict:
    return item(
        "assistance",
        {
            "pairing": pairing.number,
            "helper": pairing.helper.uscc,
            "village": pairing.village.code,
            "on": f"{dt.date.today():%Y-%m-%d}",
            "pathway": "industry",
            "kind": "investment",
            "description": "田间指导大棚建设",
            "money_yuan": "1200.50",
            **data,
        },
        photos=[PHOTO],
    )


def send(client, *items) -> list[dict]:
    resp = client.post(SYNC, {"items": list(items)}, content_type="application/json")
    assert resp.status_code == 200, resp.content
    return resp.json()["results"]
