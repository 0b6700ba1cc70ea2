"""The dashboard (数据看板) and the indicators API: the figures of `indicators.figures` for the
user's scope and period, confirmed records only; the townships' partial; bad periods."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from bangfu.accounts.models import AuditEvent
from bangfu.assistance import indicators
from bangfu.assistance.models import Project, ProjectProgress
from bangfu.core.periods import Period, latest_closed, parse_period
from bangfu.dashboard import filtering, selectors
from bangfu.places.models import Division
from bangfu.registry.models import VillageProfile

pytestmark = pytest.mark.django_db

H2 = parse_period("2017H2")
CODES = [i.code for i in indicators.INDICATORS]
FIGURE = re.compile(r'data-testid="figure-(\w+)" data-value="([^"]*)"')


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def page_figures(resp) -> dict[str, str]:
    """The figures the page shows, by indicator code (the machine-readable data-value)."""
    assert resp.status_code == 200, resp.content[:500]
    return dict(FIGURE.findall(resp.content.decode()))


def as_text(values: dict) -> dict[str, str]:
    return {code: str(values[code]) for code in CODES}


def chart_data(resp) -> dict:
    html = resp.content.decode()
    match = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', html)
    return json.loads(match.group(1))


def test_by_default_the_page_shows_the_latest_closed_period_that_has_records(
    records, client_for, city_officer
):
    """No period asked for: the latest closed one — here nothing was confirmed in it, so
    the latest closed period with confirmed records is shown instead."""
    from bangfu.core.periods import period_of

    latest = period_of(indicators.counted_records().order_by("-on").first().on)
    assert latest < latest_closed(timezone.localdate())
    resp = client_for(city_officer).get("/dashboard/")
    shown = page_figures(resp)
    expected = indicators.figures(indicators.counted_records(start=latest.start, end=latest.end))
    assert {c: shown[c] for c in CODES} == as_text(expected)
    assert f'value="{latest.code}" selected' in resp.content.decode()


def test_the_page_shows_indicators_figures_for_the_programme_and_a_period(
    records, client_for, city_officer
):
    """Every card equals `indicators.figures` over the period's confirmed records: 40
    trained in 承德县 and 10 jobs in 围场县 in 2017H2; drafts, submitted and sent-back
    records (1,800 trained between them) do not count."""
    shown = page_figures(client_for(city_officer).get("/dashboard/?period=2017H2"))
    expected = indicators.figures(indicators.counted_records(start=H2.start, end=H2.end))
    assert {c: shown[c] for c in CODES} == as_text(expected)
    assert shown["persons_trained"] == "40"
    assert shown["poor_trained"] == "25"
    assert shown["jobs"] == "10"
    assert shown["money"] == "12000.50"
    assert shown["wages"] == "30000.00"
    assert shown["households_reached"] == "2"
    assert shown["people_reached"] == "7"
    assert shown["records"] == "3"
    # coverage: the liaison's pairing covers 1 of the 7 poor villages (6 承德县, 1 围场县)
    assert shown["coverage"] == "14.3"


def test_all_periods_add_up_every_confirmed_record(records, client_for, city_officer):
    shown = page_figures(client_for(city_officer).get("/dashboard/?period=all"))
    assert {c: shown[c] for c in CODES} == as_text(indicators.figures(indicators.counted_records()))
    assert shown["persons_trained"] == "55"  # 40 in 2017H2 + 15 in 2018H1
    assert shown["records"] == "4"


def test_unconfirmed_records_do_not_count_until_confirmed(
    records, client_for, city_officer, officer_chengde, helper_liaison
):
    from bangfu.assistance.services.review import assistance_confirm, assistance_reopen

    c = client_for(city_officer)
    assert page_figures(c.get("/dashboard/?period=2017H2"))["persons_trained"] == "40"
    assistance_confirm(user=officer_chengde, record=records["submitted"])
    assert page_figures(c.get("/dashboard/?period=2017H2"))["persons_trained"] == "540"
    assistance_reopen(user=officer_chengde, record=records["training"], reason="核对")
    assert page_figures(c.get("/dashboard/?period=2017H2"))["persons_trained"] == "500"


def test_the_cards_show_names_units_and_grouped_values(records, client_for, city_officer):
    c = client_for(city_officer)
    c.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the words checked below are the English ones
    html = c.get("/dashboard/?period=2017H2").content.decode()
    assert "People trained" in html  # Indicator.name, in the user's language
    assert 'data-testid="figure-money" data-value="12000.50">12,000.50</a>' in html
    assert "person-times" in html
    assert "yuan" in html
    with translation.override("zh-hans"):
        html = client_for(city_officer).get("/dashboard/?period=2017H2").content.decode()
    assert 'title="培训人次"' in html


def test_a_programme_wide_role_chooses_a_county(records, client_for, inspector):
    resp = client_for(inspector).get("/dashboard/?period=2017H2&county=130828")
    shown = page_figures(resp)
    expected = indicators.figures(
        indicators.counted_records(start=H2.start, end=H2.end, county="130828")
    )
    assert {c: shown[c] for c in CODES} == as_text(expected)
    assert (shown["jobs"], shown["persons_trained"]) == ("10", "0")
    data = chart_data(resp)
    # by township within the county; the map still shows the five counties
    weichang_townships = Division.objects.filter(level="township", parent__code="130828")
    assert len(data["units"]["names"]) == weichang_townships.count()
    assert [c["code"] for c in data["map"]["counties"]] == [
        "130821",
        "130822",
        "130825",
        "130828",
        "130881",
    ]
    assert data["map"]["selected"] == "130828"
    assert 'data-testid="township-table" data-county="130828"' in resp.content.decode()


def test_a_county_officer_sees_only_its_county(records, client_for, officer_weichang):
    c = client_for(officer_weichang)
    resp = c.get("/dashboard/?period=2017H2")
    shown = page_figures(resp)
    expected = indicators.figures(
        indicators.counted_records(user=officer_weichang, start=H2.start, end=H2.end)
    )
    assert {k: shown[k] for k in CODES} == as_text(expected)
    assert (shown["jobs"], shown["persons_trained"], shown["money"]) == ("10", "0", "0.00")
    assert shown["coverage"] == "0.0"  # its one poor village has no active pairing
    html = resp.content.decode()
    assert 'id="county"' not in html  # no county filter: its own county
    assert "承德县" not in html  # no other county's name, figure or button
    data = chart_data(resp)
    assert [c["code"] for c in data["map"]["counties"]] == ["130828"]


def test_a_county_officer_gets_404_for_another_county(records, client_for, officer_weichang):
    c = client_for(officer_weichang)
    before = AuditEvent.objects.filter(event="access_denied").count()
    assert c.get("/dashboard/county/130821/").status_code == 404
    assert c.get("/dashboard/?county=130821").status_code == 404
    assert c.get("/api/v1/indicators/?county=130821").status_code == 404
    assert AuditEvent.objects.filter(event="access_denied").count() == before + 3
    assert c.get("/dashboard/county/130828/").status_code == 200


def test_the_township_partial_lists_every_township_with_figures_and_coverage(
    records, client_for, officer_chengde, village
):
    resp = client_for(officer_chengde).get(
        "/dashboard/county/130821/?period=2017H2", headers={"HX-Request": "true"}
    )
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "<html" not in html  # a partial
    township = village.parent
    records_ = indicators.counted_records(start=H2.start, end=H2.end, county="130821")
    by_township = indicators.figures_by(records_, "township")
    row = re.search(
        rf'<tr class="text-nowrap" data-township="{township.code}">(.*?)</tr>', html, re.S
    )
    cells = dict(re.findall(r'data-indicator="(\w+)">(?:<a [^>]*>)?([^<]*)<', row.group(1)))
    assert cells["persons_trained"] == str(by_township[township.pk]["persons_trained"]) == "40"
    # the liaison's pairing covers one of the township's poor villages
    poor_here = VillageProfile.objects.filter(
        village__parent=township, is_registered_poor=True, exited_on__isnull=True
    ).count()
    assert cells["coverage"].startswith(f"1/{poor_here} ")
    n_townships = Division.objects.filter(level="township", parent__code="130821").count()
    assert html.count('<tr class="text-nowrap" data-township="') == n_townships
    total = re.search(r'data-township="total">(.*?)</tr>', html, re.S).group(1)
    assert re.search(r'data-indicator="persons_trained"><a href="[^"]+">40<', total)


def test_the_partial_of_something_that_is_not_a_county_is_404(client_for, city_officer):
    c = client_for(city_officer)
    assert c.get("/dashboard/county/130821100/").status_code == 404  # a township
    assert c.get("/dashboard/county/999999/").status_code == 404


def test_a_bad_period_is_a_clear_message_not_an_error(records, client_for, city_officer):
    c = client_for(city_officer)
    c.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the messages checked below are the English ones
    for period, words in (
        ("2017H3", "is not a period"),
        ("last year", "is not a period"),
        ("2999H1", "has not begun yet"),
    ):
        resp = c.get("/dashboard/", {"period": period})
        assert resp.status_code == 400
        assert words in resp.content.decode()
        assert 'data-testid="dashboard-error"' in resp.content.decode()
        resp = c.get("/dashboard/county/130821/", {"period": period})
        assert resp.status_code == 400
        assert words in resp.content.decode()
        resp = c.get("/api/v1/indicators/", {"period": period})
        assert resp.status_code == 400
        assert words in resp.json()["period"][0]
    # lower case is read as the code it means
    assert c.get("/dashboard/?period=2017h2").status_code == 200


def test_the_helper_liaison_sees_its_own_helper_records_only(records, client_for, helper_liaison):
    resp = client_for(helper_liaison).get("/dashboard/?period=2017H2")
    shown = page_figures(resp)
    own = indicators.counted_records(helper=helper_liaison.helper.uscc, start=H2.start, end=H2.end)
    assert {c: shown[c] for c in CODES} == as_text(indicators.figures(own))
    assert (shown["persons_trained"], shown["money"], shown["jobs"]) == ("40", "0.00", "0")
    assert "coverage" not in shown  # coverage counts other helpers' pairings
    data = chart_data(resp)
    assert all(c["coverage"] is None for c in data["map"]["counties"])
    assert data["projects"] == []


def test_the_charts_data_follows_the_figures(records, client_for, city_officer):
    resp = client_for(city_officer).get("/dashboard/?period=2018H1")
    data = chart_data(resp)
    assert data["series"]["periods"] == ["2017H1", "2017H2", "2018H1"]
    series = {s["code"]: s["values"] for s in data["series"]["series"]}
    assert series["persons_trained"] == [0, 40, 15]
    assert series["money"] == [0, 12000.5, 0]
    pathways = {s["code"]: s["values"] for s in data["pathways"]["series"]}
    assert pathways["money"] == [0, 0, 0, 0, 0, 0]  # no money given in 2018H1
    units = {s["code"]: s["values"] for s in data["units"]["series"]}
    assert data["units"]["names"][0] == "承德县"
    assert units["persons_trained"][0] == 15
    resp = client_for(city_officer).get("/dashboard/?period=2017H2")
    pathways = {s["code"]: s["values"] for s in chart_data(resp)["pathways"]["series"]}
    assert pathways["money"][0] == 12000.5  # charity comes first
    counties = {c["code"]: c for c in chart_data(resp)["map"]["counties"]}
    assert counties["130828"]["figures"]["jobs"] == 10
    assert counties["130821"]["coverage"] == round(100 / 6, 1)


def test_the_page_loads_its_scripts_with_the_nonce_and_no_inline_code(
    records, client_for, city_officer
):
    resp = client_for(city_officer).get("/dashboard/?period=2017H2")
    html = resp.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", resp.headers["Content-Security-Policy"]).group(1)
    for src in ("vendor/echarts/echarts.min.js", "bangfu/dashboard.js"):
        assert re.search(rf'<script src="[^"]*{re.escape(src)}" nonce="{nonce}"></script>', html)
    assert " style=" not in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    for attrs, body in scripts:
        assert not body.strip() or 'type="application/json"' in attrs


def test_the_project_targets_against_actuals(
    records, programme, poor_villages, weichang_village, client_for, city_officer, officer_chengde
):
    project = Project.objects.create(
        programme=programme,
        code="forage-grass",
        name="饲粮牧草种植项目",
        first_year=2017,
        target_area_mu=Decimal("17100"),
        target_livestock=52500,
        target_revenue_yuan=Decimal("210000000"),
    )
    for period, v, area, head, profit in (
        ("2017H1", poor_villages[0], "1000", 2000, "5000000"),
        ("2017H2", poor_villages[0], "710", 500, "16000000"),
        ("2018H1", poor_villages[0], "100", 0, "9000000"),
        ("2017H2", weichang_village, "200", 100, "1000000"),
    ):
        ProjectProgress.objects.create(
            project=project,
            period=period,
            village=v,
            area_mu=Decimal(area),
            livestock=head,
            revenue_yuan=Decimal(profit),
        )

    def actuals(client, query):
        html = client.get(f"/dashboard/{query}").content.decode()
        table = re.search(r'data-testid="project-forage-grass">(.*?)</table>', html, re.S)
        return dict(
            re.findall(r'data-measure="(\w+)">.*?data-value="([^"]*)"', table.group(1), re.S)
        )

    c = client_for(city_officer)
    # up to 2017H2: 1,910 mu, 2,600 head; profit of the first year 22 million
    assert actuals(c, "?period=2017H2") == {
        "area_mu": "1910.00",
        "livestock": "2600",
        "first_year_revenue": "22000000.00",
        "revenue_yuan": "22000000.00",
    }
    assert actuals(c, "?period=all")["area_mu"] == "2010.00"
    assert actuals(c, "?period=all")["first_year_revenue"] == "22000000.00"
    assert actuals(c, "?period=all")["revenue_yuan"] == "31000000.00"
    # a county officer: its own county's progress only
    assert actuals(client_for(officer_chengde), "?period=2017H2")["area_mu"] == "1710.00"
    data = chart_data(c.get("/dashboard/?period=2017H2"))
    area = data["projects"][0]["measures"][0]
    assert area["target"] == 17100
    assert area["actual"] == 1910
    assert {x["name"]: x["value"] for x in area["counties"]} == {
        "承德县": 1710,
        "围场满族蒙古族自治县": 200,
    }


def test_the_api_figures_equal_the_page(records, client_for, city_officer, officer_chengde):
    for user, query in (
        (city_officer, "period=2017H2"),
        (city_officer, "period=2017H2&county=130821"),
        (city_officer, "period=all"),
        (officer_chengde, "period=2017H2"),
    ):
        c = client_for(user)
        shown = page_figures(c.get(f"/dashboard/?{query}"))
        body = c.get(f"/api/v1/indicators/?{query}").json()
        assert {k: str(body["figures"][k]) for k in CODES} == {k: shown[k] for k in CODES}
        assert str(body["coverage"]["percent"]) == shown["coverage"]


def test_the_api_answers_the_period_scope_and_units(records, client_for, officer_chengde):
    body = client_for(officer_chengde).get("/api/v1/indicators/?period=2017H2").json()
    assert body["period"] == "2017H2"
    assert (body["start"], body["end"]) == ("2017-06-21", "2017-12-21")
    assert body["scope"] == {
        "level": "county",
        "county": "130821",
        "county_name": "承德县",
        "helper": None,
        "helper_name": None,
    }
    assert body["figures"]["persons_trained"] == 40
    assert body["figures"]["money"] == "12000.50"
    units = {u["code"]: u for u in body["by_unit"]}
    assert all(u["level"] == "township" for u in units.values())
    township = records["training"].township.code
    assert units[township]["figures"]["persons_trained"] == 40
    assert sum(u["figures"]["persons_trained"] for u in units.values()) == 40


def test_the_api_for_the_programme_and_for_a_liaison(
    records, client_for, institute_staff, helper_liaison
):
    body = client_for(institute_staff).get("/api/v1/indicators/?period=all").json()
    assert body["period"] == "all"
    assert body["start"] is None
    assert body["scope"]["level"] == "programme"
    assert [u["code"] for u in body["by_unit"]] == [
        "130821",
        "130822",
        "130825",
        "130828",
        "130881",
    ]
    assert body["by_unit"][0]["figures"]["persons_trained"] == 55
    body = client_for(helper_liaison).get("/api/v1/indicators/?period=2017H2").json()
    assert body["scope"]["level"] == "helper"
    assert body["scope"]["helper"] == helper_liaison.helper.uscc
    assert body["figures"]["persons_trained"] == 40
    assert body["figures"]["jobs"] == 0
    assert body["coverage"] is None


def test_the_schema_describes_the_indicators_endpoint(client_for, city_officer, tmp_path):
    from django.core.management import call_command

    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    text = (tmp_path / "schema.yml").read_text()
    assert "/api/v1/indicators/:" in text
    assert "IndicatorFigures" in text
    assert "培训人次" in text  # each figure described by its definition


def test_the_page_query_count_is_bounded(
    records, client_for, city_officer, django_assert_max_num_queries
):
    """Three queries per half-year of the series, a few per chart: no query per row."""
    c = client_for(city_officer)
    with django_assert_max_num_queries(60):
        assert c.get("/dashboard/?period=2017H2").status_code == 200
    with django_assert_max_num_queries(20):
        assert c.get("/dashboard/county/130821/?period=2017H2").status_code == 200


def test_the_navigation_opens_the_dashboard(client_for, inspector):
    html = client_for(inspector).get("/").content.decode()
    assert 'href="/dashboard/"' in html


def test_the_period_choices_and_the_default(programme):
    assert filtering.parse_dashboard_period("", today=dt.date(2018, 1, 5)) == H2
    assert filtering.parse_dashboard_period("", today=dt.date(2017, 12, 21)) == Period(2017, 1)
    assert filtering.parse_dashboard_period("all", today=dt.date(2018, 1, 5)) is None
    choices = filtering.period_choices(today=dt.date(2018, 1, 5))
    assert [c for c, _label in choices] == ["all", "2018H1", "2017H2", "2017H1"]
    assert "in progress" in choices[1][1]


def test_every_county_has_its_shape_on_the_map():
    """The map's features carry names only: each county's (平泉市 under its old name)."""
    from django.contrib.staticfiles import finders

    with open(finders.find(selectors.GEO_URL), encoding="utf-8") as f:
        names = {feature["properties"]["name"] for feature in json.load(f)["features"]}
    for county in Division.objects.filter(level="county"):
        assert selectors.GEO_NAMES.get(county.code, county.name) in names, county.name


def test_a_dashboard_read_again_is_not_computed_again(
    records, client_for, city_officer, django_assert_max_num_queries
):
    """The figures are kept until the data changes (core.caching): a second read runs only
    the page's own queries (session, user, the trail's newest row, the select boxes)."""
    c = client_for(city_officer)
    first = c.get("/dashboard/?period=2017H2")
    with django_assert_max_num_queries(8):
        again = c.get("/dashboard/?period=2017H2")
    assert page_figures(again) == page_figures(first)
    assert chart_data(again) == chart_data(first)
    partial = c.get("/dashboard/county/130821/?period=2017H2").content
    with django_assert_max_num_queries(5):  # the session, user, device, trail's head, notices
        assert c.get("/dashboard/county/130821/?period=2017H2").content == partial


def test_kept_figures_are_never_another_users(
    records, client_for, city_officer, officer_weichang, helper_liaison
):
    """The city office's programme-wide page read first: the county and the liaison still
    see their own scope."""
    whole = page_figures(client_for(city_officer).get("/dashboard/?period=2017H2"))
    county = page_figures(client_for(officer_weichang).get("/dashboard/?period=2017H2"))
    liaison = page_figures(client_for(helper_liaison).get("/dashboard/?period=2017H2"))
    assert county["records"] == "1"
    assert liaison["records"] == "1"
    assert whole["records"] == "3"


def test_a_change_that_leaves_no_audit_row_is_seen_only_without_the_cache(
    records, client_for, city_officer, settings
):
    """What the cache relies on: every change of business data writes its audit row (a
    queryset update does not, which no service does). With the cache off it is seen at once."""
    from bangfu.assistance.models import Assistance

    c = client_for(city_officer)
    assert page_figures(c.get("/dashboard/?period=2017H2"))["persons_trained"] == "40"
    Assistance.objects.filter(pk=records["training"].pk).update(persons_trained=41)
    assert page_figures(c.get("/dashboard/?period=2017H2"))["persons_trained"] == "40"
    settings.FIGURES_CACHE_SECONDS = 0
    assert page_figures(c.get("/dashboard/?period=2017H2"))["persons_trained"] == "41"
