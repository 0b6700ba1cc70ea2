"""The programme's indicators (统计口径): one definition each, used by every page, export and API.

Only *confirmed* assistance records count. A figure is computed for a set of records (a
scope — programme, county, township, helper — and a date range, usually a half-year period
or everything up to its end) either in total or per unit (county, township or village).
Money is in yuan (Decimal), counts are integers. Each indicator's Chinese name, unit and
definition are listed in docs/INDICATORS.md, generated from this table
(`python -m bangfu.assistance.indicators > docs/INDICATORS.md`).

Sums are computed in one SQL aggregate over the records; the counts of distinct households
and people reached come from a second query over the beneficiary links, because joining
them into the first would multiply the sums.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, F, IntegerField, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

if __name__ == "__main__":  # pragma: no cover  (`python -m bangfu.assistance.indicators`)
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangfu.settings")
    django.setup()  # before the models are imported

from .models import Assistance, AssistanceStatus, Beneficiary

YUAN = DecimalField(max_digits=18, decimal_places=2)
ZERO = Value(Decimal("0"), output_field=YUAN)
# records that list at least one household reached
REACHED = Q(Exists(Beneficiary.objects.filter(assistance=OuterRef("pk"))))


@dataclass(frozen=True)
class Indicator:
    code: str
    name_zh: str
    name: str
    unit_zh: str
    definition_zh: str
    money: bool = False
    source: str = "records"  # records | beneficiaries
    # Which records the figure is made of (those adding to a sum), beyond confirmed, scope
    # and dates: the filter of the records list that opens from the figure (`records_link`).
    counts: Q | None = None
    # What the figure counts when it counts things, not records: the list of them opens.
    counts_units: str | None = None  # helpers | villages | households


INDICATORS: list[Indicator] = [
    Indicator(
        "helpers",
        "参与帮扶主体数",
        _("helpers taking part"),
        "个",
        "期内有已确认帮扶记录的帮扶主体，按统一社会信用代码去重。",
        counts_units="helpers",
    ),
    Indicator(
        "villages",
        "帮扶村数",
        _("villages helped"),
        "个",
        "期内有已确认帮扶记录的村，按村去重。",
        counts_units="villages",
    ),
    Indicator(
        "poor_villages",
        "其中建档立卡贫困村",
        _("of them registered poor villages"),
        "个",
        "帮扶村中建档立卡贫困村的个数（含已出列的）。",
        counts=Q(village__profile__is_registered_poor=True),
        counts_units="villages",
    ),
    Indicator("records", "帮扶记录", _("assistance records"), "条", "期内已确认的帮扶记录条数。"),
    Indicator(
        "industry_investment",
        "产业投入",
        _("money invested in industry"),
        "元",
        "已确认记录的投资额之和（投资兴办企业、开发资源、PPP、产业基金等）。",
        money=True,
        counts=Q(investment_yuan__gt=0),
    ),
    Indicator(
        "charity",
        "公益投入",
        _("charity money and goods"),
        "元",
        "公益帮扶途径（捐款捐物、助学、助老、助残、助医）已确认记录的资金与物资折款之和。",
        money=True,
        counts=Q(pathway="charity") & (Q(money_yuan__gt=0) | Q(goods_yuan__gt=0)),
    ),
    Indicator(
        "money",
        "帮扶资金",
        _("money given"),
        "元",
        "各途径已确认记录的资金之和（不含投资、采购、贷款、工资）。",
        money=True,
        counts=Q(money_yuan__gt=0),
    ),
    Indicator(
        "goods",
        "捐赠物资折款",
        _("value of goods given"),
        "元",
        "各途径已确认记录的物资折款之和。",
        money=True,
        counts=Q(goods_yuan__gt=0),
    ),
    Indicator(
        "persons_trained",
        "培训人次",
        _("people trained"),
        "人次",
        "已确认记录的培训人次之和。",
        counts=Q(persons_trained__gt=0),
    ),
    Indicator(
        "poor_trained",
        "其中贫困人口",
        _("of them poor"),
        "人次",
        "培训人次中建档立卡贫困人口的人次。",
        counts=Q(poor_trained__gt=0),
    ),
    Indicator(
        "jobs",
        "帮助就业",
        _("jobs found"),
        "人",
        "已确认记录中安排就业的人数之和。",
        counts=Q(jobs__gt=0),
    ),
    Indicator(
        "poor_jobs",
        "其中贫困人口就业",
        _("jobs for poor people"),
        "人",
        "安排就业人数中建档立卡贫困人口的人数。",
        counts=Q(poor_jobs__gt=0),
    ),
    Indicator(
        "wages",
        "工资性收入",
        _("wages paid"),
        "元",
        "就业人员获得的工资之和。",
        money=True,
        counts=Q(wages_yuan__gt=0),
    ),
    Indicator(
        "purchases",
        "消费帮扶金额",
        _("produce bought"),
        "元",
        "采购、代销、委托加工、农企直通车等已确认记录的金额之和。",
        money=True,
        counts=Q(purchase_yuan__gt=0),
    ),
    Indicator(
        "loans",
        "贷款金额",
        _("loans granted"),
        "元",
        "低息或无息贷款金额之和。",
        money=True,
        counts=Q(loan_yuan__gt=0),
    ),
    Indicator(
        "volunteer_hours",
        "志愿服务时长",
        _("volunteer hours"),
        "小时",
        "志愿服务时长之和。",
        counts=Q(volunteer_hours__gt=0),
    ),
    Indicator(
        "households_reached",
        "受益贫困户",
        _("poor households reached"),
        "户",
        "已确认记录所列受益户（建档立卡贫困户），按户去重。",
        source="beneficiaries",
        counts=REACHED,
        counts_units="households",
    ),
    Indicator(
        "people_reached",
        "受益贫困人口",
        _("poor people reached"),
        "人",
        "受益贫困户的家庭人口之和，按户去重后计算（每户只计一次）。",
        source="beneficiaries",
        counts=REACHED,
        counts_units="households",
    ),
]
BY_CODE = {i.code: i for i in INDICATORS}


def records_link(
    code: str,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    county: str | None = None,
    township: str | None = None,
    village: str | None = None,
    helper: str | None = None,
    pairing: str | None = None,
) -> str:
    """The URL of the records (or helpers, villages, households) that indicator `code`
    counts in a scope (division codes, a helper's USCC, a pairing's number) and date range: the records list
    filtered as `counted_records` and the indicator's `counts` filter it. The one builder of
    every figure's link (dashboard, home, reporting, the attachments' previews).

    The list is read in the viewer's own scope (`for_user`), as the figure was counted."""
    from urllib.parse import urlencode

    from django.urls import get_script_prefix, get_urlconf

    BY_CODE[code]  # an unknown indicator is a KeyError here, not a link that shows everything
    query = {"indicator": code, "status": AssistanceStatus.CONFIRMED.value}
    if start is not None:
        query["start"] = start.isoformat()
    if end is not None:
        query["end"] = end.isoformat()
    for key, value in (
        ("county", county),
        ("township", township),
        ("village", village),
        ("helper", helper),
        ("pairing", pairing),
    ):
        if value:
            query[key] = value
    if all(_UNQUOTED.fullmatch(v) for v in query.values()):  # codes and dates, as a rule
        encoded = "&".join(f"{k}={v}" for k, v in query.items())  # what urlencode gives
    else:
        encoded = urlencode(query)
    return f"{_records_list_path(get_script_prefix(), get_urlconf())}?{encoded}"


