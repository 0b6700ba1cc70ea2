"""/api/v1/coverage/: the numbers by county and the uncovered villages of a small setup."""

from __future__ import annotations

import datetime as dt

import pytest

from bangfu.pairing.services.pairings import pairing_end, pairing_propose

from ..conftest import START, make_active
from .conftest import API

pytestmark = pytest.mark.django_db


def test_coverage_numbers_for_a_small_setup(
    programme, poor_villages, weichang_village, helpers, officer_chengde, city_officer, api_for
):
    # 承德县: six poor villages; the first with two helpers, the second with one, the third
    # covered once and ended on 2018-01-01; 围场县: one poor village, never covered.
    make_active(officer_chengde, helpers[0], poor_villages[0], "养殖")
    make_active(officer_chengde, helpers[1], poor_villages[0], "电商")
    make_active(officer_chengde, helpers[2], poor_villages[1])
    ended = make_active(officer_chengde, helpers[3], poor_villages[2])
    pairing_end(user=officer_chengde, pairing=ended, reason="协议期满", on=dt.date(2018, 1, 1))
    pairing_propose(
        user=officer_chengde, helper=helpers[4], village=poor_villages[3], start_date=START
    )
    city = api_for(city_officer).get(f"{API}/coverage/").json()
    rows = {r["county_code"]: r for r in city["counties"]}
    assert rows["130821"] == {
        "county_code": "130821",
        "county_name": "承德县",
        "poor": 6,
        "covered": 2,
        "percent": 33.3,
        "active_pairings": 3,
        "helpers_per_village": 1.5,
        "uncovered": 4,
        "full": 0,
    }
    assert (rows["130828"]["poor"], rows["130828"]["covered"]) == (1, 0)
    totals = city["totals"]
    assert (totals["county_code"], totals["poor"], totals["covered"], totals["uncovered"]) == (
        None,
        7,
        2,
        5,
    )

    county = api_for(officer_chengde).get(f"{API}/coverage/").json()
    assert [r["county_code"] for r in county["counties"]] == ["130821"]
    uncovered = api_for(officer_chengde).get(f"{API}/coverage/uncovered/").json()
    assert uncovered["count"] == 4
    by_code = {r["code"]: r for r in uncovered["results"]}
    third = by_code[poor_villages[2].code]
    assert third["last_covered"] == "2018-01-01"
    assert third["days_since_covered"] == (dt.date.today() - dt.date(2018, 1, 1)).days
    assert third["county_code"] == "130821"
    assert third["township_code"]
    assert by_code[poor_villages[3].code]["open_pairings"] == 1
    assert by_code[poor_villages[4].code]["last_covered"] is None
    everywhere = api_for(city_officer).get(f"{API}/coverage/uncovered/", {"county": "130828"})
    assert [r["code"] for r in everywhere.json()["results"]] == [weichang_village.code]
