"""Half-year periods end on 20 June and 21 December; a deadline day belongs to its period."""

import datetime as dt

import pytest

from bangfu.core.periods import Period, latest_closed, parse_period, period_of, periods_between


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (dt.date(2017, 6, 20), "2017H1"),
        (dt.date(2017, 6, 21), "2017H2"),
        (dt.date(2017, 12, 21), "2017H2"),
        (dt.date(2017, 12, 22), "2018H1"),
        (dt.date(2018, 1, 5), "2018H1"),
    ],
)
def test_period_of(day, code):
    assert period_of(day).code == code


def test_bounds_previous_and_next():
    p = Period(2018, 1)
    assert (p.start, p.end) == (dt.date(2017, 12, 22), dt.date(2018, 6, 20))
    assert p.previous() == Period(2017, 2)
    assert p.next() == Period(2018, 2)
    assert Period(2017, 2).previous() == Period(2017, 1)
    assert Period(2017, 2).next() == Period(2018, 1)
    assert latest_closed(dt.date(2018, 1, 5)) == Period(2017, 2)
    assert latest_closed(dt.date(2018, 6, 21)) == Period(2018, 1)
    assert [q.code for q in periods_between(Period(2017, 1), Period(2018, 1))] == [
        "2017H1",
        "2017H2",
        "2018H1",
    ]


def test_parse_period_refuses_bad_codes():
    assert parse_period(" 2017h2 ") == Period(2017, 2)
    for bad in ("2017H3", "17H2", "2017-2", ""):
        with pytest.raises(ValueError, match="2017H2"):
            parse_period(bad)
