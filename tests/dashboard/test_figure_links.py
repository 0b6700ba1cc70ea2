"""Every figure of the dashboard opens the records it counts: the list opened from a card (or
a county's or township's cell) shows the same figure, over records (or helpers, villages,
households) that number what the figure counts, in the same scope and period."""

from __future__ import annotations

import datetime as dt
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


def test_figure_links_follow_the_prefix_the_site_is_served_under():
    """The records list's path is remembered per script prefix: a site served under a
    sub-path links under it, and the root's links stay the root's."""
    from django.urls import get_script_prefix, reverse, set_script_prefix

    from bangfu.assistance.indicators import records_link

    before = get_script_prefix()
    try:
        root = records_link("records")
        path = reverse("assistance:list")
        set_script_prefix("/bangfu/")
        under = records_link("records", county="130821")
        assert under.startswith("/bangfu" + path + "?")
        set_script_prefix("/")
        assert records_link("records") == root
        assert root.startswith(reverse("assistance:list") + "?indicator=records")
    finally:
        set_script_prefix(before)


@pytest.mark.parametrize(
    "scope",
    [
        {},
        {"county": "130821", "start": dt.date(2019, 12, 21), "end": dt.date(2020, 6, 20)},
        {"township": "130821100", "end": dt.date(2018, 12, 20)},
        {"helper": "91120116MA05JXXX7X", "pairing": "JD-2017-0001"},
        {"village": "北𨟠村"},  # not a code: quoted
        {"helper": "A&B=C D+E/F"},
    ],
)
def test_a_figures_link_is_urlencodes_query(scope):
    """Codes and dates are written into the link as they are; anything else is quoted: the
    query is exactly what `urlencode` makes of it."""
    from urllib.parse import parse_qsl, urlencode

    from bangfu.assistance.indicators import records_link

    link = records_link("records", **scope)
    query = link.split("?", 1)[1]
    expected = {"indicator": "records", "status": "confirmed"}
    for key in ("start", "end"):
        if key in scope:
            expected[key] = scope[key].isoformat()
    for key in ("county", "township", "village", "helper", "pairing"):
        if key in scope:
            expected[key] = scope[key]
    assert query == urlencode(expected)
    assert dict(parse_qsl(query)) == expected


@pytest.mark.parametrize(("period", "county"), [("2019H1", None), ("all", "130821")])
def test_a_rows_figure_cells_are_the_per_cell_loops_markup(city_officer, period, county):
    """`figure_cells` writes what the loop of `figure_url` cells wrote, character for
    character, for a county's and a township's row, escaping included."""
    from django.template import Context, Template

    from bangfu.dashboard import filtering
    from bangfu.places.models import Division

    filters = filtering.dashboard_filters(user=city_officer, period=period, county=county)
    division = Division.objects.filter(level="township" if county else "county").first()
    cells = [("records", "1,234"), ("money", "5.6"), ("helpers", "<b>&</b>")]
    loop = Template(
        "{% load figure_links %}{% for code, value in cells %}"
        "{% figure_url code filters division as url %}"
        '<td class="text-end" data-indicator="{{ code }}"><a href="{{ url }}">{{ value }}</a></td>'
        "{% endfor %}"
    )
    tag = Template("{% load figure_links %}{% figure_cells cells filters division %}")
    for d in (division, None):
        context = {"cells": cells, "filters": filters, "division": d}
        assert tag.render(Context(context)) == loop.render(Context(context))
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in tag.render(Context(context))