# the characters `urlencode` leaves as they are (`quote_plus`'s always-safe set)
_UNQUOTED = re.compile(r"[A-Za-z0-9_.~-]*")


@functools.lru_cache(maxsize=8)
def _records_list_path(prefix: str, urlconf) -> str:
    """The records list's path under the script prefix the site is served at (and the
    request's URLconf, if it has its own): a dashboard links each of its hundreds of
    figures, and `reverse` costs more than the rest of a link."""
    from django.urls import reverse

    return reverse("assistance:list", urlconf=urlconf)


def record_aggregates() -> dict:
    """The SQL aggregate of each indicator counted over the records themselves."""
    from bangfu.registry.models import VillageProfile

    # an IN over the poor villages' ids (evaluated once), not a join of every record to
    # its village and the village's profile
    poor = VillageProfile.objects.filter(is_registered_poor=True).values("village_id")
    return {
        "helpers": Count("helper_id", distinct=True),
        "villages": Count("village_id", distinct=True),
        "poor_villages": Count("village_id", distinct=True, filter=Q(village_id__in=poor)),
        "records": Count("id"),
        "industry_investment": Coalesce(Sum("investment_yuan"), ZERO),
        "charity": Coalesce(
            Sum(F("money_yuan") + F("goods_yuan"), filter=Q(pathway="charity"), output_field=YUAN),
            ZERO,
        ),
        "money": Coalesce(Sum("money_yuan"), ZERO),
        "goods": Coalesce(Sum("goods_yuan"), ZERO),
        "persons_trained": Coalesce(Sum("persons_trained"), 0),
        "poor_trained": Coalesce(Sum("poor_trained"), 0),
        "jobs": Coalesce(Sum("jobs"), 0),
        "poor_jobs": Coalesce(Sum("poor_jobs"), 0),
        "wages": Coalesce(Sum("wages_yuan"), ZERO),
        "purchases": Coalesce(Sum("purchase_yuan"), ZERO),
        "loans": Coalesce(Sum("loan_yuan"), ZERO),
        "volunteer_hours": Coalesce(Sum("volunteer_hours"), 0),
    }


