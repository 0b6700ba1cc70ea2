"""“Tech-help households reached / 4,858”: the indicator against an independent count (plain
SQL over the tables), its figures on the dashboard opening the list they count, and
attachment 7's own columns."""

from __future__ import annotations

import datetime as dt
import io
import random

import openpyxl
import pytest
from django.db import connection

from bangfu.institute import indicators, services
from bangfu.institute.models import TechVisit
from bangfu.places.models import Division, Programme
from tests.conftest import sign_in

from .conftest import make_household, visit_data

pytestmark = pytest.mark.django_db


def _sql_reached(start: dt.date | None, end: dt.date, county_code: str | None = None) -> int:
    """Distinct tech-help households with a visit in [start, end]: written in SQL, not ORM."""
    sql = (
        "SELECT COUNT(DISTINCT h.id) FROM registry_household h "
        "JOIN institute_techvisit v ON v.household_id = h.id "
        "JOIN places_division c ON c.id = h.county_id "
        "WHERE h.tech_help = %s AND v.visited_on <= %s"
    )
    params: list = [True, end]
    if start is not None:
        sql += " AND v.visited_on >= %s"
        params.append(start)
    if county_code:
        sql += " AND c.code = %s"
        params.append(county_code)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


@pytest.fixture
def many(world, institute_staff):
    """Twenty more tech-help households in 下板城镇, visited (or not) at random dates; one
    visited twice; a household later taken off the tech-help list keeps its visit."""
    rng = random.Random(7)
    for i in range(20):
        h = make_household("130821100201" if i % 2 else "130821100202", f"户{i}")
        for _ in range(rng.choice((0, 1, 1, 2))):
            TechVisit.objects.create(
                household=h,
                point=world["centre"],
                recorded_by=institute_staff,
                **visit_data(
                    visited_on=dt.date(2017, 7, 1) + dt.timedelta(days=rng.randint(0, 1200))
                ),
            )
    services.visit_record(
        user=institute_staff,
        household=world["weichang"],
        point=world["weichang_centre"],
        **visit_data(),
    )
    dropped = world["b"]
    services.visit_record(
        user=institute_staff, household=dropped, point=world["centre"], **visit_data()
    )
    dropped.tech_help = False
    dropped.save()
    return world


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (None, dt.date(2020, 12, 21)),
        (dt.date(2018, 6, 21), dt.date(2018, 12, 21)),
        (None, dt.date(2018, 6, 20)),
    ],
)
def test_reached_equals_an_independent_count(many, start, end):
    assert indicators.figures(start=start, end=end)["reached"] == _sql_reached(start, end)
    chengde = indicators.figures(start=start, end=end, county="130821")["reached"]
    assert chengde == _sql_reached(start, end, "130821")
    by_county = indicators.figures_by("county", start=start, end=end)
    for county in Division.objects.filter(level="county"):
        got = by_county.get(county.pk, {}).get("reached", 0)
        assert got == _sql_reached(start, end, county.code), county.code


def test_a_household_visited_twice_counts_once_and_one_not_selected_not_at_all(
    world, institute_staff
):
    for day in (dt.date(2018, 3, 1), dt.date(2018, 4, 1)):
        services.visit_record(
            user=institute_staff,
            household=world["a"],
            point=world["centre"],
            **visit_data(visited_on=day),
        )
    figures = indicators.figures(county="130821")
    assert (figures["reached"], figures["selected"]) == (1, 3)


def test_the_target_is_the_programmes_figure(world):
    assert indicators.target() == 4858
    Programme.objects.filter(is_current=True).update(tech_help_target=5000)
    assert indicators.target() == 5000


def test_the_dashboard_card_opens_the_households_it_counts(many, client, city_officer):
    from bangfu.accounts.models import User
    from tests.conftest import enrol_device  # noqa: F401  (the city office signs in with a factor)

    sign_in(client, city_officer)
    page = client.get("/dashboard/?period=2018H2")
    text = page.content.decode()
    reached = _sql_reached(None, dt.date(2018, 12, 21))
    assert f'data-testid="figure-tech-reached" data-value="{reached}"' in text
    assert "/ 4858" in text
    # the figure's link lists exactly the households it counts
    import re

    link = (
        re.search(r'href="([^"]+)" data-testid="figure-tech-reached"', text)
        .group(1)
        .replace("&amp;", "&")
    )
    listing = client.get(link).content.decode()
    assert listing.count("<tr data-ref=") == reached
    assert User.objects.filter(username="city_officer").exists()


def test_attachment_7_has_its_own_tech_help_columns(many):
    from bangfu.assistance.io.statistics import write_statistics

    out = io.BytesIO()
    write_statistics(out, period="2018H2")
    book = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    for sheet, start in ((book.worksheets[0], dt.date(2018, 6, 21)), (book.worksheets[1], None)):
        cells = [[c.value for c in row] for row in sheet.iter_rows()]
        header_row = next(
            i for i, r in enumerate(cells) if any(v and "到户数" in str(v) for v in r)
        )
        col = next(j for j, v in enumerate(cells[header_row]) if v and "到户数" in str(v))
        assert any(v == "科技帮扶" for v in cells[header_row - 1] + cells[header_row])
        chengde = next(r for r in cells if r[1] == "承德县")
        assert chengde[col] == _sql_reached(start, dt.date(2018, 12, 21), "130821")
        total = next(r for r in cells if r[0] == "合计")
        assert total[col] == _sql_reached(start, dt.date(2018, 12, 21))


@pytest.mark.parametrize(
    ("period", "county"), [("2018H2", None), ("all", None), ("2019H1", "130821")]
)
def test_the_dashboards_figures_in_one_query_equal_the_indicators_own(
    many, city_officer, django_assert_num_queries, period, county
):
    """The card and its table come from one grouped query (and the target's): each unit's
    and the scope's figures are those `figures` and `figures_by` give one by one."""
    from bangfu.dashboard import filtering
    from bangfu.dashboard.tech_help import tech_help

    filters = filtering.dashboard_filters(user=city_officer, period=period, county=county)
    p = filters.period
    end = p.end if p else None
    with django_assert_num_queries(3):  # the figures, the divisions, the target
        got = tech_help(user=city_officer, filters=filters)
    whole = indicators.figures(end=end, county=county)
    assert (got.total.selected, got.total.reached) == (whole["selected"], whole["reached"])
    if p:
        now = indicators.figures(start=p.start, end=end, county=county)
        assert got.total.reached_period == now["reached"]
    else:
        assert got.total.reached_period is None
    assert got.total.reached == _sql_reached(None, end or dt.date(2100, 1, 1), county)
    unit = filters.unit_level
    cum = indicators.figures_by(unit, end=end, county=county)
    now_by = indicators.figures_by(unit, start=p.start, end=end, county=county) if p else {}
    units = (
        Division.objects.filter(level="county")
        if county is None
        else Division.objects.filter(level="township", parent__code=county)
    )
    assert [r.division for r in got.rows] == list(units.order_by("code"))
    for row in got.rows:
        mine = cum.get(row.division.pk, {})
        assert (row.selected, row.reached) == (mine.get("selected", 0), mine.get("reached", 0))
        if p:
            assert row.reached_period == now_by.get(row.division.pk, {}).get("reached", 0)
    assert sum(r.reached for r in got.rows) == got.total.reached
