"""Demo assistance on the demo pairings: every pathway and kind, statuses, dates within the
pairings, beneficiaries from the record's village, the forage-grass project, written once —
and every figure of attachment 7 equal to an independent SQL aggregate."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from bangfu.accounts.models import AuditEvent, User
from bangfu.assistance import indicators
from bangfu.assistance.models import (
    KINDS_BY_PATHWAY,
    Assistance,
    AssistanceStatus,
    Beneficiary,
    Project,
    ProjectProgress,
)
from bangfu.core.periods import Period, period_of
from bangfu.demo.accounts import demo_accounts
from bangfu.demo.assistance.forage import (
    FORAGE_AREA_MU,
    FORAGE_CODE,
    FORAGE_LIVESTOCK,
    FORAGE_REVENUE_YUAN,
)
from bangfu.demo.assistance.plan import RECORDS_END
from bangfu.demo.assistance.planner import load_inputs, plan_assistance
from bangfu.demo.assistance.write import demo_assistance
from bangfu.demo.helpers.plan import DEMO_HELPER_USCC
from bangfu.demo.pairing.write import demo_pairings
from bangfu.demo.places import demo_places
from bangfu.demo.registry.write import demo_registry
from bangfu.pairing.models import Status

pytestmark = pytest.mark.django_db

COUNTY = "130821"  # 承德县: its office account confirms its records


def test_demo_assistance(settings, tmp_path):
    """One full write of places, registry, pairings, accounts and assistance (the slow test of
    this module), then every check on it."""
    settings.MEDIA_ROOT = tmp_path
    demo_places(seed=1)
    demo_registry(seed=1)
    demo_pairings(seed=1)
    demo_accounts()

    pairings, households = load_inputs()
    today = dt.date(2026, 11, 29)
    plan = plan_assistance(1, pairings=pairings, households=households, today=today)
    assert plan == plan_assistance(1, pairings=pairings, households=households, today=today)
    assert plan != plan_assistance(2, pairings=pairings, households=households, today=today)

    events_before = AuditEvent.objects.count()
    counts = demo_assistance(seed=1)
    assert counts["created"] == counts["records"] == Assistance.objects.count()
    assert 8_000 <= counts["records"] <= 15_000
    assert counts["created_progress"] == counts["progress_rows"] == ProjectProgress.objects.count()
    events = AuditEvent.objects.order_by("id")[events_before:]
    assert [(e.event, e.object_type) for e in events] == [("demo_data", "assistance")]

    check_kinds_and_measures()
    check_statuses()
    check_dates_and_places()
    check_project()

    # a second run creates nothing
    again = demo_assistance(seed=2)
    assert again == {**counts, "created": 0, "created_progress": 0}
    assert AuditEvent.objects.count() == events_before + 1

    # THE check: attachment 7's figures equal an independent SQL aggregate
    check_figures_against_sql()
    check_statistics_table_against_sql()


# ------------------------------------------------------------------------------- content


def check_kinds_and_measures():
    found = set(Assistance.objects.values_list("pathway", "kind").distinct())
    assert found == {(p, k) for p, kinds in KINDS_BY_PATHWAY.items() for k in kinds}
    records = Assistance.objects.exclude(status="superseded")  # amounts typed wrong

    trainings = records.filter(kind="training")
    assert not trainings.exclude(persons_trained__range=(20, 80)).exists()
    assert not trainings.filter(poor_trained__gt=F("persons_trained")).exists()
    assert not trainings.filter(Q(money_yuan__gt=0) | Q(investment_yuan__gt=0)).exists()
    assert not records.filter(poor_jobs__gt=F("jobs")).exists()
    jobs = records.filter(kind="jobs")
    assert not jobs.filter(Q(jobs=0) | Q(wages_yuan=0)).exists()
    donations = records.filter(kind="money_donation")
    assert not donations.exclude(money_yuan__range=(2_000, 200_000)).exists()
    goods = records.filter(kind="goods_donation")
    assert not goods.exclude(goods_yuan__range=(2_000, 200_000)).exists()
    investments = records.filter(kind="investment")
    assert not investments.exclude(investment_yuan__range=(100_000, 5_000_000)).exists()
    commerce = records.filter(pathway="commerce")
    assert not commerce.filter(purchase_yuan=0).exists()
    loans = records.filter(kind="loan")
    assert not loans.filter(Q(loan_yuan=0) | Q(loan_rate__isnull=True)).exists()
    others = records.exclude(kind="loan")
    assert not others.filter(Q(loan_yuan__gt=0) | Q(loan_rate__isnull=False)).exists()
    assert loans.filter(loan_rate=0).exists()
    assert loans.filter(loan_rate__gt=0).exists()
    assert not records.filter(kind="volunteers", volunteer_hours=0).exists()
    assert records.filter(kind="stationed_staff", persons_trained__gt=0).exists()

    # realistic Chinese descriptions naming the village
    for description, name in records.values_list("description", "village__name")[:500]:
        assert re.search(r"[\u4e00-\u9fff]{6}", description)
        assert name.removesuffix("村民委员会").removesuffix("居民委员会") in description

    # beneficiaries for part of the records, never more than the households reached
    with_links = records.annotate(n=Count("beneficiary")).filter(n__gt=0)
    assert 0.25 <= with_links.count() / records.count() <= 0.6
    assert not with_links.filter(households_reached__lt=F("n")).exists()
    # a few records for a village outside the helper's pairings
    assert 0 < records.filter(pairing__isnull=True).count() < records.count() * 0.03


def check_statuses():
    records = Assistance.objects.all()
    by_status = dict(records.values_list("status").annotate(n=Count("id")))
    assert set(by_status) == set(AssistanceStatus.values)
    total = sum(by_status.values())
    assert 0.80 <= by_status["confirmed"] / total <= 0.95
    assert by_status["submitted"] > by_status["draft"] > 20
    assert by_status["returned"] > 20
    assert not records.filter(status="returned", review_note="").exists()
    assert not records.exclude(status="returned").exclude(review_note="").exists()
    assert not records.filter(status="confirmed", confirmed_at__isnull=True).exists()
    assert not records.filter(status="draft", submitted_at__isnull=False).exists()
    assert not records.filter(confirmed_at__lt=F("submitted_at")).exists()

    # corrections: the original superseded, the correcting record confirmed and pointing at it
    superseded = list(records.filter(status="superseded"))
    assert 2 <= len(superseded) == records.filter(corrects__isnull=False).count()
    for old in superseded:
        (new,) = old.corrections.all()
        assert new.status == "confirmed"
        assert (new.village_id, new.kind, new.on) == (old.village_id, old.kind, old.on)
        assert new.description.startswith(f"更正记录{old.number}")

    # confirmed by the county office's account (the demo has one for each county)
    confirmed = records.filter(status="confirmed")
    for officer in User.objects.filter(role="county"):
        assert confirmed.filter(county=officer.county_id).exists()
        assert not confirmed.filter(county=officer.county_id).exclude(confirmed_by=officer).exists()
    liaison = User.objects.get(username="helper_liaison")
    mine = records.filter(helper__uscc=DEMO_HELPER_USCC, submitted_at__isnull=False)
    assert mine.exists()
    assert not mine.exclude(submitted_by=liaison).exists()

    # unconfirmed records are the later ones
    late = records.filter(on__gt=dt.date(2019, 6, 20))
    assert (
        late.exclude(status="confirmed").count()
        > records.filter(on__lte=dt.date(2019, 6, 20))
        .exclude(status__in=["confirmed", "superseded"])
        .count()
    )


def check_dates_and_places():
    records = Assistance.objects.all()
    today = timezone.localdate()
    assert not records.filter(on__lt=F("pairing__start_date")).exists()
    assert not records.filter(on__gt=F("pairing__ended_on")).exists()
    assert not records.filter(Q(on__gt=today) | Q(on__gt=RECORDS_END)).exists()
    assert records.filter(on__year=2017).exists()
    assert records.filter(on__year=2019).exists()
    assert records.filter(pairing__status=Status.ENDED).exists()
    assert records.filter(pairing__status=Status.RELAYED).exists()
    assert not records.filter(pairing__status__in=[Status.PROPOSED, Status.AGREED]).exists()
    assert not records.exclude(Q(pairing__isnull=True) | Q(pairing__helper=F("helper"))).exists()
    assert not records.exclude(Q(pairing__isnull=True) | Q(pairing__village=F("village"))).exists()
    # outside a pairing: a village of the county of one of the helper's pairings
    for helper, county in records.filter(pairing__isnull=True).values_list("helper", "county"):
        assert county in set(
            records.filter(helper=helper, pairing__isnull=False).values_list("county", flat=True)
        )

    # the columns save() derives
    for number, on, period, county, township, v_county, v_parent in records.values_list(
        "number", "on", "period", "county", "township", "village__county", "village__parent"
    ):
        assert re.fullmatch(r"A[0-9A-F]{10}", number)
        assert period == period_of(on).code
        assert (county, township) == (v_county, v_parent)

    # beneficiaries live in the record's village
    links = Beneficiary.objects.all()
    assert links.count() > 10_000
    assert not links.exclude(household__village=F("assistance__village")).exists()
    # technical trainings reach the households chosen for tech help, where the village has any
    tech = links.filter(assistance__pathway="technology")
    assert tech.filter(household__tech_help=True).count() > tech.count() * 0.9


def check_project():
    project = Project.objects.get(code=FORAGE_CODE)
    assert project.programme.is_current
    assert project.name == "饲粮牧草种植项目"
    assert project.first_year == 2017
    assert project.target_area_mu == FORAGE_AREA_MU == Decimal("17100")
    assert project.target_livestock == FORAGE_LIVESTOCK == 52_500
    assert project.target_revenue_yuan == FORAGE_REVENUE_YUAN == Decimal("210000000")

    rows = ProjectProgress.objects.filter(project=project)
    periods = set(rows.values_list("period", flat=True))
    assert periods == {f"{y}H{h}" for y in (2017, 2018, 2019) for h in (1, 2)}
    villages = rows.values("village").distinct().count()
    assert 100 <= villages <= 200
    assert not rows.exclude(county=F("village__county")).exists()
    # village rows and household rows never in the same village; households of the village
    per_household = set(rows.filter(household__isnull=False).values_list("village", flat=True))
    assert 3 <= len(per_household) <= 12
    assert not rows.filter(household__isnull=True, village__in=per_household).exists()
    assert not rows.exclude(Q(household__isnull=True) | Q(household__village=F("village"))).exists()

    def cumulative(last: str) -> tuple[Decimal, int, Decimal]:
        """The sums of the increments up to `last` (codes sort in time order)."""
        sums = rows.filter(period__lte=last).aggregate(
            area=Sum("area_mu"), head=Sum("livestock"), profit=Sum("revenue_yuan")
        )
        return sums["area"], sums["head"], sums["profit"]

    area, _head, first_year_profit = cumulative("2017H2")
    assert 0.90 <= area / FORAGE_AREA_MU <= 1.05
    assert 0.90 <= first_year_profit / FORAGE_REVENUE_YUAN <= 1.05
    _area, head, _profit = cumulative("2018H2")
    assert 0.90 <= head / FORAGE_LIVESTOCK <= 1.05
    area, head, _profit = cumulative("2019H2")
    assert area / FORAGE_AREA_MU <= 1.05
    assert head / FORAGE_LIVESTOCK <= 1.05


# ------------------------------------------------------------------------------- figures vs SQL

RECORD_CODES = [
    "helpers",
    "villages",
    "poor_villages",
    "records",
    "industry_investment",
    "charity",
    "money",
    "goods",
    "persons_trained",
    "poor_trained",
    "jobs",
    "poor_jobs",
    "wages",
    "purchases",
    "loans",
    "volunteer_hours",
]
# the unit of a record, from its village (not from the columns save() derives)
UNIT_SQL = {"total": "0", "county": "v.county_id", "township": "v.parent_id", "village": "v.id"}

RECORDS_SQL = """
SELECT {unit} AS unit,
       COUNT(DISTINCT a.helper_id),
       COUNT(DISTINCT a.village_id),
       COUNT(DISTINCT CASE WHEN vp.is_registered_poor THEN a.village_id END),
       COUNT(*),
       SUM(a.investment_yuan),
       SUM(CASE WHEN a.pathway = 'charity' THEN a.money_yuan + a.goods_yuan ELSE 0 END),
       SUM(a.money_yuan),
       SUM(a.goods_yuan),
       SUM(a.persons_trained),
       SUM(a.poor_trained),
       SUM(a.jobs),
       SUM(a.poor_jobs),
       SUM(a.wages_yuan),
       SUM(a.purchase_yuan),
       SUM(a.loan_yuan),
       SUM(a.volunteer_hours)
  FROM assistance_assistance a
  JOIN places_division v ON v.id = a.village_id
  JOIN places_division c ON c.id = v.county_id
  LEFT JOIN registry_villageprofile vp ON vp.village_id = a.village_id
 WHERE {where}
 {group}