def counted_records(
    *, user=None, start: dt.date | None = None, end: dt.date | None = None, **scope
):
    """The confirmed records of a scope and date range: the base of every figure.

    scope: county, township, village (division codes) or helper (USCC)."""
    qs = Assistance.objects.all() if user is None else Assistance.objects.for_user(user)
    qs = qs.filter(status=AssistanceStatus.CONFIRMED)
    if start is not None:
        qs = qs.filter(on__gte=start)
    if end is not None:
        qs = qs.filter(on__lte=end)
    for key in ("county", "township", "village"):
        if scope.get(key):
            qs = qs.filter(**{f"{key}__code": scope[key]})
    if scope.get("helper"):
        qs = qs.filter(helper__uscc=scope["helper"])
    return qs


def zeros() -> dict:
    """Every indicator at zero (money as 0.00)."""
    return {i.code: (Decimal("0.00") if i.money else 0) for i in INDICATORS}


def normalise(row: dict) -> dict:
    """An aggregate row as figures: every indicator present, money to 2 places, counts whole."""
    out = zeros()
    for code, value in row.items():
        if code not in out or value is None:
            continue
        out[code] = Decimal(value).quantize(Decimal("0.01")) if BY_CODE[code].money else int(value)
    return out


def figures(records) -> dict:
    """Every indicator over `records` (a queryset from `counted_records`), in total."""
    row = records.order_by().aggregate(**record_aggregates())
    links = Beneficiary.objects.filter(assistance__in=records.order_by().values("id"))
    from bangfu.registry.models import Household

    row.update(
        Household.objects.filter(id__in=links.values("household_id")).aggregate(
            households_reached=Count("id"), people_reached=Sum("size")
        )
    )
    return normalise(row)


UNIT_FIELDS = {
    "county": "county_id",
    "township": "township_id",
    "village": "village_id",
    "period": "period",
    "pathway": "pathway",
    "pairing": "pairing_id",
}
# Where a beneficiary household's unit is read from when the unit is a place: a beneficiary
# lives in the record's village (services.rules.beneficiaries_in), so it belongs to the
# record's units.
HOUSEHOLD_PLACE = {"county": "county_id", "township": "village__parent_id", "village": "village_id"}


