"""Reporting fixtures: the current programme with its region pairings and the plan's calendar.

Shared by the calendar tests and the leading-group / demonstration tests: add fixtures, do not
rename them."""

from __future__ import annotations

import pytest

from bangfu.places.models import Division, RegionPairing
from tests.assistance.conftest import (  # noqa: F401  (fixtures re-used)
    ON,
    households,
    pairing,
    training,
    village,
)
from tests.pairing.conftest import (  # noqa: F401  (fixtures re-used)
    START,
    make_active,
    make_helper,
    poor_villages,
    programme,
    scan,
    weichang_village,
)


@pytest.fixture
def counties(db):
    return {d.code: d for d in Division.objects.filter(level="county")}


@pytest.fixture
def region_pairings(programme, counties):  # noqa: F811
    names = {
        "130821": "甲区",
        "130822": "乙区",
        "130825": "丙区",
        "130828": "丁区",
        "130881": "戊区",
    }
    return [
        RegionPairing.objects.create(
            programme=programme, helping_district=name, county=counties[code]
        )
        for code, name in names.items()
    ]


@pytest.fixture
def calendar(programme, region_pairings):  # noqa: F811
    """The plan's six reports for 2017–2020 and every county's expected submissions."""
    from bangfu.reporting.calendar import ensure_report_types, generate_submissions

    ensure_report_types(programme)
    generate_submissions(programme)
    return programme
