"""Demo training sessions: rosters behind training records, counted from names, once."""

from __future__ import annotations

import pytest

from bangfu.demo.training import demo_training
from bangfu.training.models import Trainee, TrainingSession
from tests.training.conftest import household, record  # noqa: F401  (fixtures re-used)

pytestmark = pytest.mark.django_db


def test_demo_sessions_carry_the_records_figures_and_a_second_run_adds_nothing(
    record,  # noqa: F811
    household,  # noqa: F811
    officer_chengde,
    institute_staff,
):
    first = demo_training(seed=1)
    session = TrainingSession.objects.get(assistance=record)
    names = Trainee.objects.filter(session=session)
    record.refresh_from_db()
    assert first == {"sessions": 1, "trainees": names.count()}
    assert record.trained_from_roster
    assert record.persons_trained == names.count() == 30  # the typed 40, at most 30 named
    assert record.poor_trained == names.filter(household__isnull=False).count() > 0
    assert demo_training(seed=1) == {"sessions": 0, "trainees": 0}