def figures_by(records, unit: str, *, codes=None) -> dict:
    """Every indicator over `records` per unit: a place (county, township or village id), a
    half-year period code, a pathway or a pairing id — one aggregate pass for the sums, one
    for the households. `codes`: only these indicators (each unit's dict holds just them;
    without the households' codes the second pass is skipped)."""
    from bangfu.registry.models import Household

    field = UNIT_FIELDS[unit]
    ids = records.order_by().values("id")
    aggregates = record_aggregates()
    if codes is not None:
        aggregates = {code: a for code, a in aggregates.items() if code in codes}
    rows = {
        r.pop("unit"): r for r in records.order_by().values(unit=F(field)).annotate(**aggregates)
    }
    if codes is not None and not {"households_reached", "people_reached"} & set(codes):
        return {unit_id: _only(normalise(r), codes) for unit_id, r in rows.items()}
    if unit in HOUSEHOLD_PLACE:
        links = Beneficiary.objects.filter(assistance__in=ids).values("household_id")
        for r in (
            Household.objects.filter(id__in=links)
            .order_by()  # Household's ordering would join every household to its village
            .values(unit=F(HOUSEHOLD_PLACE[unit]))
            .annotate(households_reached=Count("id"), people_reached=Sum("size"))
        ):
            rows.setdefault(r["unit"], {}).update(
                households_reached=r["households_reached"], people_reached=r["people_reached"]
            )
    else:
        # a household reached in two periods (or pathways) counts once in each: the distinct
        # (unit, household) pairs grouped by unit, in the database
        for unit_value, reached, people in _reached_by(ids, field, records.db):
            rows.setdefault(unit_value, {}).update(
                households_reached=reached, people_reached=people
            )
    if codes is not None:
        return {unit_id: _only(normalise(r), codes) for unit_id, r in rows.items()}
    return {unit_id: normalise(r) for unit_id, r in rows.items()}


def _only(figures: dict, codes) -> dict:
    return {code: figures[code] for code in codes}


def figures_and_total(records, unit: str) -> tuple[dict, dict]:
    """`figures_by(records, unit)` and `figures(records)` in ONE statement, for a place
    (county, township or village): the sums and distinct counts per unit and over all the
    records (PostgreSQL `GROUP BY ROLLUP`; SQLite, without ROLLUP, a `UNION ALL` of the
    grouped aggregate and the helpers' `COUNT(DISTINCT)` over all, the other figures of the
    total added up from the units, as `total_of` does), the households reached grouped the
    same way and joined on. The total counts helpers, villages and households once however
    many units they appear in."""
    from django.db import connections

    from bangfu.registry.models import Household

    if unit not in HOUSEHOLD_PLACE:
        raise ValueError(f"figures_and_total: {unit} is not a place")
    using = records.db
    vendor = connections[using].vendor
    base = records.order_by()
    links = Beneficiary.objects.filter(assistance__in=base.values("id")).values("household_id")
    households = Household.objects.using(using).filter(id__in=links).order_by()
    reached = {"households_reached": Count("id"), "people_reached": Sum("size")}
    parts = []
    for qs, column, aggregates in (
        (base, UNIT_FIELDS[unit], record_aggregates()),
        (households, HOUSEHOLD_PLACE[unit], reached),
    ):
        grouped = qs.values(unit=F(column)).annotate(**aggregates)
        sql, params = grouped.query.get_compiler(using).as_sql()
        if vendor == "postgresql":
            # the grouped query's one unit column, rolled up with a total row (Django may
            # write its GROUP BY as a select index, which ROLLUP would take as a constant)
            group = sql[len("SELECT ") : sql.index(' AS "unit"')]
            head, _sep, _group = sql.rpartition(" GROUP BY ")
            sql = f"{head} GROUP BY ROLLUP ({group})"
            sql = sql.replace(' AS "unit"', f' AS "unit", GROUPING({group}) AS "is_total"', 1)
        else:
            # SQLite has no ROLLUP. Every figure of a place adds up over the places (a
            # record, a village, a household is in one) except the helpers: the total row
            # is their COUNT(DISTINCT) alone, and the rest is added up from the rows below
            sql = sql.replace(' AS "unit"', ' AS "unit", 0 AS "is_total"', 1)
            if qs is base:
                only_helpers = {
                    code: aggregates["helpers"]
                    if code == "helpers"
                    else Value(None, output_field=IntegerField())
                    for code in aggregates
                }
                whole = qs.values(unit=Value(None, output_field=IntegerField())).annotate(
                    **only_helpers
                )
                total_sql, total_params = whole.query.get_compiler(using).as_sql()
                total_sql = total_sql.replace(' AS "unit"', ' AS "unit", 1 AS "is_total"', 1)
                sql, params = f"{sql} UNION ALL {total_sql}", (*params, *total_params)
        parts.append((sql, params))
    same = "IS NOT DISTINCT FROM" if vendor == "postgresql" else "IS"
    codes = list(record_aggregates())
    statement = (  # the ORM's own SQL and the indicators' codes; values are parameters
        f"SELECT g.unit, g.is_total, {', '.join(f'g.{c}' for c in codes)}, "  # noqa: S608
        "r.households_reached, r.people_reached "
        f"FROM ({parts[0][0]}) g LEFT JOIN ({parts[1][0]}) r "
        f"ON r.is_total = g.is_total AND r.unit {same} g.unit"
    )
    with connections[using].cursor() as cursor:
        cursor.execute(statement, (*parts[0][1], *parts[1][1]))
        rows = cursor.fetchall()
    by_unit, total = {}, zeros()
    for unit_id, is_total, *values in rows:
        row = dict(zip((*codes, "households_reached", "people_reached"), values, strict=True))
        row = {k: Decimal(str(v)) if isinstance(v, float) else v for k, v in row.items()}
        if is_total:
            total = normalise(row)
        else:
            by_unit[unit_id] = normalise(row)
    if vendor != "postgresql":  # the total row holds the helpers only
        helpers = total["helpers"]
        total = zeros()
        for figures in by_unit.values():
            for code, value in figures.items():
                total[code] += value
        total["helpers"] = helpers
    return by_unit, total


