"""Assistance fixtures: an active pairing of the liaison's helper in a poor village of 承德县,
with two registered households there and one elsewhere."""

from __future__ import annotations

import datetime as dt

import pytest

from bangfu.core.identifiers.resident_id import make_id_number
from bangfu.registry.models import Household
from tests.pairing.conftest import (  # noqa: F401  (fixtures re-used)
    START,
    make_active,
    make_helper,
    poor_villages,
    programme,
    scan,
    weichang_village,
)

ON = dt.date(2017, 7, 10)  # in 2017H2


@pytest.fixture
def village(poor_villages):  # noqa: F811
    return poor_villages[0]


@pytest.fixture
def pairing(programme, village, helper_org, officer_chengde):  # noqa: F811
    return make_active(officer_chengde, helper_org, village, "技术培训")


@pytest.fixture
def households(village, poor_villages):  # noqa: F811
    def make(v, head, digits, size):
        return Household.objects.create(
            village=v,
            head_name=head,
            id_number=make_id_number(f"1308211980{digits}"),
            size=size,
            year_registered=2015,
        )

    return [
        make(village, "张一", "0101123", 3),
        make(village, "张二", "0202124", 4),
        make(poor_villages[1], "李三", "0303125", 2),
    ]


@pytest.fixture
def training(pairing):
    """The fields of a training record of the pairing."""
    return {
        "helper": pairing.helper,
        "village": pairing.village,
        "pairing": pairing,
        "on": ON,
        "pathway": "technology",
        "kind": "training",
        "description": "中药材种植技术培训",
        "persons_trained": 40,
        "poor_trained": 25,
    }
