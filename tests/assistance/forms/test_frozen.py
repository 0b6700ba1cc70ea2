"""Attachment 7 of an accepted half-year, read from the figures frozen at acceptance."""

from __future__ import annotations

import datetime as dt

import pytest

from bangfu.assistance.io.frozen import frozen_blocks
from bangfu.assistance.io.scope import Scope
from bangfu.assistance.io.statistics import statistics_table
from bangfu.assistance.models import PeriodFigures
from bangfu.assistance.services.locks import period_lock, period_unlock
from bangfu.places.models import Division

from .conftest import H2, confirmed

pytestmark = pytest.mark.django_db


def _figures(table) -> list:
    return [
        ([(unit.pk, figures) for unit, figures in block.rows], block.total)
        for block in table.blocks
    ]


def _scopes(data) -> list[dict]:
    township = data["records"]["training"].village.parent
    return [{}, {"county": "130821"}, {"county": "130828"}, {"township": township.code}]


def _lock_everywhere(period: str) -> None:
    for county in Division.objects.filter(level="county"):
        period_lock(user=None, county=county, period=period)


def test_an_accepted_period_reads_the_frozen_figures_and_they_equal_the_records(data):
    computed = {str(s): _figures(statistics_table(period=H2, **s)) for s in _scopes(data)}
    assert computed["{}"][1][1]["records"] == 6  # cumulative: five in 2017H2, one in 2017H1
    _lock_everywhere(H2.code)
    assert PeriodFigures.objects.filter(period=H2.code, level="county").count() == 10  # 5 × 2
    assert frozen_blocks(Scope(), H2) is not None
    for scope in _scopes(data):
        assert _figures(statistics_table(period=H2, **scope)) == computed[str(scope)], scope


def test_a_record_confirmed_in_an_earlier_period_drops_the_countys_frozen_figures(
    data, helper_liaison, officer_chengde, pairing
):
    _lock_everywhere(H2.code)
    confirmed(
        helper_liaison,
        officer_chengde,
        helper=pairing.helper,
        village=pairing.village,
        pairing=pairing,
        on=dt.date(2017, 5, 2),  # 2017H1: not locked
        pathway="industry",
        kind="investment",
        description="追加投资",
        investment_yuan="1000",
    )
    assert not PeriodFigures.objects.filter(county__code="130821").exists()
    assert PeriodFigures.objects.filter(county__code="130828").exists()
    assert frozen_blocks(Scope(), H2) is None  # computed from the records again
    table = statistics_table(period=H2)
    assert table.cumulative.total["records"] == 7


def test_reopening_a_period_forgets_its_frozen_figures(data, city_officer):
    _lock_everywhere(H2.code)
    county = Division.objects.get(code="130821")
    period_unlock(user=city_officer, county=county, period=H2.code, reason="更正")
    assert not PeriodFigures.objects.filter(county=county).exists()
    assert frozen_blocks(Scope(county=county), H2) is None