def _reached_by(ids, field: str, using: str) -> list[tuple]:
    """(unit, households, people) of the records `ids` per value of their `field`: one
    statement, `GROUP BY` over the distinct (unit, household, size) triples."""
    from django.db import connections

    pairs = (
        Beneficiary.objects.using(using)
        .filter(assistance__in=ids)
        .order_by()
        .values(u=F(f"assistance__{field}"), h=F("household_id"), s=F("household__size"))
        .distinct()
    )
    inner, params = pairs.query.get_compiler(using).as_sql()
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT u, COUNT(*), SUM(s) FROM ({inner}) pairs GROUP BY u", params)  # noqa: S608  (the ORM's own SQL, values as parameters)
        return cursor.fetchall()


def total_of(by_place: dict, records) -> dict:
    """The total of `records` from their `figures_by` rows per place (county, township or
    village), without counting the records again.

    Every indicator adds up over places (a record, a village and a household are each in
    one place) except the helpers: a helper may help in several places, so they are counted
    once more over `records` (one COUNT(DISTINCT), no joins). Not for periods, pathways or
    pairings: a household reached in two of them is in both rows."""
    out = zeros()
    for row in by_place.values():
        for code, value in row.items():
            out[code] += value
    out["helpers"] = records.order_by().aggregate(n=Count("helper_id", distinct=True))["n"]
    return out


def markdown() -> str:
    lines = [
        "# Indicators (统计口径)",
        "",
        "Generated from `bangfu/assistance/indicators.py` — the one definition every page, "
        "export (attachments 6 and 7) and API figure uses. Only **confirmed** assistance "
        "records count; a record counts in the half-year period that contains its date "
        "(periods end on 20 June and 21 December, `bangfu/core/periods.py`).",
        "",
        "Every figure on a page (dashboard, home, reporting board, the attachments' previews) "
        "opens what it counts: `records_link` builds the link, the records list filtered by "
        "scope, dates and the indicator's own `counts` filter (the records that add to a sum); "
        "a figure that counts helpers, villages or households opens the list of those.",
        "",
        "| code | 中文名称 | English | 单位 | 口径 |",
        "|---|---|---|---|---|",
    ]
    from django.utils import translation

    with translation.override("en"):
        for i in INDICATORS:
            lines.append(
                f"| `{i.code}` | {i.name_zh} | {i.name} | {i.unit_zh} | {i.definition_zh} |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.stdout.write(markdown())
