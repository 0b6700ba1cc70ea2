"""Demo evaluation: three years of checklists, scores and notices, deterministic and idempotent."""

from __future__ import annotations

import pytest

from bangfu.demo.evaluation import demo_evaluation
from bangfu.evaluation.models import Evaluation, Notice
from tests.conftest import _make

pytestmark = pytest.mark.django_db


def test_demo_evaluation_is_deterministic_and_idempotent(
    programme, city_officer, officer_chengde, officer_weichang, officer_xinglong, inspector
):
    _make("officer_longhua", "county", "130825")
    _make("officer_pingquan", "county", "130881")

    first = demo_evaluation(seed=1)
    assert first["checklists"] == 3
    assert first["evaluations"] == 15
    assert Notice.objects.filter(kind="criticism").count() == 1
    assert Notice.objects.filter(kind="commendation", issued_on__isnull=False).count() == 3
    draft = Notice.objects.get(issued_on__isnull=True)  # a draft, edited once, to edit on
    assert draft.version == 2
    assert draft.entries.count() == 1
    assert Evaluation.objects.filter(finalised_at__isnull=False).count() == 15
    again = demo_evaluation(seed=1)
    assert again["checklists"] == 0
    assert again["sheets"] == 0
    assert again["notices"] == 0
