"""Every figure of the dashboard opens the records it counts: the list opened from a card (or
a county's or township's cell) shows the same figure, over records (or helpers, villages,
households) that number what the figure counts, in the same scope and period."""

from __future__ import annotations

import html
import re

import pytest
from django.utils import translation

from bangfu.assistance import indicators
from bangfu.core.periods import parse_period

pytestmark = pytest.mark.django_db

H2 = parse_period("2017H2")
LINK = re.compile(r'<a class="figure-link" href="([^"]+)" data-testid="figure-(\w+)" data-value="')
COUNTED = re.compile(r'data-testid="counted-figure" data-value="([^"]+)"')
COUNTS_THINGS = {"helpers", "villages", "poor_villages", "households_reached"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _links(resp) -> dict[str, str]:
    assert resp.status_code == 200
    return {code: html.unescape(url) for url, code in LINK.findall(resp.content.decode())}


def _listed(client, url) -> tuple[str, int]:
    """The figure the opened list names and how many rows it counts in all."""
    resp = client.get(url)
    assert resp.status_code == 200, resp.content[:300]
    text = resp.content.decode()
    figure = COUNTED.search(text).group(1)
    n = int(re.search(r'data-testid="count" data-n="(\d+)"', text).group(1))
    return figure, n


def test_every_card_opens_the_records_that_make_its_figure(records, client_for, city_officer):
    client = client_for(city_officer)
    links = _links(client.get("/dashboard/?period=2017H2"))
    assert set(links) == {i.code for i in indicators.INDICATORS}
    counted = indicators.counted_records(start=H2.start, end=H2.end)
    expected = indicators.figures(counted)
    for code, url in links.items():
        assert f"start={H2.start.isoformat()}" in url
        assert f"end={H2.end.isoformat()}" in url
        figure, n = _listed(client, url)
        i = indicators.BY_CODE[code]
        shown = f"{expected[code]:,.2f}" if i.money else f"{expected[code]:,}"
        assert figure == shown, code
        if code == "records":
            assert n == expected["records"]
        elif code in COUNTS_THINGS:
            assert n == expected[code], code  # one row per helper, village, household
        elif code == "people_reached":
            assert n == expected["households_reached"]  # the households whose people count
        elif i.counts is not None:
            assert n == counted.filter(i.counts).count(), code


def test_the_lists_keep_the_scope_a_county_and_its_townships(records, client_for, city_officer):
    client = client_for(city_officer)
    links = _links(client.get("/dashboard/?period=2017H2&county=130821"))
    _figure, n = _listed(client, links["records"])
    assert "county=130821" in links["records"]
    assert n == indicators.counted_records(start=H2.start, end=H2.end, county="130821").count()
    townships = client.get("/dashboard/county/130821/?period=2017H2").content.decode()
    urls = [html.unescape(u) for u in re.findall(r'href="(/assistance/\?[^"]+)"', townships)]
    township_urls = [u for u in urls if "township=" in u and "indicator=records" in u]
    assert township_urls
    total = sum(_listed(client, u)[1] for u in township_urls)
    assert total == n  # the townships' records add up to the county's


def test_a_county_officer_and_a_liaison_open_their_own_scope(
    records, client_for, officer_weichang, helper_liaison
):
    for user in (officer_weichang, helper_liaison):
        client = client_for(user)
        links = _links(client.get("/dashboard/?period=2017H2"))
        _figure, n = _listed(client, links["records"])
        assert n == indicators.counted_records(user=user, start=H2.start, end=H2.end).count()


def test_a_liaison_opens_records_not_households(records, client_for, helper_liaison):
    """Households are personal data: the liaison's 'households reached' opens the records
    that list them, not the households."""
    client = client_for(helper_liaison)
    url = indicators.records_link("households_reached", start=H2.start, end=H2.end)
    text = client.get(url).content.decode()
    assert 'data-testid="counted-units"' not in text
    assert 'data-testid="records"' in text


def test_records_link_refuses_an_unknown_indicator():
    with pytest.raises(KeyError):
        indicators.records_link("nonsense")


def test_a_bad_date_range_is_refused_with_a_message(records, client_for, city_officer):
    resp = client_for(city_officer).get(
        "/assistance/?indicator=records&start=2017-12-31&end=2017-01-01",
        HTTP_ACCEPT_LANGUAGE="zh-CN",
    )
    assert resp.status_code == 200
    assert "截止日期早于起始日期" in resp.content.decode()