"""

PEOPLE_SQL = """
SELECT unit, COUNT(*), SUM(size)
  FROM (SELECT DISTINCT {unit} AS unit, h.id AS household, h.size AS size
          FROM assistance_beneficiary b
          JOIN assistance_assistance a ON a.id = b.assistance_id
          JOIN places_division v ON v.id = a.village_id
          JOIN places_division c ON c.id = v.county_id
          JOIN registry_household h ON h.id = b.household_id
         WHERE {where}) reached
 GROUP BY unit
"""


def _value(code: str, value) -> Decimal | int:
    if indicators.BY_CODE[code].money:
        return Decimal(str(value or 0)).quantize(Decimal("0.01"))
    return int(value or 0)


def sql_figures(unit: str, *, start: dt.date | None, end: dt.date, county: str | None):
    """Every indicator per unit (or in total: unit 0) by hand-written SQL."""
    where = ["a.status = 'confirmed'", 'a."on" <= %s']
    params: list = [end]
    if start is not None:
        where.append('a."on" >= %s')
        params.append(start)
    if county is not None:
        where.append("c.code = %s")
        params.append(county)
    out: dict = {}
    with connection.cursor() as cur:
        group = "" if unit == "total" else f"GROUP BY {UNIT_SQL[unit]}"
        sql = RECORDS_SQL.format(unit=UNIT_SQL[unit], where=" AND ".join(where), group=group)
        cur.execute(sql, params)
        for unit_id, *values in cur.fetchall():
            row = {code: _value(code, v) for code, v in zip(RECORD_CODES, values, strict=True)}
            row["households_reached"] = row["people_reached"] = 0
            out[int(unit_id)] = row
        cur.execute(PEOPLE_SQL.format(unit=UNIT_SQL[unit], where=" AND ".join(where)), params)
        for unit_id, households, people in cur.fetchall():
            out[int(unit_id)].update(households_reached=int(households), people_reached=int(people))
    return out


CASES = [
    # (scope, start, end): one period, and cumulative to the end of 2019H2
    (None, Period(2018, 1).start, Period(2018, 1).end),
    (None, None, Period(2019, 2).end),
    (COUNTY, Period(2018, 1).start, Period(2018, 1).end),
    (COUNTY, None, Period(2019, 2).end),
]


def check_figures_against_sql():
    for county, start, end in CASES:
        scope = {"county": county} if county else {}
        records = indicators.counted_records(start=start, end=end, **scope)
        expected = sql_figures("total", start=start, end=end, county=county)[0]
        assert indicators.figures(records) == expected, (county, start, end)
        assert expected["records"] > 100
        assert expected["households_reached"] > 0
        assert expected["poor_villages"] > 0
        for unit in ("county", "township", "village"):
            got = indicators.figures_by(records, unit)
            want = sql_figures(unit, start=start, end=end, county=county)
            assert got == want, (county, start, end, unit)
            # the one-statement form (ROLLUP / UNION ALL): the same rows and the same total
            rows, total = indicators.figures_and_total(records, unit)
            assert rows == want, (county, start, end, unit)
            assert total == expected, (county, start, end, unit)
        if county is None:
            assert len(got) > 300  # village rows of the whole programme


def check_statistics_table_against_sql():
    """Attachment 7 (`io.statistics.statistics_table`): its rows and total against the same SQL."""
    from bangfu.assistance.io.statistics import statistics_table

    zeros = {i.code: _value(i.code, 0) for i in indicators.INDICATORS}
    for period in (Period(2018, 1), Period(2019, 2)):
        for county in (None, COUNTY):
            table = statistics_table(period=period.code, county=county)
            unit = "county" if county is None else "township"
            assert table.unit_level == unit
            for block, start in ((table.current, period.start), (table.cumulative, None)):
                want = sql_figures(unit, start=start, end=period.end, county=county)
                # the rows carry the indicators and the columns apps above add (the
                # institute's tech-help households, checked in tests/institute): exactly those
                extra = {code for e in table.extras for code in e.codes}
                assert all(set(f) == set(zeros) | extra for _d, f in block.rows)
                got = {
                    division.pk: {k: v for k, v in figures.items() if k in zeros}
                    for division, figures in block.rows
                }
                assert set(want) <= set(got)
                assert got == {pk: want.get(pk, zeros) for pk in got}, (period, county, unit)
                total = sql_figures("total", start=start, end=period.end, county=county)[0]
                got_total = {k: v for k, v in block.total.items() if k in zeros}
                assert got_total == total, (period, county, block.name_zh)
            if county is None:
                assert len(table.current.rows) == 5
