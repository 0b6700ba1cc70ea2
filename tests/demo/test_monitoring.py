"""Demo monitoring cases: every state, written through the services, idempotent."""

from __future__ import annotations

import pytest

from bangfu.core.identifiers.resident_id import make_id_number
from bangfu.demo.monitoring import PLAN, demo_monitoring
from bangfu.monitoring.models import MonitoringCase
from bangfu.places.models import Division
from bangfu.registry.models import Household, RigidExpense

pytestmark = pytest.mark.django_db


@pytest.fixture
def exited_households(db):
    village = Division.objects.get(code="130821100201")
    return [
        Household.objects.create(
            village=village,
            head_name=f"张{n}",
            id_number=make_id_number(f"1308211970010{n:02d}12"),
            year_registered=2015,
            year_exited=2018,
        )
        for n in range(12)
    ]


def test_demo_cases_in_every_state_and_a_second_run_creates_nothing(
    officer_chengde, exited_households
):
    first = demo_monitoring(seed=1)
    assert (first["cases"], first["created"], first["counties"]) == (len(PLAN), len(PLAN), 1)
    states = sorted(MonitoringCase.objects.values_list("state", flat=True))
    assert states.count("identifying") == 6
    assert states.count("identified") == 2
    assert states.count("removed") == 1
    assert states.count("dismissed") == 1
    assert first["overdue"] == 1
    next_steps = set(
        MonitoringCase.objects.filter(state="identifying").values_list("next_step", flat=True)
    )
    assert next_steps == {
        "home_visit",
        "data_check",
        "public_notice",
        "township_review",
        "county_approval",
    }
    assert first["measures"] == 6 and first["visits"] > 10  # noqa: PT018
    sudden = MonitoringCase.objects.filter(group="sudden").values("household_id")
    expenses = RigidExpense.objects.all()
    assert first["expenses"] == expenses.count() >= 2
    assert set(expenses.values_list("household_id", flat=True)) == {
        h["household_id"] for h in sudden
    }
    picked = set(MonitoringCase.objects.values_list("household_id", flat=True))
    second = demo_monitoring(seed=1)
    assert second["created"] == 0
    assert second["expenses"] == 0
    assert second["cases"] == len(PLAN)
    assert set(MonitoringCase.objects.values_list("household_id", flat=True)) == picked


def test_no_county_office_no_demo_cases(exited_households):
    assert demo_monitoring(seed=1)["created"] == 0
