"""Statistics-table benchmark: attachment 7 over a million assistance records, next to raw SQL.

    python -m bench.statistics [--records 1000000] [--households 50000] [--helpers 300]
                               [--databases sqlite postgresql] [--postgres URL] [--no-results]

Each database gets a scratch database of its own, filled and timed in a child process
(BANGFU_VAR_DIR in a temporary directory; DEBUG off, throw-away keys, as `python -m bench`):

* SQLite: a fresh file in that directory (WAL, synchronous=NORMAL: bangfu's settings);
* PostgreSQL: `bangfu_bench_<random>` created beside `--postgres` (the server's maintenance
  database, default postgres://postgres@127.0.0.1:5432/postgres) and dropped at the end.

The child migrates, loads the real divisions (`load_divisions`: 5 counties, 126 townships,
1,638 villages) and inserts raw (SQLite `executemany`, PostgreSQL `COPY`):

* a profile for every village, a third of them registered poor (some exited);
* the helpers, each declaring 2–7 villages, mostly poor ones;
* the registry households, spread evenly over the villages;
* N assistance records dated over 2017–2019 (ids in date order), 90 % by a helper in one
  of its villages and 10 % elsewhere; every pathway and kind with its typed measures;
  statuses 80 % confirmed, 8 % submitted, 6 % draft, 3 % sent back, 3 % superseded; the
  derived columns (period, county, township) filled as `Assistance.save` fills them;
* beneficiary links on 30 % of the records: 1–3 households of the record's village;

then ANALYZE (PostgreSQL: VACUUM ANALYZE). The blocks of attachment 7 for the whole
programme, with one row per county and a total, are timed (one warm-up each, then three
rounds alternating the two sides, best of 3):

  bangfu   `indicators.figures_and_total(counted_records(start=…, end=…), "county")`:
           one statement (PostgreSQL ROLLUP, SQLite UNION ALL) built from the indicators'
           ORM aggregates, what `assistance.io.statistics.statistics_table` computes for
           each of its two blocks (本期 and 累计);
  raw SQL  ONE statement computing the same 18 figures per county and in total: PostgreSQL
           `GROUP BY ROLLUP (county_id)`, SQLite a `UNION ALL` of the per-county and the total
           aggregates; the distinct households and people reached from the beneficiary links
           in a subquery (`household.id IN (…)`), grouped the same way and joined on.

The blocks: the period 2018H1 (22 Dec 2017 – 20 Jun 2018), cumulative to 2018H1, the period
2019H2 and cumulative to 2019H2 (everything up to 21 Dec 2019). Then the whole form,
`statistics_table(period="2018H1")` and `(period="2019H2")` (both blocks and the county
rows), against the two raw statements of its blocks run back to back. The two sides must
give the same numbers for every county and the total (money to the fen: on SQLite the
decimal columns are stored as REAL, so sums can differ in the last bit; a difference of a
fen or more fails the run).

Then each SQL query of the bangfu side is timed on its own and explained (SQLite `EXPLAIN
QUERY PLAN`, PostgreSQL `EXPLAIN (ANALYZE, BUFFERS)`), and one run is profiled (cProfile),
so that a ratio above the goal (1.3×) says where the time goes.

Results: a table on stdout and `bench/results/statistics-<date>.md`, one section per
database (replaced when the benchmark runs again on the same day).
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import os
import platform
import random
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

MARK = "BENCH-JSON "
RESULTS_DIR = Path(__file__).resolve().parent / "results"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/postgres"
GOAL = 1.3
ROUNDS = 3
FEN = Decimal("0.01")
NOW = "2026-11-29 00:00:00"

# the blocks timed: (key, label, start, end)
BLOCKS = [
    ("2018H1", "period 2018H1", dt.date(2017, 12, 22), dt.date(2018, 6, 20)),
    ("to-2018H1", "cumulative to 2018H1", None, dt.date(2018, 6, 20)),
    ("2019H2", "period 2019H2", dt.date(2019, 6, 21), dt.date(2019, 12, 21)),
    ("to-2019H2", "cumulative to 2019H2", None, dt.date(2019, 12, 21)),
]
# the whole form for a period: its two blocks
FORMS = {"2018H1": ("2018H1", "to-2018H1"), "2019H2": ("2019H2", "to-2019H2")}
HEADLINE = ("2018H1", "to-2019H2")  # the two blocks the issue asks about

FIRST_DAY, LAST_DAY = dt.date(2017, 1, 1), dt.date(2019, 12, 31)
STATUSES = [
    ("confirmed", 80),
    ("submitted", 8),
    ("draft", 6),
    ("returned", 3),
    ("superseded", 3),
]
PATHWAYS = [
    ("charity", 30),
    ("technology", 12),
    ("employment", 14),
    ("industry", 10),
    ("commerce", 22),
    ("other", 12),
]
WHAT = {
    "money_donation": "向村集体捐赠帮扶资金，用于贫困户产业发展和村内公益设施建设",
    "goods_donation": "为贫困户捐赠米面油、棉被和冬衣等生活物资",
    "schooling": "资助建档立卡贫困家庭在校学生，每人每学年发放助学金",
    "elderly": "慰问村内高龄和空巢老人，送去生活用品和慰问金",
    "disabled": "为残疾人家庭捐赠轮椅和康复器材，并开展上门康复服务",
    "medical": "组织医疗队义诊，为贫困户免费体检并捐赠常用药品",
    "training": "开展肉牛养殖和中药材种植实用技术培训，现场指导",
    "jobs": "在企业及产业链上下游安排贫困劳动力就业，签订劳动合同",
    "investment": "投资建设标准化养殖圈舍和种植基地，带动贫困户增收",
    "new_business": "在村内新办农产品加工企业，吸纳村民务工",
    "purchase": "与合作社签订购销协议，以购代捐采购杂粮和蔬菜",
    "consignment": "通过企业门店和线上渠道代销村内特色农产品",
    "processing": "委托村内合作社加工食用菌和中药材，按订单结算",
    "direct_channel": "开通农企直通车，村内农产品直供企业食堂",
    "ppp": "以政府和社会资本合作方式建设光伏扶贫电站",
    "cooperative": "领办农民专业合作社，贫困户以土地和资金入股分红",
    "entrepreneur": "扶持村内致富带头人创办家庭农场，提供资金和技术",
    "stationed_staff": "选派技术人员驻村帮扶，协助编制村产业发展规划",
    "ecommerce": "建设村级电商服务站，培训村民网上销售农产品",
    "volunteers": "组织志愿者开展支教、义务劳动和环境整治",
    "loan": "为贫困户和合作社提供低息贷款，支持发展养殖",
    "fund": "设立产业扶贫基金，对带贫企业给予贴息和奖补",
}

INDICATORS = [
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
    "households_reached",
    "people_reached",
]
MONEY = {"industry_investment", "charity", "money", "goods", "wages", "purchases", "loans"}


def _columns(names: str) -> tuple[str, ...]:
    return tuple(names.split())


ASSISTANCE_COLUMNS = _columns(
    "id created_at updated_at version number on period pathway kind description "
    "money_yuan goods_yuan persons_trained poor_trained jobs poor_jobs wages_yuan "
    "investment_yuan purchase_yuan loan_yuan loan_rate volunteer_hours "
    "households_reached trained_from_roster status submitted_at confirmed_at review_note "
    "confirmed_by_id county_id created_by_id helper_id pairing_id submitted_by_id "
    "township_id village_id corrects_id"
)
BENEFICIARY_COLUMNS = ("assistance_id", "household_id")
PROFILE_COLUMNS = _columns(
    "created_at updated_at version is_registered_poor registered_year exited_on "
    "households_total households_poor people_total people_poor labour_force "
    "arable_mu forest_mu grassland_mu main_industries resources tags distance_km "
    "has_workstation is_demonstration county_id village_id"
)
HELPER_COLUMNS = _columns(
    "created_at updated_at version name uscc kind industry strengths address "
    "capacity liaison_name liaison_phone initials"
)
HOUSEHOLD_COLUMNS = _columns(
    "id created_at updated_at version ref head_name head_initials id_number id_hash "
    "phone phone_hash size causes year_registered year_exited tech_help monitoring "
    "county_id village_id"
)
# the tables written raw, each with the columns its rows give (tests/bench: every column the
# database requires is among them, so a new field fails `make test`, not the benchmark)
RAW_TABLES = {
    "registry_villageprofile": PROFILE_COLUMNS,
    "helpers_helper": HELPER_COLUMNS,
    "registry_household": HOUSEHOLD_COLUMNS,
    "assistance_assistance": ASSISTANCE_COLUMNS,
    "assistance_beneficiary": BENEFICIARY_COLUMNS,
}


def say(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


# ------------------------------------------------------------------------------ the data


def _yuan(rng: random.Random, low: int, high: int) -> Decimal:
    """A log-uniform amount in yuan with fen, as records carry them."""
    value = low * (high / low) ** rng.random()
    return Decimal(round(value * 100)) / 100


def _measures(rng: random.Random, kind: str) -> dict:
    """The typed measures of one record of `kind` (the columns the model has)."""
    m: dict = {}
    if kind in ("money_donation", "schooling", "elderly", "disabled", "medical", "fund"):
        m["money_yuan"] = _yuan(rng, 500, 500_000)
        if kind in ("elderly", "disabled", "medical") and rng.random() < 0.5:
            m["goods_yuan"] = _yuan(rng, 300, 50_000)
    elif kind == "goods_donation":
        m["goods_yuan"] = _yuan(rng, 300, 200_000)
    elif kind == "training":
        m["persons_trained"] = rng.randint(8, 300)
        m["poor_trained"] = rng.randint(0, m["persons_trained"])
    elif kind == "jobs":
        m["jobs"] = rng.randint(1, 40)
        m["poor_jobs"] = rng.randint(0, m["jobs"])
        m["wages_yuan"] = _yuan(rng, 2_000, 40_000) * m["jobs"]
    elif kind in ("investment", "new_business", "ppp", "cooperative", "entrepreneur"):
        m["investment_yuan"] = _yuan(rng, 20_000, 20_000_000)
    elif kind in ("purchase", "consignment", "processing", "direct_channel", "ecommerce"):
        m["purchase_yuan"] = _yuan(rng, 2_000, 3_000_000)
    elif kind == "loan":
        m["loan_yuan"] = _yuan(rng, 20_000, 5_000_000)
        m["loan_rate"] = Decimal(rng.randint(0, 435)) / 100
    elif kind == "volunteers":
        m["volunteer_hours"] = rng.randint(4, 800)
    elif kind == "stationed_staff" and rng.random() < 0.5:
        m["money_yuan"] = _yuan(rng, 1_000, 50_000)
    return m


def _helpers(rng: random.Random, n: int, counties: list[str]) -> list[tuple]:
    from bangfu.core.identifiers.uscc import USCC_ALPHABET, make_uscc

    rows = []
    for i in range(n):
        code, k = "", i
        for _ in range(7):
            k, r = divmod(k, len(USCC_ALPHABET))
            code = USCC_ALPHABET[r] + code
        uscc = make_uscc(f"91{rng.choice(counties)}MA{code}")
        name = f"承德帮扶{i:03d}农业科技有限公司"
        rows.append(
            (NOW, NOW, 1, name, uscc, "private", "农业", "", "", 5, "王某", "13800000000", "")
        )
    return rows


def _insert(cur, table: str, columns: tuple[str, ...], rows, vendor: str) -> None:
    """Raw insert: SQLite executemany, PostgreSQL COPY FROM STDIN."""
    names = ", ".join(f'"{c}"' for c in columns)
    if vendor == "postgresql":
        with cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join("?" for _ in columns)
        cur.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def build(args: argparse.Namespace) -> dict:
    """Fill the scratch database; return what it holds and how long each part took."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from bangfu.core import crypto
    from bangfu.core.periods import period_of
    from bangfu.places.models import Division

    timings: dict[str, float] = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_divisions", verbosity=0)
    if getattr(args, "villages", 0):  # the province generator's synthetic villages
        from .province import add_villages

        add_villages(args.villages)
    timings["migrate + load_divisions"] = time.perf_counter() - started

    vendor = connection.vendor
    rng = random.Random(args.seed)
    villages = list(
        Division.objects.filter(level="village")
        .order_by("code")
        .values_list("id", "county_id", "parent_id", "county__code")
    )
    counties = sorted({v[3] for v in villages})
    county_ids = sorted({v[1] for v in villages})
    poor = set(rng.sample(range(len(villages)), len(villages) // 3))
    exited = set(rng.sample(sorted(poor), len(poor) // 6))

    started = time.perf_counter()
    with transaction.atomic():
        from bangfu.accounts.models import User

        officers = {
            cid: User.objects.create(username=f"bench_county_{cid}", role="county", county_id=cid)
            for cid in county_ids
        }
        raw = connection.connection
        cur = raw.cursor()
        profiles = []
        for i, (vid, cid, _tid, _cc) in enumerate(villages):
            total = rng.randint(150, 900)
            is_poor = i in poor
            profiles.append(
                (
                    NOW,
                    NOW,
                    1,
                    is_poor,
                    2014 if is_poor else None,
                    "2019-12-20" if i in exited else None,
                    total,
                    round(total * 0.2) if is_poor else 0,
                    total * 3,
                    round(total * 0.55) if is_poor else 0,
                    round(total * 1.6),
                    Decimal("1200.00"),
                    Decimal("3000.00"),
                    Decimal("500.00"),
                    "玉米种植,肉牛养殖",
                    "",
                    "",
                    Decimal("25.0"),
                    True,
                    False,
                    cid,
                    vid,
                )
            )
        _insert(
            cur,
            "registry_villageprofile",
            PROFILE_COLUMNS,
            profiles,
            vendor,
        )
        _insert(
            cur,
            "helpers_helper",
            HELPER_COLUMNS,
            _helpers(rng, args.helpers, counties),
            vendor,
        )
        cur.execute("SELECT id FROM helpers_helper ORDER BY id")
        helper_ids = [r[0] for r in cur.fetchall()]

        # households: evenly over the villages, ids 1..H
        enc = crypto.encrypt("130821198001011232")
        by_village: dict[int, list[tuple[int, int]]] = {}
        households = []
        for h in range(1, args.households + 1):
            vid, cid, _tid, _cc = villages[(h - 1) % len(villages)]
            size = rng.choices((1, 2, 3, 4, 5, 6), (25, 30, 20, 15, 7, 3))[0]
            by_village.setdefault(vid, []).append((h, size))
            households.append(
                (
                    h,
                    NOW,
                    NOW,
                    1,
                    f"H{h:010X}",
                    "王某某",
                    "wmm",
                    enc,
                    f"{h:064x}",
                    "",
                    "",
                    size,
                    ",illness," if h % 3 == 0 else ",skills,",
                    2015,
                    None,
                    h % 4 == 0,
                    "none",
                    cid,
                    vid,
                )
            )
        _insert(
            cur,
            "registry_household",
            HOUSEHOLD_COLUMNS,
            households,
            vendor,
        )
        del households
    timings["profiles, helpers, households"] = time.perf_counter() - started

    # the records, in date order
    started = time.perf_counter()
    poor_idx = sorted(poor)
    others = [i for i in range(len(villages)) if i not in poor]
    declared = {
        h: [
            rng.choice(poor_idx) if rng.random() < 0.8 else rng.choice(others)
            for _ in range(rng.randint(2, 7))
        ]
        for h in helper_ids
    }
    activity = [rng.paretovariate(1.5) for _ in helper_ids]  # a few busy helpers
    first, last = FIRST_DAY.toordinal(), LAST_DAY.toordinal()
    days = sorted(rng.randint(first, last) for _ in range(args.records))
    periods: dict[int, str] = {}
    statuses, s_weights = zip(*STATUSES, strict=True)
    pathways, p_weights = zip(*PATHWAYS, strict=True)
    from bangfu.assistance.models import KINDS_BY_PATHWAY

    kinds = {p: list(KINDS_BY_PATHWAY[p]) for p in pathways}
    counts = {"beneficiary links": 0, "confirmed": 0}
    batch_size = 20_000
    ben_columns = BENEFICIARY_COLUMNS
    rec_columns = ASSISTANCE_COLUMNS
    n = 0
    with transaction.atomic():
        cur = connection.connection.cursor()
        while n < args.records:
            rows, links = [], []
            chosen_helpers = rng.choices(helper_ids, activity, k=min(batch_size, args.records - n))
            for helper in chosen_helpers:
                day = days[n]
                n += 1
                if day not in periods:
                    periods[day] = period_of(dt.date.fromordinal(day)).code
                if rng.random() < 0.9:
                    vi = rng.choice(declared[helper])
                else:
                    vi = rng.randrange(len(villages))
                vid, cid, tid, _cc = villages[vi]
                pathway = rng.choices(pathways, p_weights)[0]
                kind = rng.choice(kinds[pathway])
                m = _measures(rng, kind)
                status = rng.choices(statuses, s_weights)[0]
                on = dt.date.fromordinal(day)
                reached = 0
                if rng.random() < 0.3:
                    pool = by_village.get(vid, [])
                    picks = rng.sample(pool, min(len(pool), rng.randint(1, 3)))
                    links += [(n, h) for h, _size in picks]
                    reached = len(picks)
                submitted = status in ("submitted", "returned", "confirmed", "superseded")
                confirmed = status in ("confirmed", "superseded")
                counts["confirmed"] += status == "confirmed"
                stamp = f"{on.isoformat()} 10:00:00"
                rows.append(
                    (
                        n,
                        stamp,
                        stamp,
                        1,
                        f"B{n:010X}",
                        on.isoformat(),
                        periods[day],
                        pathway,
                        kind,
                        WHAT[kind],
                        m.get("money_yuan", Decimal("0")),
                        m.get("goods_yuan", Decimal("0")),
                        m.get("persons_trained", 0),
                        m.get("poor_trained", 0),
                        m.get("jobs", 0),
                        m.get("poor_jobs", 0),
                        m.get("wages_yuan", Decimal("0")),
                        m.get("investment_yuan", Decimal("0")),
                        m.get("purchase_yuan", Decimal("0")),
                        m.get("loan_yuan", Decimal("0")),
                        m.get("loan_rate"),
                        m.get("volunteer_hours", 0),
                        reached or rng.choice((0, 0, rng.randint(1, 40))),
                        False,  # trained_from_roster
                        status,
                        stamp if submitted else None,
                        stamp if confirmed else None,
                        "请补充照片和收据" if status == "returned" else "",
                        officers[cid].pk if confirmed else None,
                        cid,
                        None,
                        helper,
                        None,
                        None,
                        tid,
                        vid,
                        None,
                    )
                )
            _insert(cur, "assistance_assistance", rec_columns, rows, vendor)
            _insert(cur, "assistance_beneficiary", ben_columns, links, vendor)
            counts["beneficiary links"] += len(links)
    timings["assistance records + links"] = time.perf_counter() - started

    started = time.perf_counter()
    with connection.cursor() as c:
        if vendor == "postgresql":
            for table in ("assistance_assistance", "assistance_beneficiary", "registry_household"):
                c.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
    with connection.cursor() as c:  # outside a transaction: Django's autocommit
        if vendor == "postgresql":
            c.execute("VACUUM ANALYZE")
        else:
            c.execute("ANALYZE")
            c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    timings["ANALYZE"] = time.perf_counter() - started

    with connection.cursor() as c:
        c.execute("SELECT count(*) FROM assistance_assistance")
        counts["records"] = c.fetchone()[0]
        c.execute("SELECT count(*) FROM registry_household")
        counts["households"] = c.fetchone()[0]
        c.execute(
            "SELECT count(*) FROM registry_household h WHERE EXISTS "
            "(SELECT 1 FROM assistance_beneficiary b WHERE b.household_id = h.id)"
        )
        counts["households with links"] = c.fetchone()[0]
        c.execute("SELECT count(*) FROM helpers_helper")
        counts["helpers"] = c.fetchone()[0]
        c.execute("SELECT count(*) FROM registry_villageprofile WHERE is_registered_poor")
        counts["poor villages"] = c.fetchone()[0]
        c.execute(
            "SELECT count(*) FROM assistance_assistance a WHERE a.county_id <> "
            "(SELECT v.county_id FROM places_division v WHERE v.id = a.village_id)"
        )
        if c.fetchone()[0]:
            raise SystemExit("bench: a record's county is not its village's")
    return {"timings": timings, "counts": counts}


def database_size() -> dict[str, int]:
    from django.conf import settings
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("SELECT pg_database_size(current_database())")
            out = {"database": c.fetchone()[0]}
            for table in ("assistance_assistance", "assistance_beneficiary", "registry_household"):
                c.execute("SELECT pg_total_relation_size(%s)", [table])
                out[table] = c.fetchone()[0]
        return out
    path = Path(settings.DATABASES["default"]["NAME"])
    out = {"database": sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))}
    with connection.cursor() as c:
        try:
            c.execute(
                "SELECT m.tbl_name, sum(d.pgsize) FROM dbstat d "
                "JOIN sqlite_master m ON m.name = d.name GROUP BY m.tbl_name"
            )
            rows = c.fetchall()
        except Exception:  # dbstat is optional in SQLite builds
            rows = []
    for table in ("assistance_assistance", "assistance_beneficiary", "registry_household"):
        if rows:
            out[table] = sum(size for name, size in rows if name == table)
    return out


# ------------------------------------------------------------------------------ the raw SQL


def _record_aggregates() -> str:
    return """
        COUNT(DISTINCT a.helper_id) AS helpers,
        COUNT(DISTINCT a.village_id) AS villages,
        COUNT(DISTINCT a.village_id) FILTER (WHERE p.is_registered_poor) AS poor_villages,
        COUNT(*) AS records,
        SUM(a.investment_yuan) AS industry_investment,
        SUM(a.money_yuan + a.goods_yuan) FILTER (WHERE a.pathway = 'charity') AS charity,
        SUM(a.money_yuan) AS money,
        SUM(a.goods_yuan) AS goods,
        SUM(a.persons_trained) AS persons_trained,
        SUM(a.poor_trained) AS poor_trained,
        SUM(a.jobs) AS jobs,
        SUM(a.poor_jobs) AS poor_jobs,
        SUM(a.wages_yuan) AS wages,
        SUM(a.purchase_yuan) AS purchases,
        SUM(a.loan_yuan) AS loans,
        SUM(a.volunteer_hours) AS volunteer_hours"""


def raw_sql(vendor: str, start: dt.date | None) -> str:
    """The one statement: per county (unit) and in total (is_total = 1), 18 figures."""
    where = "a.status = 'confirmed' AND a.\"on\" <= %(end)s"
    if start is not None:
        where += ' AND a."on" >= %(start)s'
    records = (
        "FROM assistance_assistance a "
        "LEFT JOIN registry_villageprofile p ON p.village_id = a.village_id "
        f"WHERE {where}"
    )
    reached = (
        "registry_household h WHERE h.id IN (SELECT b.household_id FROM assistance_beneficiary b "
        f"JOIN assistance_assistance a ON a.id = b.assistance_id WHERE {where})"
    )
    if vendor == "postgresql":
        return f"""
SELECT g.unit, g.is_total, {", ".join(f"g.{c}" for c in INDICATORS[:-2])},
       COALESCE(r.households_reached, 0), COALESCE(r.people_reached, 0)
FROM (SELECT a.county_id AS unit, GROUPING(a.county_id) AS is_total, {_record_aggregates()}
      {records}
      GROUP BY ROLLUP (a.county_id)) g
LEFT JOIN (SELECT h.county_id AS unit, GROUPING(h.county_id) AS is_total,
                  COUNT(*) AS households_reached, SUM(h.size) AS people_reached
           FROM {reached}
           GROUP BY ROLLUP (h.county_id)) r
  ON r.is_total = g.is_total AND r.unit IS NOT DISTINCT FROM g.unit"""
    return f"""
WITH reached AS (SELECT h.county_id, h.size FROM {reached})
SELECT g.unit, g.is_total, {", ".join(f"g.{c}" for c in INDICATORS[:-2])},
       COALESCE(r.households_reached, 0), COALESCE(r.people_reached, 0)
FROM (SELECT a.county_id AS unit, 0 AS is_total, {_record_aggregates()}
      {records}
      GROUP BY a.county_id
      UNION ALL
      SELECT NULL, 1, {_record_aggregates()}
      {records}) g
LEFT JOIN (SELECT county_id AS unit, 0 AS is_total, COUNT(*) AS households_reached,
                  SUM(size) AS people_reached FROM reached GROUP BY county_id
           UNION ALL
           SELECT NULL, 1, COUNT(*), SUM(size) FROM reached) r
  ON r.is_total = g.is_total AND r.unit IS g.unit"""


def _value(code: str, value) -> Decimal | int:
    if value is None:
        return FEN * 0 if code in MONEY else 0
    if code in MONEY:
        return Decimal(str(value)).quantize(FEN)
    return int(value)


def run_raw(vendor: str, start: dt.date | None, end: dt.date) -> dict:
    """{county id: figures, "total": figures} from the one statement."""
    from django.db import connection

    with connection.cursor() as c:
        c.execute(raw_sql(vendor, start), {"start": start, "end": end})
        rows = c.fetchall()
    out: dict = {}
    for unit, is_total, *values in rows:
        figures = {code: _value(code, v) for code, v in zip(INDICATORS, values, strict=True)}
        out["total" if is_total else unit] = figures
    return out


# ------------------------------------------------------------------------------ bangfu's side


def run_bangfu(start: dt.date | None, end: dt.date) -> dict:
    from bangfu.assistance import indicators

    records = indicators.counted_records(start=start, end=end)
    by_unit, total = indicators.figures_and_total(records, "county")
    out: dict = dict(by_unit)
    out["total"] = total
    return out


def run_form(period: str):
    from bangfu.assistance.io.statistics import statistics_table

    return statistics_table(period=period)


def _form_figures(table) -> dict[str, dict]:
    """The blocks of a StatisticsTable as {block key: {county id | "total": figures}}."""
    out = {}
    for key, block in zip(FORMS[table.period.code], table.blocks, strict=True):
        figures = {unit.pk: f for unit, f in block.rows}
        figures["total"] = block.total
        out[key] = figures
    return out


def compare(ours: dict, theirs: dict, vendor: str, what: str) -> dict:
    """Every figure of every unit: equal (money to the fen on SQLite). Raises on a mismatch."""
    worst = Decimal("0")
    units = set(ours) | set(theirs)
    for unit in units:
        a, b = ours.get(unit), theirs.get(unit)
        if a is None or b is None:  # a county without confirmed records is a zero row
            present = a if a is not None else b
            if any(present[c] for c in INDICATORS):
                raise SystemExit(f"bench: {what}: unit {unit} only on one side: {present}")
            continue
        for code in INDICATORS:
            if a[code] == b[code]:
                continue
            if code in MONEY and vendor == "sqlite" and abs(a[code] - b[code]) < FEN:
                worst = max(worst, abs(a[code] - b[code]))
                continue
            raise SystemExit(f"bench: {what}: {code} of {unit}: bangfu {a[code]} ≠ raw {b[code]}")
    return {"units": len(units), "figures": len(units) * len(INDICATORS), "worst": str(worst)}


def _timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    out = fn()
    return time.perf_counter() - started, out


def duel(a, b) -> tuple[float, float, object, object]:
    """One warm-up each, then ROUNDS rounds alternating a and b: (best a, best b, outputs)."""
    out_a, out_b = a(), b()
    best_a = best_b = float("inf")
    for _ in range(ROUNDS):
        t, out_a = _timed(a)
        best_a = min(best_a, t)
        t, out_b = _timed(b)
        best_b = min(best_b, t)
    return best_a, best_b, out_a, out_b


# ------------------------------------------------------------------------------ diagnosis


def captured_queries(fn) -> list[dict]:
    """The SQL queries fn runs, each timed again on its own: execute and read every row
    (best of 3: sqlite3 computes a grouped query's later rows while they are read)."""
    from django.db import connection

    queries: list[dict] = []

    def wrapper(execute, sql, params, many, context):
        queries.append({"sql": sql, "params": params})
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        fn()
    for q in queries:
        best = float("inf")
        for _ in range(3):
            with connection.cursor() as c:
                started = time.perf_counter()
                c.execute(q["sql"], q["params"])
                c.fetchall()
                best = min(best, time.perf_counter() - started)
        q["seconds"] = best
    return queries


def explain(sql: str, params) -> str:
    from django.db import connection

    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            return "\n".join(r[0] for r in c.fetchall())
        c.execute("EXPLAIN QUERY PLAN " + sql, params)
        rows = c.fetchall()
    depth: dict[int, int] = {0: -1}
    lines = []
    for node, parent, _unused, detail in rows:
        depth[node] = depth.get(parent, -1) + 1
        lines.append("  " * depth[node] + detail)
    return "\n".join(lines)


def _short(sql: str) -> str:
    sql = re.sub(r'"([a-z_0-9]+)"', r"\1", sql)
    sql = re.sub(r"\s+", " ", sql).strip()
    head = sql[:150]
    return head + ("…" if len(sql) > 150 else "")


def profile(fn) -> str:
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    fn()
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("tottime").print_stats(12)
    shown = text.getvalue()
    for prefix in sorted({*sys.path, str(Path.cwd())}, key=len, reverse=True):
        if prefix and len(prefix) > 1:
            shown = shown.replace(prefix.rstrip("/") + "/", "")
    return re.sub(r"\n{3,}", "\n\n", shown).strip()


# ------------------------------------------------------------------------------ the child


def child(args: argparse.Namespace) -> dict:
    import django

    django.setup()
    from django.db import connection

    vendor = connection.vendor
    begun = time.perf_counter()
    say(f"bench[{vendor}]: building {args.records:,} records …")
    built = build(args)
    built["size"] = database_size()
    say(f"bench[{vendor}]: built in {sum(built['timings'].values()):.0f} s; timing …")
    load_before = os.getloadavg()

    from bangfu.places.models import Division

    names = dict(Division.objects.filter(level="county").values_list("pk", "code"))
    results: dict = {"blocks": {}, "forms": {}, "diagnosis": {}}
    outputs: dict = {}
    for key, label, start, end in BLOCKS:
        t_a, t_b, ours, theirs = duel(
            lambda s=start, e=end: run_bangfu(s, e), lambda s=start, e=end: run_raw(vendor, s, e)
        )
        check = compare(ours, theirs, vendor, label)
        outputs[key] = theirs
        total = theirs["total"]
        results["blocks"][key] = {
            "label": label,
            "bangfu": t_a,
            "raw": t_b,
            "check": check,
            "total": {k: str(v) for k, v in total.items()},
        }
        say(f"bench[{vendor}]: {label}: bangfu {t_a:.3f} s, raw {t_b:.3f} s = {t_a / t_b:.2f}×")

    for period, keys in FORMS.items():
        starts = {k: (s, e) for k, _l, s, e in BLOCKS}

        def both_raw(keys=keys, starts=starts):
            return {k: run_raw(vendor, *starts[k]) for k in keys}

        t_a, t_b, table, theirs = duel(lambda p=period: run_form(p), both_raw)
        ours = _form_figures(table)
        checks = [compare(ours[k], theirs[k], vendor, f"form {period} {k}") for k in keys]
        results["forms"][period] = {
            "bangfu": t_a,
            "raw": t_b,
            "rows": [len(b.rows) for b in table.blocks],
            "figures": sum(c["figures"] for c in checks),
            "worst": str(max(Decimal(c["worst"]) for c in checks)),
        }
        say(f"bench[{vendor}]: form {period}: bangfu {t_a:.3f} s, raw {t_b:.3f} s")

    # accepted periods: every county's filing accepted (the period locked, its figures
    # frozen), then the form read from the snapshots against the raw statements
    from bangfu.assistance.io.frozen import frozen_blocks
    from bangfu.assistance.io.scope import Scope
    from bangfu.assistance.services.locks import period_lock
    from bangfu.core.periods import parse_period

    results["frozen"] = {}
    for period, keys in FORMS.items():
        starts = {k: (s, e) for k, _l, s, e in BLOCKS}
        started = time.perf_counter()
        for county in Division.objects.filter(level="county"):
            period_lock(user=None, county=county, period=period)
        freeze = time.perf_counter() - started
        if frozen_blocks(Scope(), parse_period(period)) is None:
            raise SystemExit(f"bench: {period} was not frozen")

        def both_raw(keys=keys, starts=starts):
            return {k: run_raw(vendor, *starts[k]) for k in keys}

        t_a, t_b, table, theirs = duel(lambda p=period: run_form(p), both_raw)
        ours = _form_figures(table)
        checks = [compare(ours[k], theirs[k], vendor, f"frozen {period} {k}") for k in keys]
        results["frozen"][period] = {
            "bangfu": t_a,
            "raw": t_b,
            "freeze": freeze,
            "rows": [len(b.rows) for b in table.blocks],
            "figures": sum(c["figures"] for c in checks),
            "worst": str(max(Decimal(c["worst"]) for c in checks)),
        }
        say(f"bench[{vendor}]: frozen form {period}: bangfu {t_a:.3f} s, raw {t_b:.3f} s")

    # where bangfu's time goes, for the headline blocks
    for key, label, start, end in BLOCKS:
        if key not in HEADLINE:
            continue
        queries = captured_queries(lambda s=start, e=end: run_bangfu(s, e))
        wall, _out = _timed(lambda s=start, e=end: run_bangfu(s, e))
        diagnosis = {
            "label": label,
            "wall": wall,
            "queries": [
                {
                    "sql": _short(q["sql"]),
                    "seconds": q["seconds"],
                    "plan": explain(q["sql"], q["params"]),
                }
                for q in queries
            ],
            "raw_plan": explain(raw_sql(vendor, start), {"start": start, "end": end}),
            "profile": profile(lambda s=start, e=end: run_bangfu(s, e)),
        }
        results["diagnosis"][key] = diagnosis

    results["load"] = [load_before, os.getloadavg()]
    results["counties"] = {str(k): v for k, v in names.items()}
    results["build"] = built
    results["machine"] = machine(vendor)
    results["seconds"] = time.perf_counter() - begun
    results["started"] = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    return results


def machine(vendor: str) -> dict[str, str]:
    import django
    from django.db import connection

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "?",
    )
    mem = next(
        (
            f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "?",
    )
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    with connection.cursor() as c:
        if vendor == "postgresql":
            c.execute("SHOW server_version")
            version = c.fetchone()[0].split()[0]
            settings = []
            for name in ("shared_buffers", "work_mem", "max_parallel_workers_per_gather", "jit"):
                c.execute(f"SHOW {name}")
                settings.append(f"{name}={c.fetchone()[0]}")
            db = f"PostgreSQL {version} (scratch database; {', '.join(settings)})"
        else:
            c.execute("SELECT sqlite_version()")
            version = c.fetchone()[0]
            c.execute("PRAGMA cache_size")
            cache = c.fetchone()[0]
            db = f"SQLite {version} (scratch file, WAL, synchronous=NORMAL, cache_size={cache})"
    return {
        "machine": f"{cpu}, {nproc} CPUs, {mem}; {platform.system()} {platform.release()}",
        "software": f"Python {platform.python_version()}, Django {django.get_version()}",
        "database": db,
    }


# ------------------------------------------------------------------------------ the parent


def _key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def _env(scratch: Path, database_url: str) -> dict[str, str]:
    """bangfu's settings for the child: the scratch database, DEBUG off, throw-away keys."""
    env = {**os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="bangfu.settings",
        BANGFU_VAR_DIR=str(scratch),
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        FIELD_ENCRYPTION_KEYS=_key(),
        FIELD_HASH_KEY=_key(),
        AUDIT_MAC_KEY=_key(),
        LOG_LEVEL="WARNING",
        CONN_MAX_AGE="0",
    )
    return env


def _child(args: argparse.Namespace, env: dict[str, str]) -> dict:
    command = [
        sys.executable,
        "-m",
        "bench.statistics",
        "--child",
        "--records",
        str(args.records),
        "--households",
        str(args.households),
        "--helpers",
        str(args.helpers),
        "--seed",
        str(args.seed),
    ]
    done = subprocess.run(
        command,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    if done.returncode:
        raise SystemExit(f"bench: the child failed ({done.returncode})")
    line = next(line for line in done.stdout.splitlines() if line.startswith(MARK))
    return json.loads(line.removeprefix(MARK))


def measure(args: argparse.Namespace, vendor: str) -> dict:
    scratch = Path(tempfile.mkdtemp(prefix="bangfu-bench-statistics-"))
    try:
        if vendor == "sqlite":
            return _child(args, _env(scratch, f"sqlite:///{scratch / 'bench.sqlite3'}"))
        import psycopg
        from psycopg import sql

        parts = urlsplit(args.postgres)
        if parts.scheme not in {"postgres", "postgresql"}:
            raise SystemExit("--postgres wants a postgres:// URL")
        dbname = f"bangfu_bench_{secrets.token_hex(4)}"
        with psycopg.connect(args.postgres, autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
        try:
            url = urlunsplit(parts._replace(path="/" + dbname))
            facts = _child(args, _env(scratch, url))
            facts["dbname"] = dbname
            return facts
        finally:
            if args.keep:
                say(f"bench: scratch database {dbname} kept")
            else:
                with psycopg.connect(args.postgres, autocommit=True) as admin:
                    admin.execute(
                        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                            sql.Identifier(dbname)
                        )
                    )
    finally:
        if args.keep:
            say(f"bench: scratch directory {scratch} kept")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f} MB"


def section(vendor: str, facts: dict, args: argparse.Namespace) -> str:
    name = "PostgreSQL" if vendor == "postgresql" else "SQLite"
    m, built = facts["machine"], facts["build"]
    counts, size = built["counts"], built["size"]
    lines = [
        f"## {name} — {facts['started']}",
        "",
        f"- machine: {m['machine']}",
        f"- software: {m['software']}",
        f"- database: {m['database']}",
        f"- data: {counts['records']:,} assistance records ({counts['confirmed']:,} confirmed), "
        f"{counts['beneficiary links']:,} beneficiary links, {counts['households']:,} households "
        f"({counts['households with links']:,} of them reached), {counts['helpers']:,} helpers, "
        f"1,638 villages ({counts['poor villages']:,} registered poor)",
        "- generation: "
        + ", ".join(f"{k} {v:,.1f} s" for k, v in built["timings"].items())
        + f" (total {sum(built['timings'].values()):,.0f} s)",
        "- size: "
        + ", ".join(f"{k} {_mb(v)}" for k, v in size.items())
        + " (tables with their indexes)",
        f"- whole run: {facts['seconds']:,.0f} s; load average (1, 5, 15 min) "
        + " → ".join("/".join(f"{x:.1f}" for x in load) for load in facts["load"])
        + " before → after the timings (other processes share the machine)",
        "",
        "| attachment 7, programme, per county + total | bangfu | raw SQL (one statement) "
        f"| bangfu ÷ raw | ≤ {GOAL}× | figures equal |",
        "| --- | ---: | ---: | ---: | :---: | --- |",
    ]
    for key, _label, _s, _e in BLOCKS:
        r = facts["blocks"][key]
        ratio = r["bangfu"] / r["raw"]
        mark = "**" if key in HEADLINE else ""
        worst = f" (money within {r['check']['worst']} yuan)" if r["check"]["worst"] != "0" else ""
        lines.append(
            f"| {mark}{r['label']}{mark} (`figures_and_total`) | {_ms(r['bangfu'])} "
            f"| {_ms(r['raw'])} | {mark}{ratio:.2f}×{mark} | {'yes' if ratio <= GOAL else 'no'} "
            f"| {r['check']['figures']} figures ({r['check']['units']} rows){worst} |"
        )
    for period, r in facts["forms"].items():
        ratio = r["bangfu"] / r["raw"]
        worst = f" (money within {r['worst']} yuan)" if r["worst"] != "0" else ""
        lines.append(
            f'| `statistics_table(period="{period}")`: 本期 + 累计, {r["rows"][0]} rows each '
            f"| {_ms(r['bangfu'])} | {_ms(r['raw'])} (2 statements) | {ratio:.2f}× "
            f"| {'yes' if ratio <= GOAL else 'no'} | {r['figures']} figures{worst} |"
        )
    for period, r in facts.get("frozen", {}).items():
        ratio = r["bangfu"] / r["raw"]
        worst = f" (money within {r['worst']} yuan)" if r["worst"] != "0" else ""
        lines.append(
            f'| accepted: `statistics_table(period="{period}")` from the frozen figures '
            f"(frozen in {_ms(r['freeze'])} for 5 counties) | {_ms(r['bangfu'])} "
            f"| {_ms(r['raw'])} (2 statements) | {ratio:.2f}× | {'yes' if ratio <= 0.5 else 'no'} "
            f"(goal ≤ 0.5×) | {r['figures']} figures{worst} |"
        )
    total = facts["blocks"]["to-2019H2"]["total"]
    lines += [
        "",
        "Programme totals, cumulative to 2019H2: "
        + ", ".join(f"{k} {v}" for k, v in total.items())
        + ".",
        "",
    ]
    for d in facts["diagnosis"].values():
        spent = sum(q["seconds"] for q in d["queries"])
        lines += [
            f"### Where bangfu's time goes: {d['label']}",
            "",
            f"One run: {_ms(d['wall'])}; {len(d['queries'])} SQL queries taking {_ms(spent)} "
            f"when each is run on its own (execute and read the rows); the rest, "
            f"{_ms(max(0.0, d['wall'] - spent))}, is Python (building the queries, "
            "converting the rows).",
            "",
            "| # | query | time |",
            "| ---: | --- | ---: |",
        ]
        for i, q in enumerate(d["queries"], 1):
            lines.append(f"| {i} | `{q['sql'].replace('|', '¦')}` | {_ms(q['seconds'])} |")
        lines += [""]
        for i, q in enumerate(d["queries"], 1):
            lines += [
                f"<details><summary>plan of query {i}</summary>",
                "",
                "```",
                q["plan"],
                "```",
                "",
                "</details>",
            ]
        lines += [
            "<details><summary>plan of the raw statement</summary>",
            "",
            "```",
            d["raw_plan"],
            "```",
            "",
            "</details>",
            "<details><summary>cProfile of one bangfu run (by own time)</summary>",
            "",
            "```",
            d["profile"],
            "```",
            "",
            "</details>",
            "",
        ]
    return "\n".join(lines) + "\n"


def write_results(sections: dict[str, str], args: argparse.Namespace) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"statistics-{time.strftime('%Y-%m-%d')}.md"
    head = (
        "# Attachment 7 over a million assistance records, next to one raw SQL statement\n\n"
        f"`python -m bench.statistics --records {args.records} --households {args.households} "
        f"--helpers {args.helpers}` (bench/statistics.py says how). Best of {ROUNDS} after a "
        "warm-up, the two sides alternating, in one child process per database; the figures "
        "of both sides compared unit by unit. Goal: bangfu ≤ 1.3× the raw statement.\n\n"
    )
    text = path.read_text(encoding="utf-8") if path.exists() else head
    for key, body in sections.items():
        block = f"<!-- bench:{key} -->\n{body}<!-- /bench:{key} -->\n"
        pattern = re.compile(rf"<!-- bench:{key} -->\n.*?<!-- /bench:{key} -->\n", re.S)
        text = pattern.sub(lambda _m, b=block: b, text) if pattern.search(text) else text + block
    path.write_text(text, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.statistics", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--households", type=int, default=50_000)
    parser.add_argument("--helpers", type=int, default=300)
    parser.add_argument("--seed", type=int, default=20170420)
    parser.add_argument(
        "--databases",
        nargs="+",
        choices=("sqlite", "postgresql"),
        default=["sqlite", "postgresql"],
    )
    parser.add_argument(
        "--postgres",
        metavar="URL",
        default=os.environ.get("BENCH_POSTGRES", DEFAULT_PG),
        help=f"PostgreSQL server URL, its maintenance database (default {DEFAULT_PG})",
    )
    parser.add_argument("--no-results", action="store_true", help="do not write bench/results/")
    parser.add_argument(
        "--keep", action="store_true", help="keep the scratch directory and PostgreSQL database"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        sys.stdout.write(MARK + json.dumps(child(args)) + "\n")
        return 0
    sections = {}
    for vendor in args.databases:
        facts = measure(args, vendor)
        sections[vendor] = section(vendor, facts, args)
        sys.stdout.write(sections[vendor] + "\n")
    if not args.no_results:
        say(f"bench: results written to {write_results(sections, args)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
